using System.Text;
using Sylvan.Data.Csv;

namespace Habatan.Members.Imports.Files;

// RFC 4180 CSV in UTF-8 (with or without BOM), comma-separated, quoted fields may hold commas,
// quotes ("") and line breaks. Sylvan parses; the row number counts records, as a spreadsheet
// opening the file would show them. Bytes that are not UTF-8 (a Shift_JIS export) fail the file
// rather than turning into replacement characters that would then look like "text".
public sealed class CsvImportFile : IImportFile
{
    private readonly CsvDataReader _reader;

    private CsvImportFile(CsvDataReader reader)
    {
        _reader = reader;
        Headers = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    public IReadOnlyList<string> Headers { get; }

    public static CsvImportFile Open(Stream file)
    {
        var text = new StreamReader(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        try
        {
            var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', Quote = '"', OwnsReader = true, BufferSize = 1 << 16 };
            return new CsvImportFile(CsvDataReader.Create(text, options));
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(ex);
        }
        catch (CsvMissingHeadersException ex)
        {
            throw new ImportFileException("ファイルが空です。1行目に見出し（列名）が必要です。", ex);
        }
    }

    public IEnumerable<ImportRow> Rows()
    {
        var number = 1;
        while (Read())
        {
            number++;
            var cells = new ImportCell[Headers.Count];
            var present = Math.Min(_reader.RowFieldCount, Headers.Count);
            for (var i = 0; i < cells.Length; i++) cells[i] = i < present ? new ImportCell(_reader.GetString(i), CellKind.Plain) : ImportCell.Empty;
            yield return new ImportRow(number, cells, Math.Max(0, _reader.RowFieldCount - Headers.Count));
        }
    }

    private bool Read()
    {
        try
        {
            return _reader.Read();
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(ex);
        }
        catch (CsvFormatException ex)
        {
            throw new ImportFileException($"CSVの形式が正しくありません（{ex.RowNumber}件目付近）。引用符（\"）の閉じ忘れがないか確認してください。", ex);
        }
    }

    private static ImportFileException NotUtf8(Exception ex) =>
        new("ファイルがUTF-8ではありません。「CSV UTF-8（コンマ区切り）」で保存し直してください。", ex);

    public void Dispose() => _reader.Dispose();
}
