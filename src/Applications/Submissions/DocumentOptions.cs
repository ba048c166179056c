namespace Habatan.Applications.Submissions;

public sealed class DocumentOptions
{
    // Per image. The service's and the gateway's request body limits (30 MB by default) leave
    // room for two images at this size plus the form.
    public int MaxBytes { get; set; } = 5 * 1024 * 1024;
}
