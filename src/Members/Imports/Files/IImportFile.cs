namespace Habatan.Members.Imports.Files;

// A file being read row by row; nothing holds more than one row at a time.
public interface IImportFile : IDisposable
{
    IReadOnlyList<string> Headers { get; }

    IEnumerable<ImportRow> Rows();
}
