using Habatan.Contracts.Campaigns;

namespace Habatan.Applications.Campaigns;

public static class CampaignRequestValidation
{
    public static bool TryValidate(
        CreateCampaignRequest request,
        out NewCampaign campaign,
        out Dictionary<string, string[]> errors
    )
    {
        errors = [];
        campaign = null!;
        // The one rule every service holds (Contracts/Campaigns/CampaignCode): an approval for this
        // campaign must name it in the spelling Members and Notifications store.
        if (!CampaignCode.IsValid(request.Code))
            errors["code"] = [CampaignCode.Rule];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
            errors["name"] = ["名称を100文字以内で入力してください。"];
        if (!Jst.TryParse(request.OpensAt, out var opensAt))
            errors["opensAt"] = ["受付開始日時を 2025-10-23T10:00 の形式（日本時間）で入力してください。"];
        if (!Jst.TryParse(request.ClosesAt, out var closesAt))
            errors["closesAt"] = ["受付締切日時を 2025-11-21T20:00 の形式（日本時間）で入力してください。"];
        else if (!errors.ContainsKey("opensAt") && closesAt <= opensAt)
            errors["closesAt"] = ["受付締切は受付開始より後にしてください。"];
        if (request.UnitPriceYen is not > 0)
            errors["unitPriceYen"] = ["1口の価格は1円以上の整数（円）で入力してください。"];
        if (request.PremiumRatePercent is not (>= 0 and <= 100))
            errors["premiumRatePercent"] = ["プレミアム率は0〜100の整数（%）で入力してください。"];
        if (request.UnitLimit is not (>= 1 and <= 100))
            errors["unitLimit"] = ["口数上限は1〜100の整数で入力してください。"];
        if (request.HouseholdMembersRequired is null)
            errors["householdMembersRequired"] = ["世帯員の入力が必要かどうかを指定してください。"];
        var documents = request.AcceptedDocuments?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (documents.Count == 0 || documents.Any(d => DocumentTypes.Find(d) is null))
            errors["acceptedDocuments"] =
            [
                $"本人確認書類は {string.Join(", ", DocumentTypes.All.Select(d => d.Code))} から1つ以上選んでください。",
            ];
        if (errors.Count > 0)
            return false;

        campaign = new NewCampaign(
            request.Code!,
            request.Name!.Trim(),
            opensAt,
            closesAt,
            request.UnitPriceYen!.Value,
            request.PremiumRatePercent!.Value,
            request.UnitLimit!.Value,
            request.HouseholdMembersRequired!.Value,
            documents
        );
        return true;
    }
}
