using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Habatan.Members.Imports;

// The uploaded file, copied to a temporary file as it arrives (a spreadsheet has to be seekable,
// and nothing of 100 MB belongs in memory), hashed on the way: the hash is how the same file
// uploaded twice is recognised. The body is the raw file or a multipart form with one file.
public sealed class ImportUpload : IAsyncDisposable
{
    private ImportUpload(FileStream content, string sha256, string? fileName)
    {
        Content = content;
        Sha256 = sha256;
        FileName = fileName;
    }

    public FileStream Content { get; }

    public string Sha256 { get; }

    public string? FileName { get; }

    public static async Task<ImportUpload?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (
            MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        )
        {
            // A form without its boundary cannot be read: the same 400 as a broken one.
            if (!MultipartForm.HasBoundary(request, out var boundary))
                throw new InvalidDataException("The multipart form has no boundary.");
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (
                    ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition()
                )
                    return await FromStreamAsync(
                        section.Body,
                        Path.GetFileName(
                            HeaderUtilities
                                .RemoveQuotes(
                                    disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName
                                )
                                .Value
                        ),
                        cancellationToken
                    );
            }
            return null;
        }
        return await FromStreamAsync(request.Body, null, cancellationToken);
    }

    public static async Task<ImportUpload> FromStreamAsync(
        Stream body,
        string? fileName,
        CancellationToken cancellationToken
    )
    {
        var content = TemporaryFiles.Create();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await content.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            content.Position = 0;
            return new ImportUpload(content, Convert.ToHexStringLower(hash.GetHashAndReset()), fileName);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
