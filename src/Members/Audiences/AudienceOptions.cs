namespace Habatan.Members.Audiences;

public sealed class AudienceOptions
{
    // Recipients per AudienceChunk message: small enough for a broker message (~100 bytes a
    // recipient, so ~0.5 MB), large enough that 220,000 recipients are 44 outbox rows and
    // 1.15 million members a few hundred.
    public int ChunkSize { get; set; } = 5000;
}
