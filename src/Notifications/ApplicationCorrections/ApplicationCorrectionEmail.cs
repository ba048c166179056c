using System.Text;
using Habatan.Contracts.Applications;
using Habatan.Notifications.Email;

namespace Habatan.Notifications.ApplicationCorrections;

// The 不備 notice: the application number and what to fix, nothing else about the applicant.
// The same text goes to the in-app inbox.
public static class ApplicationCorrectionEmail
{
    public const string Kind = "application-correction";
    public const string Subject = "はばタンPay+ 申請内容の修正のお願い";

    public static string Body(ApplicationCorrectionRequested request)
    {
        var items = new StringBuilder();
        foreach (var item in request.Items)
            items.Append("  ・").AppendLine(item);
        return $"""
            はばタンPay+ にお申し込みいただき、ありがとうございます。

            申請番号 {request.ApplicationNumber} の申請内容に不備がありました。
            次の項目をご確認のうえ、マイページから修正してください。

            {items.ToString().TrimEnd()}

            修正が完了するまで、審査を進めることができません。

            はばタン事務局
            ※このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。
            """;
    }

    public static EmailMessage Compose(ApplicationCorrectionRequested request) =>
        new(Kind, request.Email, Subject, Body(request));
}
