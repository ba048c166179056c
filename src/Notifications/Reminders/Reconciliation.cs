namespace Habatan.Notifications.Reminders;

// Incident 2, point 3: the snapshot count must equal the count declared from an independent
// source, and may never exceed the bound (members entitled in the campaign). Returns the reason
// a reminder stops, or null when it may go on to approval.
public static class Reconciliation
{
    public static string? Check(int declared, int resolved, int bound, string? snapshotProblem)
    {
        if (snapshotProblem is not null)
            return snapshotProblem;
        if (resolved > bound)
            return $"抽出件数 {resolved:N0} 件が上限 {bound:N0} 件（対象キャンペーンの当選者数"
                + $"）を超えています。";
        // A series step starts with no count: it is entered on the step's day.
        if (declared == 0 && resolved > 0)
            return $"申告件数が未入力です。本日の独立した集計の対象者数を入力してくだ"
                + $"さい（抽出件数 {resolved:N0} 件）。";
        if (resolved != declared)
            return $"抽出件数 {resolved:N0} 件が申告件数 {declared:N0} 件と一致しません（差 "
                + $"{resolved - declared:+#,0;-#,0} 件）。";
        return null;
    }
}
