namespace Habatan.Applications.Campaigns;

// What an applicant reads when a campaign does not take their request: in Japanese, with the
// window so they know whether and when to come back.
public static class CampaignProblems
{
    public const string SuspendedTitle = "このキャンペーンは一時停止中です。";

    public static string StateMessage(Campaign campaign, IntakeState state) =>
        state switch
        {
            IntakeState.Open => $"受付中です（{Jst.Display(campaign.ClosesAt)}まで）。",
            IntakeState.Upcoming => $"受付開始前です。{Jst.Display(campaign.OpensAt)}から受け付けます。",
            IntakeState.Closed => $"受付は{Jst.Display(campaign.ClosesAt)}で終了しました。",
            IntakeState.Suspended =>
                "一時停止中です。再開まで申請とマイページの表示を停止しています。再開はお知らせでご案内します。",
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };

    public static IResult NotTakingSubmissions(Campaign campaign, IntakeState state) =>
        TypedResults.Problem(
            title: state switch
            {
                IntakeState.Suspended => SuspendedTitle,
                IntakeState.Upcoming => "まだ受付期間前です。",
                _ => "受付期間が終了しています。",
            },
            detail: StateMessage(campaign, state),
            statusCode: state == IntakeState.Suspended
                ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status409Conflict
        );

    public static IResult Suspended(Campaign campaign) => NotTakingSubmissions(campaign, IntakeState.Suspended);

    public static IResult NotFound() =>
        TypedResults.Problem(
            title: "キャンペーンが見つかりません。",
            detail: "キャンペーンのコードを確認してください。",
            statusCode: StatusCodes.Status404NotFound
        );
}
