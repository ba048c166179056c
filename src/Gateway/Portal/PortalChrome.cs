using System.Text.RegularExpressions;

namespace Habatan.Gateway.Portal;

// The chrome every portal page shares (the head's common lines, the skip link, the header with
// its menu, the footer, the ops console's section menu), written once here. A page names where
// each part goes with a comment line:
//
//   <!-- chrome:head -->            charset, viewport, the stylesheet (the title stays in the page)
//   <!-- chrome:header member -->   skip link and header; the menu is public, sign-in, member or ops
//   <!-- chrome:footer -->
//
// Why on the server and not a custom element: the header is then plain HTML in the answer, so a
// page reads the same before or without its script (the top page and the sign-in page on an old
// or slow phone: brand, menu, footer are there at once, nothing shifts when a module loads), and
// no inline script or style is needed, so the strict CSP stands. A change to a menu is one change
// in this file.
internal static partial class PortalChrome
{
    private const string PortalBrand = "はばタンPay+ 申請ポータル";
    private const string ConsoleBrand = "はばタンPay+ 事務局コンソール";

    private sealed record Link(string Path, string Text);

    private sealed record Menu(string Label, Link[] Links, bool SignOut, bool Console = false);

    // The header menus. "sign-in" has none: the page has one job, and its links would lead to
    // pages that send a signed-out person back to it.
    private static readonly Dictionary<string, Menu?> Menus = new(StringComparer.Ordinal)
    {
        ["public"] = new(
            "メインメニュー",
            [new("/sign-in/", "サインイン"), new("/mypage/", "マイページ")],
            SignOut: false
        ),
        ["sign-in"] = null,
        ["member"] = new("メインメニュー", [new("/mypage/", "マイページ"), new("/inbox/", "お知らせ")], SignOut: true),
        ["ops"] = new("アカウント", [new("/ops/", "コンソールトップ")], SignOut: true, Console: true),
    };

    private sealed record Section(string Path, string Title, string[] Roles, string Summary);

    // The ops console's sections and the roles that open each. js/ops.js shows a person only the
    // sections their token's roles open; the gateway and the services enforce the same rule on
    // every call, so this table decides what is shown, never what is allowed.
    private static readonly Section[] Sections =
    [
        new(
            "/ops/review/",
            "申請の審査",
            ["reviewer"],
            "審査待ちの申請を開き、受付・不備対応・承認・非承認を登録します。"
        ),
        new(
            "/ops/intake/",
            "受付の停止・締切",
            ["operator"],
            "キャンペーンの受付とマイページを止める・再開する、締切を延ばします。"
        ),
        new(
            "/ops/imports/",
            "会員・権利の取り込み",
            ["operator"],
            "会員名簿と権利・チャージ額のファイル（CSV・Excel）を取り込み、誤り"
                + "のあるセルを確かめます。"
        ),
        new(
            "/ops/reminders/",
            "リマインド配信",
            ["operator", "approver"],
            "配信を作成し、件数の照合・テスト送信・承認・停止・レポートを行います。"
        ),
        new(
            "/ops/audit/",
            "アクセス監査",
            ["auditor"],
            "誰がどの申請・会員の個人情報を見たか、ある人が何を見たかを検索します。"
        ),
        new(
            "/ops/audit/breach/",
            "漏えい範囲レポート",
            ["auditor"],
            "本人以外による閲覧を本人ごとにまとめ、報告に要る項目とCSVを作ります。"
        ),
        new(
            "/ops/probes/",
            "メッセージ経路の確認",
            ["operator"],
            "サービス間のメッセージが届くことと、そのトレースIDを確かめます。"
        ),
        new("/ops/roles/", "権限の付与", ["admin"], "事務局員に審査・運用・承認・監査の権限を付与します。"),
    ];

    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        ["reviewer"] = "審査担当",
        ["operator"] = "運用担当",
        ["approver"] = "承認担当",
        ["auditor"] = "監査担当",
        ["admin"] = "管理者",
    };

    // Any "chrome:" comment, so a misspelt one is refused below rather than left in the page.
    [GeneratedRegex(@"^(?<indent>[ \t]*)<!-- chrome:(?<spec>.*?) -->\r?$", RegexOptions.Multiline)]
    private static partial Regex Marker();

    // The page with every marker replaced by its part. pagePath is the address the page answers
    // ("/mypage/"), so the menu can mark the current page for screen readers. An unknown marker
    // throws: a page with a broken header must not be served as if it were whole.
    public static string Compose(string page, string pagePath) =>
        Marker()
            .Replace(
                page,
                match =>
                {
                    var spec = match.Groups["spec"].Value.Split(' ');
                    var (part, menu) = (spec[0], spec.Length == 2 ? spec[1] : null);
                    var html = (part, menu, spec.Length) switch
                    {
                        ("head", null, 1) => Head,
                        ("header", not null, 2) when Menus.TryGetValue(menu, out var chosen) => Header(
                            chosen,
                            pagePath
                        ),
                        ("footer", null, 1) => Footer,
                        _ => throw new InvalidOperationException($"Unknown portal chrome marker: {match.Value.Trim()}"),
                    };
                    var indent = match.Groups["indent"].Value;
                    return string.Join('\n', html.Split('\n').Select(line => line.Length == 0 ? line : indent + line));
                }
            );

    private const string Head = """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/css/site.css">
        """;

    private const string Footer = """<footer class="site-footer">はばタンPay+ 事務局</footer>""";

    private static string Header(Menu? menu, string pagePath)
    {
        var (brandPath, brand) = menu?.Console == true ? ("/ops/", ConsoleBrand) : ("/", PortalBrand);
        List<string> lines =
        [
            """<a class="skip-link" href="#main">本文へ移動</a>""",
            """<header class="site-header">""",
            $"""  <a class="brand" href="{brandPath}">{brand}</a>""",
        ];
        if (menu is not null)
        {
            lines.Add($"""  <nav class="site-nav" aria-label="{menu.Label}">""");
            lines.Add("    <ul>");
            lines.AddRange(
                menu.Links.Select(link =>
                    $"""      <li><a href="{link.Path}"{Current(link.Path, pagePath)}>{link.Text}</a></li>"""
                )
            );
            // The button works with js/session.js, which every page behind sign-in loads.
            if (menu.SignOut)
                lines.Add("""      <li><button type="button" data-sign-out>サインアウト</button></li>""");
            lines.Add("    </ul>");
            lines.Add("  </nav>");
        }
        lines.Add("</header>");
        if (menu?.Console == true)
            lines.AddRange(SectionMenu(pagePath));
        return string.Join('\n', lines);
    }

    // Inert until js/ops.js has asked who is signed in: it keeps the items whose data-roles the
    // person holds and puts the menu on the page. A template shows nothing without the script,
    // like the console pages' content, which needs a signed-in session too.
    private static IEnumerable<string> SectionMenu(string pagePath)
    {
        yield return """<template id="ops-menu">""";
        yield return """  <nav class="ops-nav" aria-label="業務メニュー">""";
        yield return "    <h2>業務メニュー</h2>";
        yield return "    <ul>";
        foreach (var section in Sections)
        {
            var who = string.Join('・', section.Roles.Select(role => RoleNames[role]));
            yield return $"""      <li data-roles="{string.Join(' ', section.Roles)}">""";
            yield return $"""        <a href="{section.Path}"{Current(section.Path, pagePath)}>{section.Title}""";
            yield return $"""          <span class="role">{who}: {section.Summary}</span></a>""";
            yield return "      </li>";
        }
        yield return "    </ul>";
        yield return "  </nav>";
        yield return "</template>";
    }

    private static string Current(string linkPath, string pagePath) =>
        string.Equals(linkPath, pagePath, StringComparison.Ordinal) ? " aria-current=\"page\"" : "";
}
