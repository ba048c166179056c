using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Habatan.Infrastructure.Migrations;

// A versioned SQL script embedded in an assembly as Migrations/NNNN_description.sql.
public sealed record Migration(string Scope, int Version, string Name, string Sql)
{
    // A script whose first line is this marker runs outside a transaction, for the statements
    // PostgreSQL refuses inside one (CREATE INDEX CONCURRENTLY on a large table, ALTER TYPE ...
    // ADD VALUE before v12). It must hold a single statement: several statements sent together
    // form an implicit transaction again.
    public const string NoTransactionMarker = "-- migration: no-transaction";

    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    public bool RunsInTransaction =>
        !Sql.TrimStart().StartsWith(NoTransactionMarker, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Scope}/{Version:D4}_{Name}";

    public static IReadOnlyList<Migration> FromAssembly(Assembly assembly, string scope)
    {
        const string folder = ".Migrations.";
        var migrations = new List<Migration>();
        foreach (
            var resource in assembly
                .GetManifestResourceNames()
                .Where(n =>
                    n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)
                )
        )
        {
            var fileName = resource[(resource.LastIndexOf(folder, StringComparison.Ordinal) + folder.Length)..];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), out var version))
                throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_description.sql.");

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(scope, version, fileName[(separator + 1)..^4], reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations in {scope} share version {duplicate.Key}.");
        return migrations.OrderBy(m => m.Version).ToList();
    }
}
