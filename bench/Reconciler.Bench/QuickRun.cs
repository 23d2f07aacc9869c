using System.Diagnostics;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Bench;

/// <summary><c>-- quick</c>: a Stopwatch loop that prints the figures in a few seconds (BenchmarkDotNet takes minutes).</summary>
internal static class QuickRun
{
    public static void Run(TextWriter output)
    {
        var planner = new Planner(PolicyLoader.LoadBuiltIn());
        var one = SampleWorkflows.Repository(0);
        var text = one.Files.Values.Single();
        var changed = planner.PlanRepository(one);
        var lines = text.Split('\n').Length - 1;
        output.WriteLine($"workflow: {lines} lines; plan: {changed.Changes.Count} change(s), {changed.Findings.Count} findings");

        for (var i = 0; i < 2000; i++)
        {
            planner.PlanRepository(one); // warm up: tiered JIT promotes hot methods only after many calls
        }

        const int runs = 1000;
        var times = new double[runs];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            planner.PlanRepository(one);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var perRun = (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs;
        Array.Sort(times);
        output.WriteLine($"one workflow: median {times[runs / 2]:F3} ms, p95 {times[(int)(runs * 0.95)]:F3} ms, min {times[0]:F3} ms, {perRun / 1024.0:F0} KiB allocated per plan");

        if (Environment.GetEnvironmentVariable("RECONCILE_BENCH_BREAKDOWN") == "1")
        {
            Breakdown(output, one);
        }

        var batch = Enumerable.Range(0, PlanBenchmarks.BatchSize).Select(SampleWorkflows.Repository).ToArray();
        // CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var total = 0;
        foreach (var repo in batch)
        {
            total += planner.PlanRepository(repo).Changes.Count;
        }

        watch.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        output.WriteLine($"batch: {batch.Length} workflows in {watch.Elapsed.TotalMilliseconds:F0} ms on one thread = {batch.Length / watch.Elapsed.TotalSeconds:F0} workflows/s, {watch.Elapsed.TotalMilliseconds / batch.Length:F3} ms each wall, {cpuMs / batch.Length:F3} ms each CPU ({total} changes)");
    }

    /// <summary>Median time of a plan with only one rule, per rule, and of parsing alone: where the time goes.</summary>
    private static void Breakdown(TextWriter output, Reconciler.Core.Repositories.RepositorySnapshot one)
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var text = one.Files.Values.Single();
        output.WriteLine($"  parse only: {Median(() => Reconciler.Core.Workflows.Workflow.Parse("ci.yml", text)):F3} ms (YAML events alone {Median(() => Reconciler.Core.Yaml.YTree.Parse(text)):F3} ms)");
        var after = ((FileChange)new Planner(policy).PlanRepository(one).Changes[0]).Content;
        output.WriteLine($"  unified diff of the result: {Median(() => UnifiedDiff.Create("ci.yml", text, after)):F3} ms");
        var before = Reconciler.Core.Yaml.YTreeSplice.Counts;
        new Planner(policy).PlanRepository(one);
        var after2 = Reconciler.Core.Yaml.YTreeSplice.Counts;
        output.WriteLine($"  re-parses in one plan: {after2.Spliced - before.Spliced} spliced, {after2.ParsedWhole - before.ParsedWhole} whole");
        output.WriteLine($"  no rules: {Median(() => new Planner(policy, []).PlanRepository(one)):F3} ms");
        foreach (var rule in Reconciler.Core.Rules.RuleCatalog.All)
        {
            var planner = new Planner(policy, [rule]);
            output.WriteLine($"  {rule.Id}: {Median(() => planner.PlanRepository(one)):F3} ms");
        }
    }

    private static double Median(Action action)
    {

        for (var i = 0; i < 50; i++)
        {
            action();
        }

        var times = new double[300];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }
}
