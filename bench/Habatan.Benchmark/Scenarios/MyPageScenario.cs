namespace Habatan.Benchmark.Scenarios;

// 2. Gateway overhead on My Page reads: the same signed-in reads through the gateway and
// straight to Applications with the same bearer token.
internal sealed class MyPageScenario : IScenario
{
    public const string Gateway = "gateway";
    public const string Direct = "direct to Applications";
    public const string Ratio = "gateway ÷ direct";

    public string Name => "mypage";

    public string Title => "My Page reads: gateway overhead";

    public IReadOnlyList<Target> Targets { get; } =
        [Target.AtLeastOf("mypage", ">= 0.75 of direct", Ratio, "reads/s ratio", 0.75)];

    public Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<Measurement> figures =
        [
            Measurement.Missing(Gateway, "reads/s", "/s", NotLanded.MyPage),
            Measurement.Missing(Gateway, "p95", "ms", NotLanded.MyPage),
            Measurement.Missing(Direct, "reads/s", "/s", NotLanded.MyPage),
            Measurement.Missing(Direct, "p95", "ms", NotLanded.MyPage),
            Measurement.Missing(Ratio, "reads/s ratio", "×", NotLanded.MyPage),
        ];
        return Task.FromResult(figures);
    }
}
