using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Reconciler.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Reconciler.Worker.Tests;

/// <summary>A replica that goes away mid-run: its repository is reconciled by the replica that is left.</summary>
public sealed class RecoveryTests(ITestOutputHelper output)
{
    private const string Held = "acme-python";

    [Fact]
    public async Task A_repository_whose_replica_crashes_mid_run_is_recovered_by_the_other()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        // The held read ignores cancellation: to the cluster, its replica simply stops checking in.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRead = 0;
        Task Hold(Core.Hosts.RepositoryRef repo, CancellationToken _) =>
            repo.FullName == Held && Interlocked.Exchange(ref firstRead, 1) == 0 ? gate.Task : Task.CompletedTask;

        // Stopping without waiting for jobs and without interrupting them is as close to a crash as one process gets.
        var nodes = new List<WorkerNode>();
        for (var i = 0; i < 2; i++)
        {
            nodes.Add(await WorkerNode.StartAsync(WorkerNode.Settings(db.ConnectionString, org.Path), services =>
            {
                services.AddSingleton<Core.Hosts.IRepositoryHost>(new HookedHost(org.Path, Hold));
                services.Configure<QuartzHostedServiceOptions>(o => o.WaitForJobsToComplete = false);
            }));
        }

        try
        {
            await nodes[0].SweepAsync();
            var stuck = await Eventually.UntilAsync(
                async () => (await Runs.AllAsync(db.DataSource)).FirstOrDefault(r => r.Repository == Held && r.Status == "running"),
                row => row is not null,
                $"{Held} to start");
            var crashed = nodes.Single(n => n.InstanceId == stuck!.Instance);
            var survivor = nodes.Single(n => n != crashed);

            var clock = Stopwatch.StartNew();
            await crashed.StopAsync();

            var recovered = await Eventually.UntilAsync(
                async () => (await Runs.AllAsync(db.DataSource)).FirstOrDefault(r => r.Repository == Held && r.Status is "drift" or "in-sync"),
                row => row is not null,
                $"{Held} to be recovered by {survivor.InstanceId}");
            output.WriteLine($"recovered {clock.Elapsed.TotalSeconds:F1} s after the crash (check-in 1 s, misfire threshold 7 s)");
            Assert.Equal(survivor.InstanceId, recovered!.Instance);
            Assert.True(recovered.Recovering);
            var abandoned = Assert.Single(await Runs.AllAsync(db.DataSource), r => r.Repository == Held && r.Instance == crashed.InstanceId);
            Assert.Equal("abandoned", abandoned.Status);
            Assert.Contains(survivor.InstanceId, abandoned.Reason);

            // Everything else was reconciled once, by one replica or the other.
            var others = (await Runs.FinishedAsync(db.DataSource)).Where(r => r.Repository != Held).ToList();
            Assert.Equal(org.Repositories.Where(r => r != Held), others.Select(r => r.Repository).Order(StringComparer.Ordinal));
        }
        finally
        {
            gate.TrySetResult();
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_sweep_whose_replica_crashes_part_way_is_finished_by_the_other()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        // The first sweep stops after listing two repositories and never goes on: its replica "dies" there.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweeper = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstSweep = 0;
        var nodes = new List<WorkerNode>();
        for (var i = 0; i < 2; i++)
        {
            var index = i;
            Task HoldSweep(int listed, CancellationToken _)
            {
                if (listed == 2 && Interlocked.Exchange(ref firstSweep, 1) == 0)
                {
                    sweeper.TrySetResult(nodes[index].InstanceId);
                    return gate.Task;
                }

                return Task.CompletedTask;
            }

            nodes.Add(await WorkerNode.StartAsync(WorkerNode.Settings(db.ConnectionString, org.Path), services =>
            {
                services.AddSingleton<Core.Hosts.IRepositoryHost>(new HookedHost(org.Path, afterListed: HoldSweep));
                services.Configure<QuartzHostedServiceOptions>(o => o.WaitForJobsToComplete = false);
            }));
        }

        try
        {
            await nodes[0].SweepAsync();
            var crashedId = await sweeper.Task.WaitAsync(Eventually.DefaultTimeout);
            var crashed = nodes.Single(n => n.InstanceId == crashedId);
            var survivor = nodes.Single(n => n != crashed);
            await crashed.StopAsync();

            var runs = await Eventually.UntilAsync(
                () => Runs.FinishedAsync(db.DataSource),
                rows => rows.Select(r => r.Repository).Distinct().Count() == org.Repositories.Count,
                "every repository to be reconciled after the sweeping replica crashed");
            Assert.Equal(org.Repositories, runs.Select(r => r.Repository).Distinct().Order(StringComparer.Ordinal));
            Assert.Contains(runs, r => r.Instance == survivor.InstanceId);
        }
        finally
        {
            gate.TrySetResult();
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_replica_that_is_stopped_hands_its_running_repository_to_the_other()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        // The held read honours cancellation, as every real read does: a graceful stop cancels it.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRead = 0;
        Task Hold(Core.Hosts.RepositoryRef repo, CancellationToken ct) =>
            repo.FullName == Held && Interlocked.Exchange(ref firstRead, 1) == 0 ? gate.Task.WaitAsync(ct) : Task.CompletedTask;
        await using var a = await WorkerNode.StartAsync(db.ConnectionString, org.Path, new HookedHost(org.Path, Hold));
        await using var b = await WorkerNode.StartAsync(db.ConnectionString, org.Path, new HookedHost(org.Path, Hold));

        await a.SweepAsync();
        var stuck = await Eventually.UntilAsync(
            async () => (await Runs.AllAsync(db.DataSource)).FirstOrDefault(r => r.Repository == Held && r.Status == "running"),
            row => row is not null,
            $"{Held} to start");
        var stopping = stuck!.Instance == a.InstanceId ? a : b;
        var staying = stopping == a ? b : a;

        var clock = Stopwatch.StartNew();
        await stopping.StopAsync();

        var runs = await Eventually.UntilAsync(
            async () => (await Runs.AllAsync(db.DataSource)).Where(r => r.Repository == Held).ToList(),
            rows => rows.Any(r => r.Instance == staying.InstanceId && r.Status is "drift" or "in-sync"),
            $"{Held} to be run again by {staying.InstanceId}");
        output.WriteLine($"run again {clock.Elapsed.TotalSeconds:F1} s after the stop began");
        var handedBack = Assert.Single(runs, r => r.Instance == stopping.InstanceId);
        Assert.Equal("cancelled", handedBack.Status);
        Assert.True(Assert.Single(runs, r => r.Instance == staying.InstanceId).Recovering);
    }
}
