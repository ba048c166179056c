using System.Diagnostics;
using System.Globalization;

namespace Habatan.TestSupport;

// rabbitmqctl against one of the test brokers: its node name, the folder holding its Erlang
// cookie (HOME), the environment file and the epmd it registered with, as the script that
// started it set them (eng/run-rabbitmq.sh, eng/join-rabbitmq-cluster.sh).
public static class RabbitMqCtl
{
    public static async Task<string> RunAsync(
        int amqpPort,
        string home,
        string environmentFile,
        int epmdPort,
        params string[] arguments
    )
    {
        var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] node = ["--node", $"habatan-{amqpPort.ToString(CultureInfo.InvariantCulture)}@localhost"];
        foreach (var argument in node.Concat(arguments))
            start.ArgumentList.Add(argument);
        start.Environment["HOME"] = home;
        start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = environmentFile;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)}: {await standardError}");
        return await standardOutput;
    }
}
