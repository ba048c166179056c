using System.Security.Cryptography;
using System.Text;
using SixLabors.ImageSharp;

namespace Habatan.Applications.Tests.Submissions;

// Issue 13, class 4, through the service: what is stored is the re-encoded image (no byte of the
// upload's metadata or padding), a hostile file stores nothing, and a reviewer downloads the
// stored image as an attachment that no browser may sniff or run.
[Collection(ServersCollection.Name)]
public sealed class StoredDocumentTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    [Fact]
    public async Task TheStoredImageIsTheReEncodedOneAndIsDownloadedAsASandboxedAttachment()
    {
        var member = new Applicant(Service);
        var marker = "Habatan-marker-" + Guid.NewGuid().ToString("N");
        var form = member.Form(Code);
        var text = Encoding.ASCII.GetBytes(marker);
        form.Front = Images.WithJpegComment(Images.Jpeg(size: 100 * 1024, width: 80, height: 50), text);
        form.Back = Images.WithPngChunk(Images.Png(width: 30, height: 20), "tEXt", [.. "Comment\0"u8, .. text]);

        var answer = await member.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        using var reviewer = Ops.Reviewer();
        var sides = new[] { ("front", form.Front, "image/jpeg", (80, 50)), ("back", form.Back, "image/png", (30, 20)) };
        foreach (var (side, upload, type, size) in sides)
        {
            var address = $"/api/applications/review/applications/{answer.Number}/documents/{side}";
            using var response = await reviewer.GetAsync(new Uri(address, UriKind.Relative));
            var served = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal("sandbox; default-src 'none'", policy);
            Assert.NotEqual(upload, served);
            Assert.DoesNotContain(marker, Encoding.Latin1.GetString(served), StringComparison.Ordinal);
            var info = Image.Identify(served);
            Assert.Equal(size, (info.Width, info.Height));
            // The stored row is those bytes, with their own size and digest.
            Assert.Equal(
                1,
                await Service.ScalarAsync(
                    """
                    SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                    WHERE a.public_id = $1 AND d.side = $2 AND d.content = $3
                      AND d.size_bytes = $4 AND d.sha256 = $5 AND d.content_type = $6
                    """,
                    answer.StoredNumber,
                    side,
                    served,
                    served.Length,
                    SHA256.HashData(served),
                    type
                )
            );
        }
        Assert.True(form.Front.Length > 100 * 1024);
    }

    [Fact]
    public async Task AnImageWithAnArchiveAppendedStoresNothingAndNamesTheField()
    {
        var member = new Applicant(Service);
        var form = member.Form(Code);
        form.Back = [.. Images.Png(), .. "PK\x03\x04"u8, .. new byte[64]];

        var answer = await member.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal(["idBack"], answer.ErrorFields);
        Assert.Contains("裏面の画像の後ろに別のデータ", answer.ErrorsText, StringComparison.Ordinal);
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
    }
}
