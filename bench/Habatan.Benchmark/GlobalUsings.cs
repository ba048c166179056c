global using System.Diagnostics;
global using System.Globalization;
global using Habatan.Benchmark.Measuring;
global using Habatan.Benchmark.Running;
global using Habatan.TestSupport;
global using Spectre.Console;
