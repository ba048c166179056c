using System.Runtime.InteropServices;

namespace Habatan.Benchmark.Reporting;

// The machine the figures came from, printed with them: these figures mean little without it.
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime)
{
    public static async Task<MachineInfo> ReadAsync()
    {
        var cpu = "unknown CPU";
        double memory = 0;
        if (File.Exists("/proc/cpuinfo"))
        {
            var model = (await File.ReadAllLinesAsync("/proc/cpuinfo")).FirstOrDefault(l =>
                l.StartsWith("model name", StringComparison.Ordinal)
            );
            if (model is not null)
                cpu = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        if (File.Exists("/proc/meminfo"))
        {
            var total = (await File.ReadAllLinesAsync("/proc/meminfo")).First(l =>
                l.StartsWith("MemTotal:", StringComparison.Ordinal)
            );
            memory =
                double.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
                / 1024
                / 1024;
        }
        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            Math.Round(memory, 1),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription
        );
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cores} cores ({Cpu}), {MemoryGiB} GiB, {Os}, {Runtime}");
}
