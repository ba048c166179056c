namespace Habatan.Applications.Submissions;

// Why an uploaded ID document was refused. Each reason has its own message, so a parent knows
// whether to take the photo again, save it differently or send a smaller one.
public enum DocumentRefusal
{
    NotAnImage,
    Pdf,
    Unreadable,
    Truncated,
    TrailingData,
    Polyglot,
    TooManyPixels,
}

public static class DocumentRefusals
{
    // label: 表面 or 裏面.
    public static string Message(this DocumentRefusal refusal, string label) =>
        refusal switch
        {
            DocumentRefusal.Pdf =>
                $"{label}は PDF ではなく、書類を撮影した JPEG か PNG の画像を添付してください（PDF は受け付けていません）。",
            DocumentRefusal.Truncated =>
                $"{label}の画像が途中で切れています。撮影し直すか、元の画像をもう一度添付してください。",
            DocumentRefusal.TrailingData =>
                $"{label}の画像の後ろに別のデータが付いています。編集や結合をしていない写真を添付するか、"
                    + "スクリーンショットで保存し直してください（動く写真・Live Photos は静止画に切り替えてください）。",
            DocumentRefusal.Polyglot =>
                $"{label}の画像に画像以外のデータ（文書・圧縮ファイルなど）が含まれています。撮影した写真をそのまま添付してください。",
            DocumentRefusal.TooManyPixels =>
                $"{label}の画像の縦横が大きすぎます（{DocumentImage.MaxPixels / 10_000}万画素、一辺"
                    + $"{DocumentImage.MaxSide}ピクセルまで）。縮小して添付してください。",
            DocumentRefusal.Unreadable =>
                $"{label}の画像が壊れていて読み取れません。撮影し直して、JPEG か PNG で添付してください。",
            _ => $"{label}の画像は JPEG か PNG にしてください。",
        };
}
