using Reconciler.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Reconciler.Worker.Tests;

/// <summary>Two replicas, one database: the work of a sweep is shared and every repository is reconciled once.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_replicas_reconcile_every_repository_exactly_once_and_both_take_part()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create(copies: 5);
        // A little time per repository, so the sweeping replica can't drain the queue before the other looks.
        static Task Slow(Core.Hosts.RepositoryRef _, CancellationToken ct) => Task.Delay(300, ct);
        // Both start at once on the empty database: each creates the schema if missing, and neither trips on the other.
        var started = await Task.WhenAll(
            WorkerNode.StartAsync(db.ConnectionString, org.Path, new HookedHost(org.Path, Slow)),
            WorkerNode.StartAsync(db.ConnectionString, org.Path, new HookedHost(org.Path, Slow)));
        await using var a = started[0];
        await using var b = started[1];
        Assert.NotEqual(a.InstanceId, b.InstanceId);

        await a.SweepAsync();
        var runs = await Runs.QuietAsync(db, org.Repositories.Count);

        output.WriteLine($"{runs.Count} repositories: {runs.Count(r => r.Instance == a.InstanceId)} on the sweeping replica, {runs.Count(r => r.Instance == b.InstanceId)} on the other");
        Assert.Equal(org.Repositories, runs.Select(r => r.Repository).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.Contains(r.Status, new[] { "drift", "in-sync" }));
        Assert.All(runs, r => Assert.Contains(r.Instance, new[] { a.InstanceId, b.InstanceId }));
        Assert.Equal(2, runs.Select(r => r.Instance).Distinct().Count());
        Assert.Equal(org.Repositories.Count, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'repository'"));
    }

    [Fact]
    public async Task Sweeping_again_never_doubles_a_repository_job_or_its_waiting_run()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        var n = org.Repositories.Count;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new HookedHost(org.Path, (_, ct) => gate.Task.WaitAsync(ct));
        await using var node = await WorkerNode.StartAsync(db.ConnectionString, org.Path, host);

        // Sweep 1 enqueues every repository; two start (MaxConcurrency = 2) and are held in their read.
        await node.SweepAsync();
        var running = await Eventually.UntilAsync(
            async () => (await Runs.AllAsync(db.DataSource)).Where(r => r.Status == "running").Select(r => r.Repository).ToList(),
            rows => rows.Count == 2,
            "two repositories to be running");

        // Sweeps 2 and 3: a waiting run is kept as it is; a running repository gets one follow-up run, not one per sweep.
        for (var sweep = 2; sweep <= 3; sweep++)
        {
            await node.SweepAsync();
            await Eventually.UntilAsync(() => Task.FromResult(host.CompletedListings), done => done >= sweep, $"sweep {sweep} to finish enqueuing");
        }

        Assert.Equal(n, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'repository'"));
        Assert.Equal(n, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'repository'"));

        gate.SetResult();
        var runs = await Runs.QuietAsync(db, n + running.Count);
        foreach (var repository in org.Repositories)
        {
            var expected = running.Contains(repository) ? 2 : 1;
            Assert.Equal(expected, runs.Count(r => r.Repository == repository));
            Assert.Equal(expected, host.Reads[repository]);
        }

        Assert.Equal(n, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'repository'"));
    }

    [Fact]
    public async Task A_repository_that_is_gone_from_the_org_has_its_job_pruned_at_the_next_sweep()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        var n = org.Repositories.Count;
        await using var node = await WorkerNode.StartAsync(db.ConnectionString, org.Path);
        await node.SweepAsync();
        await Runs.QuietAsync(db, n);

        Directory.Delete(Path.Combine(org.Path, "acme-docs"), recursive: true);
        await node.SweepAsync();
        var runs = await Runs.QuietAsync(db, 2 * n - 1);

        var jobs = await Eventually.UntilAsync(
            () => Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'repository'"),
            count => count == n - 1,
            "the gone repository's job to be pruned");
        Assert.Equal(n - 1, jobs);
        Assert.Single(runs, r => r.Repository == "acme-docs");
    }
}
