namespace Habatan.Members.Imports.Files;

// The file as a whole cannot be read (not UTF-8, a broken archive, no sheet). The message is
// for ops, in Japanese, and names no cell content.
public sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner);
