using Habatan.Notifications.Email;
using MailKit.Security;

namespace Habatan.Notifications.Tests.Email;

public sealed class SmtpEndpointTests
{
    [Fact]
    public void ReadsTheAppHostsConnectionString()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://127.0.0.1:2525");

        Assert.Equal(
            new SmtpEndpoint("127.0.0.1", 2525, SecureSocketOptions.StartTlsWhenAvailable, null, null),
            endpoint
        );
    }

    [Fact]
    public void ReadsTlsAndCredentialsWithoutPrintingThem()
    {
        var endpoint = SmtpEndpoint.Parse("smtps://mailer:p%40ss@smtp.example.jp");

        Assert.Equal(
            new SmtpEndpoint("smtp.example.jp", 465, SecureSocketOptions.SslOnConnect, "mailer", "p@ss"),
            endpoint
        );
        Assert.Equal("smtp.example.jp:465", endpoint.ToString());
    }

    [Fact]
    public void CredentialsOverPlainSmtpRequireStartTls()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://mailer:secret@relay.example.jp:587");

        Assert.Equal(SecureSocketOptions.StartTls, endpoint.Security);
    }

    [Theory]
    [InlineData("localhost:25")]
    [InlineData("http://localhost:25")]
    [InlineData("")]
    public void RefusesAnythingElse(string connectionString) =>
        Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(connectionString));
}
