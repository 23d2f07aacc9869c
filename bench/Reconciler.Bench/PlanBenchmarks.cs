using BenchmarkDotNet.Attributes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Bench;

/// <summary>Parse + every rule + edit + re-parse, for one 150-line workflow and for a 1,000-repository batch.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(warmupCount: 3, iterationCount: 10)] // the batch takes seconds per invocation; ten iterations give a stable median
public class PlanBenchmarks
{
    public const int BatchSize = 1000;

    private Planner _planner = null!;
    private RepositorySnapshot _one = null!;
    private RepositorySnapshot[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _planner = new Planner(PolicyLoader.LoadBuiltIn());
        _one = SampleWorkflows.Repository(0);
        _batch = Enumerable.Range(0, BatchSize).Select(SampleWorkflows.Repository).ToArray();
    }

    [Benchmark(Description = "one 150-line workflow")]
    public RepositoryPlan OneWorkflow() => _planner.PlanRepository(_one);

    [Benchmark(Description = "1,000 workflows (per workflow)", OperationsPerInvoke = BatchSize)]
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
