using Habatan.Notifications.Email;

namespace Habatan.Notifications.Tests.Support;

// The real sender, made to fail a planned number of times for one address: the SMTP outage a
// retry must recover from, without stopping the mail sink under the other tests.
public sealed class FlakyEmailSender(IEmailSender inner) : IEmailSender
{
    private readonly Dictionary<string, int> _failuresLeft = new(StringComparer.OrdinalIgnoreCase);

    public int Failures { get; private set; }

    public void FailTimes(string address, int times)
    {
        lock (_failuresLeft)
            _failuresLeft[address] = times;
    }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        lock (_failuresLeft)
        {
            if (_failuresLeft.TryGetValue(message.To, out var left) && left > 0)
            {
                _failuresLeft[message.To] = left - 1;
                Failures++;
                throw new EmailSendException("Planned SMTP failure.");
            }
        }
        return inner.SendAsync(message, cancellationToken);
    }
}
