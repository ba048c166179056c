namespace Habatan.Members.Audiences;

public sealed class AudienceOptions
{
    // Recipients per AudienceChunk message: small enough for a broker message (~100 bytes a
    // recipient), large enough that 1.15 million members are a few hundred messages.
    public int ChunkSize { get; set; } = 2000;
}
