namespace Habatan.Members.Imports.Files;

// Passes an XML part through and refuses it when more than maxRun bytes go by without a '<'.
// Every tag starts with one and no text or attribute may hold one unescaped, so the longest run
// bounds the longest token; an XmlReader buffers a whole token, so this bounds its memory.
internal sealed class MarkupGuardStream(Stream inner, int maxRun) : Stream
{
    private long _run;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        var rest = buffer[..read];
        while (true)
        {
            var open = rest.IndexOf((byte)'<');
            _run += open < 0 ? rest.Length : open;
            if (_run > maxRun)
                throw GuardedXml.Malformed($"区切りのないデータが {maxRun / 1024}KB を超えています");
            if (open < 0)
                return read;
            _run = 0;
            rest = rest[(open + 1)..];
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
