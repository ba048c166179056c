namespace Habatan.Benchmark;

// --runs N (medians over N runs), --scale S (1.0 = the issue's sizes), --only a,b,
// --concurrency C (requests or connections in flight in a burst).
internal sealed record BenchOptions(int Runs, double Scale, IReadOnlyList<string> Only, int Concurrency)
{
    public static readonly string[] ScenarioNames = ["intake", "mypage", "import", "audience", "fanout"];

    public const string Usage =
        "usage: bench.sh [--runs 3] [--scale 1.0] [--only intake,mypage,import,audience,fanout] [--concurrency 16]";

    // A size from the issue at this run's scale, never below a handful so every line measures something.
    public int Sized(int fullSize, int minimum = 10) => Math.Max(minimum, (int)Math.Round(fullSize * Scale));

    public static bool TryParse(string[] args, out BenchOptions options, out string problem)
    {
        options = new BenchOptions(3, 1.0, ScenarioNames, 16);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out var runs) && runs > 0:
                    options = options with { Runs = runs };
                    break;
                case "--scale"
                    when double.TryParse(value, CultureInfo.InvariantCulture, out var scale) && scale > 0 && scale <= 1:
                    options = options with { Scale = scale };
                    break;
                case "--concurrency"
                    when int.TryParse(value, CultureInfo.InvariantCulture, out var concurrency) && concurrency > 0:
                    options = options with { Concurrency = concurrency };
                    break;
                case "--only" when value is not null:
                    var only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = only.Except(ScenarioNames).ToList();
                    if (unknown.Count > 0)
                    {
                        problem =
                            $"unknown scenario {string.Join(", ", unknown)}; known: {string.Join(", ", ScenarioNames)}";
                        return false;
                    }
                    options = options with { Only = only };
                    break;
                default:
                    problem = $"cannot read option {args[i]} {value}";
                    return false;
            }
            i++;
        }
        return true;
    }
}
