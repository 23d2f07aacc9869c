using BenchmarkDotNet.Attributes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Bench;

/// <summary>Parse + every rule + edit + re-parse for one 150-line workflow: BenchmarkDotNet's default job (warm-up and iterations until the figure is stable).</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class PlanBenchmarks
{
    public const int BatchSize = 1000;

    private Planner _planner = null!;
    private RepositorySnapshot _one = null!;

    [GlobalSetup]
    public void Setup()
    {
        _planner = new Planner(PolicyLoader.LoadBuiltIn());
        _one = SampleWorkflows.Repository(0);
    }

    [Benchmark(Description = "one 150-line workflow")]
    public RepositoryPlan OneWorkflow() => _planner.PlanRepository(_one);
}

/// <summary>The same for a 1,000-repository batch of variants, reported per workflow.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(warmupCount: 3, iterationCount: 10)] // the batch takes seconds per invocation; ten iterations give a stable median
public class BatchBenchmarks
{
    private Planner _planner = null!;
    private RepositorySnapshot[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _planner = new Planner(PolicyLoader.LoadBuiltIn());
        _batch = Enumerable.Range(0, PlanBenchmarks.BatchSize).Select(SampleWorkflows.Repository).ToArray();
    }

    [Benchmark(Description = "1,000 workflows (per workflow)", OperationsPerInvoke = PlanBenchmarks.BatchSize)]
    public int Batch()
    {
        var changes = 0;
        foreach (var repo in _batch)
        {
            changes += _planner.PlanRepository(repo).Changes.Count;
        }

        return changes;
    }
}
