using Habatan.Provisioning;

// Creates each service's database and login on a PostgreSQL server, once per environment:
//   PROVISION_CONNECTION="Host=..;Username=postgres;Password=..;SSL Mode=VerifyFull" \
//   APPLICATIONS_DB_PASSWORD=.. MEMBERS_DB_PASSWORD=.. NOTIFICATIONS_DB_PASSWORD=.. \
//   dotnet run --project src/Provisioning -- applications members notifications
// Secrets come from the environment, never from arguments that `ps` would show.
var services = args.Length > 0 ? args : ["applications", "members", "notifications"];
var connection = Environment.GetEnvironmentVariable("PROVISION_CONNECTION");
if (string.IsNullOrEmpty(connection))
{
    await Console.Error.WriteLineAsync("PROVISION_CONNECTION (a privileged login's connection string) is not set.");
    return 2;
}

var passwords = new Dictionary<string, string>();
foreach (var service in services)
{
    var variable = $"{service.ToUpperInvariant()}_DB_PASSWORD";
    var password = Environment.GetEnvironmentVariable(variable);
    if (string.IsNullOrEmpty(password))
    {
        await Console.Error.WriteLineAsync($"{variable} is not set.");
        return 2;
    }
    passwords[service] = password;
}

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await DatabaseProvisioner.ProvisionAsync(connection, passwords, Console.Out, timeout.Token);
return 0;
