namespace Habatan.Members.Imports.Files;

// Counts the fields of each CSV record as the text streams by (commas outside quotes, reset at
// a line break outside quotes) and refuses a record with more than maxFields. Sylvan's work for
// one record grows with the square of its fields (a line of 30,000 empty fields costs 160 MB);
// no layout of ours has more than seven.
internal sealed class CsvFieldGuard(TextReader inner, int maxFields) : TextReader
{
    private bool _quoted;
    private int _fields = 1;
    private int _row = 1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        foreach (var c in buffer[..read])
        {
            if (c == '"')
                _quoted = !_quoted;
            else if (_quoted)
                continue;
            else if (c == '\n')
            {
                _fields = 1;
                _row++;
            }
            else if (c == ',' && ++_fields > maxFields)
            {
                throw new ImportFileException(
                    $"1行の列が多すぎます（{maxFields}列まで）。区切りのコンマが多すぎないか確認してください。",
                    null,
                    _row,
                    "行"
                );
            }
        }
        return read;
    }

    public override int Peek() => throw new NotSupportedException();

    public override int Read() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
