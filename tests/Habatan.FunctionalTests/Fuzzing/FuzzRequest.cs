namespace Habatan.FunctionalTests.Fuzzing;

// One generated request: where it goes, what it carries, and the input classes it was made of.
internal sealed record FuzzRequest(
    HttpMethod Method,
    string PathAndQuery,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<string> Classes
)
{
    public string Describe() => string.Join(", ", Classes.Distinct().DefaultIfEmpty("plain"));

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, new Uri(PathAndQuery, UriKind.Relative));
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }
}
