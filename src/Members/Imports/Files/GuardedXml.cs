using System.Text;
using System.Xml;

namespace Habatan.Members.Imports.Files;

// An XmlReader over one .xlsx part that refuses what no spreadsheet holds: a DTD or entity
// (no expansion, no external fetch), nesting deeper than a sheet's, a tag or text longer than
// any cell (checked on the bytes, before the reader buffers them), or text longer than a cell.
internal sealed class GuardedXml : IDisposable
{
    private readonly XmlReader _reader;
    private readonly ImportFileLimits _limits;

    public GuardedXml(Stream part, ImportFileLimits limits)
    {
        _limits = limits;
        _reader = XmlReader.Create(
            new MarkupGuardStream(part, limits.MaxTokenBytes),
            new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersFromEntities = 1024,
                MaxCharactersInDocument = limits.MaxPartBytes,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CloseInput = true,
            }
        );
    }

    public int Depth => _reader.Depth;

    public bool IsEmptyElement => _reader.IsEmptyElement;

    public bool IsStart(string localName) => _reader.NodeType == XmlNodeType.Element && _reader.LocalName == localName;

    public bool IsElement => _reader.NodeType == XmlNodeType.Element;

    public string LocalName => _reader.LocalName;

    public string? Attribute(string localName)
    {
        if (!_reader.HasAttributes)
            return null;
        for (var i = 0; i < _reader.AttributeCount; i++)
        {
            _reader.MoveToAttribute(i);
            if (_reader.LocalName == localName && (_reader.NamespaceURI.Length == 0 || localName == "id"))
            {
                var value = _reader.Value;
                _reader.MoveToElement();
                return value;
            }
        }
        _reader.MoveToElement();
        return null;
    }

    public bool Read()
    {
        if (!_reader.Read())
            return false;
        if (_reader.Depth > _limits.MaxXmlDepth)
            throw Malformed($"要素の入れ子が深すぎます（{_limits.MaxXmlDepth}段まで）");
        return true;
    }

    // The text of the current element (its text nodes, at any depth), which it consumes to its end tag.
    public string ReadText(int row, string cell)
    {
        if (_reader.IsEmptyElement)
            return "";
        var depth = _reader.Depth;
        // One text node is the rule: its string is the value, copied nowhere.
        string? first = null;
        StringBuilder? more = null;
        while (Read() && _reader.Depth > depth)
        {
            if (
                _reader.NodeType
                is not (
                    XmlNodeType.Text
                    or XmlNodeType.CDATA
                    or XmlNodeType.Whitespace
                    or XmlNodeType.SignificantWhitespace
                )
            )
                continue;
            if (first is null)
                first = _reader.Value;
            else
                (more ??= new StringBuilder(first)).Append(_reader.Value);
            if ((more?.Length ?? first.Length) > _limits.MaxCellChars)
                throw TooLong(row, cell);
        }
        return more?.ToString() ?? first ?? "";
    }

    // A string item (<si>, <is>): its own <t>, or its rich-text runs' <t>s. Not the phonetic
    // reading (<rPh>) Japanese Excel stores beside a typed name, which would be glued onto it.
    public string ReadStringItem(int row, string cell)
    {
        if (_reader.IsEmptyElement)
            return "";
        var depth = _reader.Depth;
        string? own = null;
        StringBuilder? runs = null;
        string? child = null;
        while (Read() && _reader.Depth > depth)
        {
            if (_reader.NodeType != XmlNodeType.Element)
                continue;
            if (_reader.Depth == depth + 1)
            {
                child = _reader.LocalName;
                if (child == "t")
                    own ??= ReadText(row, cell);
            }
            else if (_reader.Depth == depth + 2 && child == "r" && _reader.LocalName == "t")
            {
                (runs ??= new()).Append(ReadText(row, cell));
                if (runs.Length > _limits.MaxCellChars)
                    throw TooLong(row, cell);
            }
        }
        return own ?? runs?.ToString() ?? "";
    }

    public ImportFileException TooLong(int row, string cell) =>
        new($"セルの文字数が多すぎます（{_limits.MaxCellChars}文字まで、Excelのセルと同じ）。", null, row, cell);

    public static ImportFileException Malformed(string what) =>
        new($"Excelファイルの構造が正しくありません（{what}）。Excelで開いて .xlsx 形式で保存し直してください。");

    public void Dispose() => _reader.Dispose();
}
