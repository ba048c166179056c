namespace Habatan.Benchmark.Scenarios;

// One line of the issue: the system's figure beside a baseline measured in the same run.
internal interface IScenario
{
    string Name { get; }

    string Title { get; }

    IReadOnlyList<Target> Targets { get; }

    Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken);
}
