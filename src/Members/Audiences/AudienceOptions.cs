namespace Habatan.Members.Audiences;

public sealed class AudienceOptions
{
    // Recipients per AudienceChunk message: small enough for a broker message (~100 bytes a
    // recipient, so ~0.5 MB), large enough that 220,000 recipients are 44 outbox rows and
    // 1.15 million members a few hundred.
    public int ChunkSize { get; set; } = 5000;

    // Each statement over the whole audience (the freeze, the bound, the count and digest). The
    // freeze of 220,000 of 1.15M entitlements took under a second of SQL (docs/benchmark.md);
    // ten times the data, on a busy machine, stays far inside five minutes.
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
