namespace Habatan.Members.Imports;

// Collects every bad cell of a file without holding them all in memory: a file of a million
// bad rows has millions of them. The first few stay in memory for the response; all of them
// go to a temporary file, from which the full report is stored once the file is rejected.
public sealed class ImportErrorSink : IDisposable
{
    public const int KeptInResponse = 100;
    private const int MaxValueLength = 200;
    private readonly List<ImportCellError> _first = [];
    private FileStream? _spill;
    private BinaryWriter? _writer;

    public int Count { get; private set; }

    public IReadOnlyList<ImportCellError> First => _first;

    public void Add(int row, string column, string? value, string reason)
    {
        var error = new ImportCellError(
            row,
            column,
            value is { Length: > MaxValueLength } ? value[..MaxValueLength] + "…" : value,
            reason
        );
        Count++;
        if (_first.Count < KeptInResponse)
            _first.Add(error);
        _writer ??= new BinaryWriter(_spill = TemporaryFiles.Create());
        _writer.Write(error.Row);
        _writer.Write(error.Column);
        _writer.Write(error.Value is not null);
        _writer.Write(error.Value ?? "");
        _writer.Write(error.Reason);
    }

    public IEnumerable<ImportCellError> All()
    {
        if (_writer is null || _spill is null)
            yield break;
        _writer.Flush();
        _spill.Position = 0;
        using var reader = new BinaryReader(_spill, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Count; i++)
        {
            var row = reader.ReadInt32();
            var column = reader.ReadString();
            var hasValue = reader.ReadBoolean();
            var value = reader.ReadString();
            yield return new ImportCellError(row, column, hasValue ? value : null, reader.ReadString());
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _spill?.Dispose();
    }
}
