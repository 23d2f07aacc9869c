using BenchmarkDotNet.Running;
using Reconciler.Bench;

// dotnet run -c Release --project bench/Reconciler.Bench -- --filter '*'   (BenchmarkDotNet: median, allocations)
// dotnet run -c Release --project bench/Reconciler.Bench -- quick          (a Stopwatch loop, a few seconds)
if (args.Length > 0 && args[0] == "quick")
{
    QuickRun.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PlanBenchmarks).Assembly).Run(args);
