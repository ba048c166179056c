using System.Text;
using CsCheck;
using Microsoft.OpenApi;

namespace Habatan.FunctionalTests.Fuzzing;

// multipart/form-data written byte by byte, so a field can hold invalid UTF-8 and the framing
// itself can be broken: a missing or wrong boundary, an unterminated part, garbage.
internal static class MultipartBodies
{
    private const string Boundary = "fuzz-boundary-7MA4YWxkTrZu0gW";

    private static readonly Gen<(string ContentType, string Body, string Class)> Broken = Gen.OneOf(
        ("multipart/form-data", "--x\r\n\r\n", "multipart without boundary"),
        ($"multipart/form-data; boundary={Boundary}", "garbage", "multipart garbage"),
        (
            $"multipart/form-data; boundary={Boundary}",
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
            "unterminated part"
        ),
        ("multipart/form-data; boundary=other", $"--{Boundary}--\r\n", "wrong boundary"),
        ($"multipart/form-data; boundary={Boundary}", "", "empty multipart")
    );

    private static readonly Gen<byte[]> FileContent = Gen.OneOf<byte[]>(
        [],
        [0x89, .. "PNG\r\n\x1a\n"u8.ToArray()],
        "%PDF-1.7\n<html><script>x</script>"u8.ToArray(),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 0],
        "会員ID,キャンペーン\r\n\0,\u202e\r\n"u8.ToArray(),
        [.. Enumerable.Repeat((byte)'A', 70_000)]
    );

    public static (byte[] Body, string ContentType) Draw(IOpenApiSchema? schema, PCG pcg, List<string> classes)
    {
        if (Gen.Int[0, 5].Generate(pcg, null, out _) == 0)
        {
            var (contentType, text, name) = Broken.Generate(pcg, null, out _);
            classes.Add(name);
            return (Encoding.UTF8.GetBytes(text), contentType);
        }
        using var body = new MemoryStream();
        foreach (var (name, property) in schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (Gen.Int[0, 4].Generate(pcg, null, out _) == 0)
                continue;
            var file = property.Format == "binary";
            var fileName = file ? FileName(pcg, classes) : null;
            Write(body, $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            if (fileName is not null)
                Write(body, $"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream");
            Write(body, "\r\n\r\n");
            var json =
                property.Type is { } type
                && type.HasFlag(JsonSchemaType.Object)
                && Gen.Int[0, 3].Generate(pcg, null, out _) > 0;
            body.Write(
                file ? FileContent.Generate(pcg, null, out _)
                : json ? Encoding.UTF8.GetBytes(RequestGenerator.JsonValue(property, pcg, classes, depth: 0))
                : FieldValue(name, pcg, classes)
            );
            Write(body, "\r\n");
        }
        Write(body, $"--{Boundary}--\r\n");
        return (body.ToArray(), $"multipart/form-data; boundary={Boundary}");
    }

    private static byte[] FieldValue(string name, PCG pcg, List<string> classes)
    {
        var roll = Gen.Int[0, 4].Generate(pcg, null, out _);
        if (roll == 0)
        {
            classes.Add($"form {name}: invalid UTF-8 bytes");
            return [.. "a"u8.ToArray(), .. HostileText.RawBytes.Generate(pcg, null, out _)];
        }
        var sample = (roll == 1 ? HostileText.Ordinary : HostileText.Hostile).Generate(pcg, null, out _);
        if (sample.Class != "plain")
            classes.Add($"form {name}: {sample.Class}");
        return Encoding.UTF8.GetBytes(sample.Text);
    }

    private static string FileName(PCG pcg, List<string> classes)
    {
        var sample = Gen.Frequency((3, Gen.Const(new Sample("plain", "file.csv"))), (1, HostileText.Hostile))
            .Generate(pcg, null, out _);
        if (sample.Class != "plain")
            classes.Add($"file name: {sample.Class}");
        return new string([.. sample.Text.Where(c => c is not ('"' or '\r' or '\n'))]);
    }

    private static void Write(Stream body, string text) => body.Write(Encoding.UTF8.GetBytes(text));
}
