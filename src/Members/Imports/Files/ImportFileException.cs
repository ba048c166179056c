namespace Habatan.Members.Imports.Files;

// The file as a whole cannot be read (not UTF-8, a broken archive, no sheet, a limit passed).
// The message is for ops, in Japanese, and names no cell content; Row and Column say where,
// when it is one place (row 0: the file).
public sealed class ImportFileException(
    string message,
    Exception? inner = null,
    int row = 0,
    string column = "ファイル"
) : Exception(message, inner)
{
    public int Row { get; } = row;

    public string Column { get; } = column;
}
