using Habatan.Notifications.Email;
using MailKit.Net.Smtp;

namespace Habatan.Notifications.Tests.Email;

// The rule on its own: a reply code decides when there is one; without one, DATA is the line
// between "send again" and "may have arrived".
public sealed class SmtpOutcomeTests
{
    [Theory]
    [InlineData(SmtpStatusCode.MailboxBusy, false, SendOutcome.NotAccepted)]
    [InlineData(SmtpStatusCode.ServiceNotAvailable, false, SendOutcome.NotAccepted)]
    [InlineData(SmtpStatusCode.ErrorInProcessing, true, SendOutcome.NotAccepted)]
    [InlineData(SmtpStatusCode.MailboxUnavailable, false, SendOutcome.Refused)]
    [InlineData(SmtpStatusCode.TransactionFailed, true, SendOutcome.Refused)]
    public void AReplyCodeDecides(SmtpStatusCode status, bool dataSent, SendOutcome expected)
    {
        var reply = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, status, "reply");

        Assert.Equal(expected, SmtpOutcome.Classify(reply, dataSent));
        Assert.Equal((int)status, SmtpOutcome.ReplyCode(reply));
    }

    public static TheoryData<Exception> LostConnections =>
        [
            new IOException("reset"),
            new TimeoutException("timed out"),
            new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
            new System.Net.Sockets.SocketException(111),
            new OperationCanceledException(),
        ];

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void ALostConnectionBeforeDataIsNotAccepted(Exception lost)
    {
        Assert.Equal(SendOutcome.NotAccepted, SmtpOutcome.Classify(lost, dataSent: false));
        Assert.Null(SmtpOutcome.ReplyCode(lost));
    }

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void ALostConnectionAfterDataIsUnknown(Exception lost) =>
        Assert.Equal(SendOutcome.Unknown, SmtpOutcome.Classify(lost, dataSent: true));

    [Fact]
    public void AnAddressThatCannotBeParsedIsRefused() =>
        Assert.Equal(SendOutcome.Refused, SmtpOutcome.Classify(new FormatException(), dataSent: false));

    [Fact]
    public void AClassifiedFailureKeepsItsOutcome()
    {
        var unknown = new EmailSendException("lost", SendOutcome.Unknown, null, new IOException());

        Assert.Equal(SendOutcome.Unknown, SmtpOutcome.Classify(unknown, dataSent: false));
        Assert.Equal("IOException", unknown.Reason);
        Assert.Equal("SMTP 451", new EmailSendException("busy", SendOutcome.NotAccepted, 451).Reason);
    }
}
