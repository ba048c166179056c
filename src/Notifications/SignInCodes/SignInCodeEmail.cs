using System.Globalization;
using Habatan.Contracts.SignIn;
using Habatan.Notifications.Email;

namespace Habatan.Notifications.SignInCodes;

// The sign-in code mail, in Japanese: the code, until when it is valid (Japan time) and what to do
// if the member did not ask for it.
public static class SignInCodeEmail
{
    public const string Kind = "sign-in-code";
    public const string Subject = "はばタンPay+ サインイン用コード";

    // Japan has no daylight saving time: a fixed offset needs no time-zone database on the host.
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static EmailMessage Compose(SignInCodeRequested request, DateTimeOffset now)
    {
        var expiresAt = request.ExpiresAt.ToOffset(JapanOffset);
        var minutesLeft = Math.Max(1, (int)Math.Ceiling((request.ExpiresAt - now).TotalMinutes));
        var body = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            はばタンPay+ をご利用いただき、ありがとうございます。

            サインイン用のコードは次のとおりです。

                {request.Code}

            このコードは {minutesLeft}分以内（{expiresAt:yyyy年M月d日 HH:mm} 日本時間まで）にサインイン画面で入力してください。
            コードは誰にも教えないでください。事務局から電話などでコードをお尋ねすることはありません。

            このメールに心当たりがない場合は、どなたかが誤ってあなたのメールアドレスを入力した可能性があります。
            何もせず、このメールを破棄してください。

            はばタン事務局
            ※このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。
            """
        );
        return new EmailMessage(Kind, request.Email, Subject, body);
    }
}
