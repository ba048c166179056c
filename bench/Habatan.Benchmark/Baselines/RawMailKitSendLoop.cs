using System.Collections.Concurrent;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Habatan.Benchmark.Baselines;

// The SMTP server's ceiling for the fan-out: MailKit sending reminder-sized mails over as many
// kept-open connections as Notifications uses (Email:MaxConcurrentSends). Run against the
// bench relay (the relay the fan-out figure is compared with) and against smtp4dev (what the
// development sink allows). The count is reset before and checked after: every mail sent must
// have arrived.
internal static class RawMailKitSendLoop
{
    public static int Connections => FanOutSettings.MaxConcurrentSends;

    public static async Task<BurstResult> RunAsync(
        Uri mail,
        IMailArrivals sink,
        int count,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        await sink.ResetAsync();
        var clients = new ConcurrentBag<SmtpClient>();
        for (var i = 0; i < Connections; i++)
            clients.Add(await ConnectAsync(mail, cancellationToken));
        try
        {
            var burst = await Burst.RunAsync(
                count,
                Connections,
                async (i, ct) =>
                {
                    if (!clients.TryTake(out var client))
                        throw new InvalidOperationException("No free SMTP connection.");
                    using var message = Reminder(MemberFiles.Email(i));
                    try
                    {
                        await client.SendAsync(message, ct);
                        return 0;
                    }
                    catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or SmtpCommandException)
                    {
                        // The relay broke this connection (about once in 100,000 mails here): a
                        // sender opens another and sends the mail again, as Notifications does.
                        client.Dispose();
                        client = await ConnectAsync(mail, ct);
                        await client.SendAsync(message, ct);
                        return 0;
                    }
                    finally
                    {
                        clients.Add(client);
                    }
                },
                progress,
                cancellationToken
            );

            var arrived = await Eventually.GetAsync(sink.CountAsync, n => n >= count, TimeSpan.FromMinutes(2));
            if (arrived != count)
                throw new InvalidOperationException($"{count} mails sent, {arrived} arrived in the {sink.Name}.");
            return burst;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
                client.Dispose();
            }
            await sink.ResetAsync();
        }
    }

    private static async Task<SmtpClient> ConnectAsync(Uri mail, CancellationToken cancellationToken)
    {
        var client = new SmtpClient();
        await client.ConnectAsync(mail.Host, mail.Port, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        return client;
    }

    private static MimeMessage Reminder(string to)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("はばタン事務局", "no-reply@habatan.example.jp"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"【はばタンPay+】チャージ期限が近づいています {BenchRelay.Marker}";
        message.Body = new TextPart("plain")
        {
            Text =
                "はばタンPay+ をご利用いただきありがとうございます。\nご購入いただいた電子クーポンのチャージ期限が近づいています。\n期限までにアプリからチャージをお願いいたします。\n\nはばタン事務局",
        };
        return message;
    }
}
