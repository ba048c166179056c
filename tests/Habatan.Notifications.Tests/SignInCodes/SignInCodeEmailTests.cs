using Habatan.Contracts.SignIn;
using Habatan.Notifications.SignInCodes;

namespace Habatan.Notifications.Tests.SignInCodes;

public sealed class SignInCodeEmailTests
{
    [Fact]
    public void SaysTheCodeItsExpiryInJapanTimeAndWhatToDoIfUnrequested()
    {
        var now = new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero);
        var request = new SignInCodeRequested(Guid.NewGuid(), "taro@example.com", "042917", now.AddMinutes(10));

        var mail = SignInCodeEmail.Compose(request, now);

        Assert.Equal("taro@example.com", mail.To);
        Assert.Equal("はばタンPay+ サインイン用コード", mail.Subject);
        Assert.DoesNotContain("042917", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("042917", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("10分以内", mail.TextBody, StringComparison.Ordinal);
        // 15:10 UTC on 31 March is 00:10 on 1 April in Japan.
        Assert.Contains("2026年4月1日 00:10 日本時間まで", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("心当たりがない場合", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundsTheMinutesLeftUpSoAFreshCodeReadsAsItsFullValidity()
    {
        var now = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var request = new SignInCodeRequested(
            Guid.NewGuid(),
            "taro@example.com",
            "123456",
            now.AddMinutes(10).AddMilliseconds(-300)
        );

        Assert.Contains("10分以内", SignInCodeEmail.Compose(request, now).TextBody, StringComparison.Ordinal);
    }
}
