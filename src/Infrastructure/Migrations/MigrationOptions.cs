namespace Habatan.Infrastructure.Migrations;

// Bound from "Migrations". In development and tests a service brings its own schema up to date
// at start; in a cluster the migration Job (the same binary with --migrate-only) does it once
// per rollout, and each replica only checks that it was done (ApplyAtStart=false).
public sealed class MigrationOptions
{
    public const string Section = "Migrations";

    public const string MigrateOnlyArgument = "--migrate-only";

    public bool ApplyAtStart { get; set; } = true;
}
