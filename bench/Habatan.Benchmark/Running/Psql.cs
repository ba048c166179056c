using Npgsql;

namespace Habatan.Benchmark.Running;

// psql itself, as an operator would run it: the baselines for COPY and for the audience SQL.
internal static class Psql
{
    public static async Task<string> RunAsync(
        NpgsqlConnectionStringBuilder connection,
        string script,
        CancellationToken cancellationToken
    )
    {
        var startInfo = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The password travels in the environment, never in arguments that ps would show.
        startInfo.Environment["PGHOST"] = connection.Host;
        startInfo.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["PGUSER"] = connection.Username;
        startInfo.Environment["PGPASSWORD"] = connection.Password;
        startInfo.Environment["PGDATABASE"] = connection.Database;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("psql did not start.");
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql failed ({process.ExitCode}): {await errors}");
        return await output;
    }
}
