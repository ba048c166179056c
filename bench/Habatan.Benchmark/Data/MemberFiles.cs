using System.Text;
using System.Text.Json;

namespace Habatan.Benchmark.Data;

// The roster and entitlement files of 1.15M members (at scale 1.0), as the voucher platform
// would hand them over: deterministic (seeded), streamed to .data/bench/data-<scale>/, written
// once and reused while the manifest says they match. Who is in which audience is decided by
// one seeded permutation, so the expected counts are exact and recorded in the manifest: they
// are the "declared count from an independent source" of the fan-out campaign.
internal static class MemberFiles
{
    private const int Seed = 20260401;

    // 2: campaign codes in lower case (the one rule every service now enforces); files of
    // version 1 would be refused by the import.
    private const int Version = 2;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static async Task<MemberData> EnsureAsync(
        BenchOptions options,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        var directory = BenchPaths.DataFor(options.Scale);
        var manifestPath = Path.Combine(directory, "manifest.json");
        var wanted = Plan(options);
        if (File.Exists(manifestPath))
        {
            var existing = JsonSerializer.Deserialize<MemberData>(
                await File.ReadAllTextAsync(manifestPath, cancellationToken)
            );
            if (existing == wanted with { Directory = directory })
            {
                progress.Value = progress.MaxValue;
                return existing;
            }
        }
        Directory.CreateDirectory(directory);
        var data = wanted with { Directory = directory };
        await WriteAsync(data, progress, cancellationToken);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(data), cancellationToken);
        return data;
    }

    private static MemberData Plan(BenchOptions options)
    {
        var members = options.Sized(Campaigns.Members, 1000);
        var ippan = options.Sized(Campaigns.IppanNotFullyCharged);
        var kosodate = options.Sized(Campaigns.KosodateNotFullyCharged);
        var kosodateEntitled = options.Sized(Campaigns.KosodateEntitled);
        var withdrawn = options.Sized(Campaigns.Withdrawn);
        return new MemberData(
            Version,
            "",
            members,
            members + kosodateEntitled,
            IppanAudience: ippan,
            IppanBound: members,
            KosodateAudience: kosodate,
            KosodateBound: kosodateEntitled,
            Withdrawn: withdrawn
        );
    }

    public static string Email(int member) => $"member-{member:D7}@bench.habatan.example";

    private static async Task WriteAsync(MemberData data, ProgressTask progress, CancellationToken cancellationToken)
    {
        progress.MaxValue = data.Members;
        var position = Permutation(data.Members);
        await using var roster = new StreamWriter(data.RosterCsv, append: false, Utf8, 1 << 20);
        await using var entitlements = new StreamWriter(data.EntitlementsCsv, append: false, Utf8, 1 << 20);
        await roster.WriteLineAsync("メールアドレス,アプリ内通知,退会日");
        await entitlements.WriteLineAsync("メールアドレス,キャンペーン,口数,当選額,チャージ額");
        var random = new Random(Seed + 1);
        var line = new StringBuilder();

        // Bands of the permutation: IPPAN not fully charged (the fan-out audience); KOSODATE not
        // fully charged (the reminder audience); withdrawn with IPPAN unpaid (must never appear);
        // KOSODATE winners who charged everything (inside the bound, outside the audience).
        var kosodateUnpaidEnd = data.IppanAudience + data.KosodateAudience;
        var withdrawnEnd = kosodateUnpaidEnd + data.Withdrawn;
        var kosodateEntitledEnd = withdrawnEnd + (data.KosodateBound - data.KosodateAudience);
        for (var member = 0; member < data.Members; member++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var k = position[member];
            var email = Email(member);
            var withdrawn = k >= kosodateUnpaidEnd && k < withdrawnEnd;
            var inboxOptIn = random.Next(10) < 6 ? 1 : 0;
            line.Clear().Append(email).Append(',').Append(inboxOptIn).Append(',');
            if (withdrawn)
                line.Append(
                    new DateOnly(2026, 6, 1)
                        .AddDays(random.Next(120))
                        .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                );
            await roster.WriteLineAsync(line, cancellationToken);

            var ippanUnpaid = k < data.IppanAudience || withdrawn;
            await WriteEntitlementAsync(
                entitlements,
                line,
                email,
                Campaigns.Ippan,
                random,
                ippanUnpaid,
                cancellationToken
            );
            if (k >= data.IppanAudience && k < kosodateUnpaidEnd)
                await WriteEntitlementAsync(
                    entitlements,
                    line,
                    email,
                    Campaigns.Kosodate,
                    random,
                    unpaid: true,
                    cancellationToken
                );
            else if (k >= withdrawnEnd && k < kosodateEntitledEnd)
                await WriteEntitlementAsync(
                    entitlements,
                    line,
                    email,
                    Campaigns.Kosodate,
                    random,
                    unpaid: false,
                    cancellationToken
                );
            if (member % 10_000 == 0)
                progress.Value = member;
        }
        progress.Value = progress.MaxValue;
    }

    private static async Task WriteEntitlementAsync(
        StreamWriter writer,
        StringBuilder line,
        string email,
        string campaign,
        Random random,
        bool unpaid,
        CancellationToken cancellationToken
    )
    {
        var units = random.Next(1, 5);
        var won = units * Campaigns.UnitPriceYen;
        var charged = unpaid ? won - Campaigns.UnitPriceYen * random.Next(1, units + 1) : won;
        line.Clear()
            .Append(email)
            .Append(',')
            .Append(campaign)
            .Append(',')
            .Append(units)
            .Append(',')
            .Append(won)
            .Append(',')
            .Append(charged);
        await writer.WriteLineAsync(line, cancellationToken);
    }

    // position[member] = the member's place in a seeded shuffle of 0..count-1.
    private static int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(Seed).Shuffle(order);
        var position = new int[count];
        for (var k = 0; k < count; k++)
            position[order[k]] = k;
        return position;
    }
}

internal sealed record MemberData(
    int Version,
    string Directory,
    int Members,
    int Entitlements,
    int IppanAudience,
    int IppanBound,
    int KosodateAudience,
    int KosodateBound,
    int Withdrawn
)
{
    public string RosterCsv => Path.Combine(Directory, "members.csv");

    public string EntitlementsCsv => Path.Combine(Directory, "entitlements.csv");
}
