namespace Habatan.Applications.Lifecycle;

// Nobody reviews their own application: a reviewer's transition of an
// application they own is refused in ApplicationTransitions, where every state change goes
// through, so no caller (the review API, a seeder, a future batch) can skip it. The review API
// checks it early too, to answer before locking anything.
public static class ReviewerIsNotTheApplicant
{
    public static bool Allows(ApplicationRecord application, Actor by, string actor) =>
        by != Actor.Reviewer || !string.Equals(application.Owner, actor, StringComparison.Ordinal);

    public static void Guard(ApplicationRecord application, Actor by, string actor)
    {
        if (!Allows(application, by, actor))
            throw new OwnApplicationReviewException();
    }
}

public sealed class OwnApplicationReviewException()
    : InvalidOperationException("A reviewer cannot move their own application.");
