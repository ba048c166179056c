namespace Habatan.Benchmark;

// --runs N (medians over N runs), --scale S (1.0 = the issue's sizes, up to 3), --only a,b,
// --concurrency C (requests or connections in flight in a burst), --growth S1,S2,... (the same
// lines at each scale in turn, each on a fresh system, then how cost per unit grows),
// --replicas N (N processes of the gateway and of each service), --growth-from a.json,b.json (the
// growth table and chart from results files of earlier runs, nothing measured).
internal sealed record BenchOptions(
    int Runs,
    double Scale,
    IReadOnlyList<string> Only,
    int Concurrency,
    IReadOnlyList<double> Growth,
    int Replicas,
    IReadOnlyList<string> GrowthFrom
)
{
    public static readonly string[] ScenarioNames = ["intake", "mypage", "import", "audience", "fanout"];

    public const double MaxScale = 3;

    public const string Usage =
        "usage: bench.sh [--runs 3] [--scale 1.0] [--only intake,mypage,import,audience,fanout] [--concurrency 16]"
        + " [--growth 0.1,0.3,1,3] [--replicas 2] [--growth-from a.json,b.json]";

    // A size from the issue at this run's scale, never below a handful so every line measures something.
    public int Sized(int fullSize, int minimum = 10) => Math.Max(minimum, (int)Math.Round(fullSize * Scale));

    // The scales this invocation runs, in order: the growth series, or the one scale.
    public IReadOnlyList<double> Scales => Growth.Count > 0 ? Growth : [Scale];

    public static bool TryParse(string[] args, out BenchOptions options, out string problem)
    {
        options = new BenchOptions(3, 1.0, ScenarioNames, 16, [], 1, []);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out var runs) && runs > 0:
                    options = options with { Runs = runs };
                    break;
                case "--scale" when TryScale(value, out var scale):
                    options = options with { Scale = scale };
                    break;
                case "--growth-from" when value is not null:
                    var files = Items(value);
                    var absent = files.Where(file => !File.Exists(file)).ToList();
                    if (absent.Count > 0)
                    {
                        problem = $"no such results file: {string.Join(", ", absent)}";
                        return false;
                    }
                    options = options with { GrowthFrom = files };
                    break;
                case "--growth" when value is not null:
                    var scales = Items(value);
                    var parsed = new List<double>();
                    foreach (var text in scales)
                    {
                        if (!TryScale(text, out var each))
                        {
                            problem = $"cannot read scale {text} in --growth (each > 0 and <= {MaxScale})";
                            return false;
                        }
                        parsed.Add(each);
                    }
                    options = options with { Growth = [.. parsed.Distinct().Order()] };
                    break;
                case "--replicas"
                    when int.TryParse(value, CultureInfo.InvariantCulture, out var replicas)
                        && replicas is > 0 and <= 8:
                    options = options with { Replicas = replicas };
                    break;
                case "--concurrency"
                    when int.TryParse(value, CultureInfo.InvariantCulture, out var concurrency) && concurrency > 0:
                    options = options with { Concurrency = concurrency };
                    break;
                case "--only" when value is not null:
                    var only = Items(value);
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

    // "a,b, c" as [a, b, c]: every list option's form.
    private static string[] Items(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryScale(string? text, out double scale) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out scale) && scale > 0 && scale <= MaxScale;
}
