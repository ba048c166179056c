using System.Text;
using Sylvan.Data.Csv;

namespace Habatan.Members.Imports.Files;

// RFC 4180 CSV in UTF-8 (with or without BOM), comma-separated, quoted fields may hold commas,
// quotes ("") and line breaks. Sylvan parses; the row number counts records, as a spreadsheet
// opening the file would show them. Bytes that are not UTF-8 (a Shift_JIS export) fail the file
// rather than turning into replacement characters that would then look like "text". Sylvan's
// buffer holds one record and never grows, so a line of 100 MB is refused after 64 K characters.
public sealed class CsvImportFile : IImportFile
{
    private readonly CsvDataReader _reader;
    private readonly ImportFileLimits _limits;

    private CsvImportFile(CsvDataReader reader, ImportFileLimits limits)
    {
        _reader = reader;
        _limits = limits;
        if (reader.FieldCount > limits.MaxHeaderColumns)
            throw new ImportFileException(
                $"見出しの列が多すぎます（{reader.FieldCount}列、{limits.MaxHeaderColumns}列まで）。不要な列を削除してください。",
                null,
                1,
                "見出し"
            );
        Headers = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        foreach (var header in Headers)
            if (header.Length > limits.MaxCellChars)
                throw TooLong(1, "見出し");
    }

    public IReadOnlyList<string> Headers { get; }

    public static CsvImportFile Open(Stream file, ImportFileLimits? limits = null)
    {
        limits ??= ImportFileLimits.Default;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var text = new StreamReader(file, utf8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        try
        {
            var options = new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = ',',
                Quote = '"',
                OwnsReader = true,
                BufferSize = limits.MaxRecordChars,
                MaxBufferSize = null,
            };
            var guarded = new CsvFieldGuard(text, limits.MaxFieldsPerRecord);
            return new CsvImportFile(CsvDataReader.Create(guarded, options), limits);
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(ex);
        }
        catch (CsvMissingHeadersException ex)
        {
            throw new ImportFileException("ファイルが空です。1行目に見出し（列名）が必要です。", ex);
        }
        catch (CsvRecordTooLargeException ex)
        {
            throw RecordTooLarge(ex, 1, limits);
        }
        catch (CsvFormatException ex)
        {
            throw BadFormat(ex);
        }
    }

    public IEnumerable<ImportRow> Rows()
    {
        var number = 1;
        while (Read(number + 1))
        {
            number++;
            if (number - 1 > _limits.MaxCsvRows)
                throw new ImportFileException(
                    $"行が多すぎます（{_limits.MaxCsvRows}行まで）。ファイルを分けて取り込んでください。",
                    null,
                    number,
                    "行"
                );
            var cells = new ImportCell[Headers.Count];
            var present = Math.Min(_reader.RowFieldCount, Headers.Count);
            for (var i = 0; i < cells.Length; i++)
            {
                if (i >= present)
                {
                    cells[i] = ImportCell.Empty;
                    continue;
                }
                var value = _reader.GetString(i);
                if (value.Length > _limits.MaxCellChars)
                    throw TooLong(number, Headers[i]);
                cells[i] = new ImportCell(value, CellKind.Plain);
            }
            yield return new ImportRow(number, cells, Math.Max(0, _reader.RowFieldCount - Headers.Count));
        }
    }

    private bool Read(int number)
    {
        try
        {
            return _reader.Read();
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(ex);
        }
        catch (CsvRecordTooLargeException ex)
        {
            throw RecordTooLarge(ex, number, _limits);
        }
        catch (CsvFormatException ex)
        {
            throw BadFormat(ex);
        }
    }

    private static ImportFileException BadFormat(CsvFormatException ex) =>
        new(
            $"CSVの形式が正しくありません（{ex.RowNumber}件目付近）。引用符（\"）の閉じ忘れがないか確認してください。",
            ex
        );

    private static ImportFileException NotUtf8(Exception ex) =>
        new("ファイルがUTF-8ではありません。「CSV UTF-8（コンマ区切り）」で保存し直してください。", ex);

    private static ImportFileException RecordTooLarge(Exception ex, int row, ImportFileLimits limits) =>
        new(
            $"1行が長すぎます（{limits.MaxRecordChars / 1024}K文字まで）。引用符（\"）の閉じ忘れで行がつながっていないか確認してください。",
            ex,
            row,
            "行"
        );

    private ImportFileException TooLong(int row, string column) =>
        new($"セルの文字数が多すぎます（{_limits.MaxCellChars}文字まで、Excelのセルと同じ）。", null, row, column);

    public void Dispose() => _reader.Dispose();
}
