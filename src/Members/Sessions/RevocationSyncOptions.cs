namespace Habatan.Members.Sessions;

// Bound from "Members:Revocations".
public sealed class RevocationSyncOptions
{
    // How often every Members replica checks the revocation cache against member_session. It is
    // also the longest a freshly restarted (empty) Redis makes signed-in requests wait (503).
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    // Revocations this recent are written again on every pass, in case the write that followed
    // the sign-out failed while Redis still looked connected.
    public TimeSpan RecentWindow { get; set; } = TimeSpan.FromMinutes(1);
}
