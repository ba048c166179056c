using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Habatan.TestSupport.Applications;

// A complete, valid submission (the multipart form the portal sends to
// POST /api/applications/submissions) that a test then spoils one field at a time.
public sealed class SubmissionForm
{
    public SubmissionForm(string campaignCode, Person person)
    {
        Person = person;
        Json = new JsonObject
        {
            ["campaignCode"] = campaignCode,
            ["units"] = 4,
            ["representative"] = new JsonObject
            {
                ["familyName"] = person.FamilyName,
                ["givenName"] = person.GivenName,
                ["familyNameKana"] = person.FamilyNameKana,
                ["givenNameKana"] = person.GivenNameKana,
                ["birthDate"] = person.BirthDate,
                ["gender"] = "female",
                ["phone"] = person.Phone,
                ["email"] = person.Email,
                ["postalCode"] = person.PostalCode,
                ["address"] = person.Address,
            },
            ["householdMembers"] = new JsonArray(
                new JsonObject
                {
                    ["familyName"] = person.FamilyName,
                    ["givenName"] = "太郎",
                    ["familyNameKana"] = person.FamilyNameKana,
                    ["givenNameKana"] = "タロウ",
                    ["birthDate"] = "2018-05-05",
                    ["relationship"] = "child",
                }
            ),
            ["documentType"] = "drivers-license",
            ["consents"] = new JsonObject { ["terms"] = true, ["privacy"] = true },
        };
    }

    public Person Person { get; }
    public JsonObject Json { get; }
    public byte[]? Front { get; set; } = Images.Jpeg();
    public byte[]? Back { get; set; } = Images.Png();

    // Path as the service names fields: "representative.phone", "householdMembers[0].birthDate".
    public SubmissionForm With(string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".", StringComparison.Ordinal)
            .Replace("]", "", StringComparison.Ordinal)
            .Split('.');
        JsonNode node = Json;
        foreach (var part in parts[..^1])
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        if (node is JsonArray array)
            array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else
            node.AsObject()[parts[^1]] = value;
        return this;
    }

    public SubmissionForm Without(string path)
    {
        var parts = path.Split('.');
        JsonNode node = Json;
        foreach (var part in parts[..^1])
            node = node[part]!;
        node.AsObject().Remove(parts[^1]);
        return this;
    }

    public MultipartFormDataContent ToContent()
    {
        var content = new MultipartFormDataContent { { new StringContent(Json.ToJsonString()), "application" } };
        if (Front is not null)
            content.Add(File(Front), "idFront", "front.jpg");
        if (Back is not null)
            content.Add(File(Back), "idBack", "back.png");
        return content;
    }

    // The browser's claimed type is deliberately generic: the service must look at the bytes.
    private static ByteArrayContent File(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return file;
    }
}
