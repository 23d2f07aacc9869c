using Reconciler.Core.Hosts;
using Reconciler.Worker.Tests.Support;

namespace Reconciler.Worker.Tests;

/// <summary>One repository going wrong is that repository's error row; the sweep and the others carry on.</summary>
public sealed class FailureIsolationTests
{
    [Fact]
    public async Task A_repository_that_throws_is_recorded_as_an_error_and_the_others_are_reconciled()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        const string token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        static Task Misbehave(RepositoryRef repo, CancellationToken _) => repo.FullName switch
        {
            "acme-java" => throw new InvalidOperationException($"the client failed with Authorization: token {token}"),
            "acme-node" => throw new HostException("acme-node/.github/workflows/ci.yml: 502 from the API"),
            _ => Task.CompletedTask,
        };
        await using var node = await WorkerNode.StartAsync(db.ConnectionString, org.Path, new HookedHost(org.Path, Misbehave));

        await node.SweepAsync();
        var runs = await Runs.QuietAsync(db, org.Repositories.Count);

        var java = Assert.Single(runs, r => r.Repository == "acme-java");
        Assert.Equal("error", java.Status);
        Assert.Contains("InvalidOperationException", java.Error);
        Assert.DoesNotContain(token, java.Error);
        var node502 = Assert.Single(runs, r => r.Repository == "acme-node");
        Assert.Equal("error", node502.Status);
        Assert.Contains("502 from the API", node502.Error);
        Assert.All(runs.Where(r => r.Repository is not ("acme-java" or "acme-node")), r => Assert.Contains(r.Status, new[] { "drift", "in-sync" }));
    }

    [Fact]
    public async Task The_sample_org_plans_as_the_cli_does_drift_with_changes_and_an_in_sync_repository()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        await using var node = await WorkerNode.StartAsync(db.ConnectionString, org.Path);

        await node.SweepAsync();
        var runs = await Runs.QuietAsync(db, org.Repositories.Count);

        Assert.Contains(runs, r => r.Status == "drift" && r.Changes > 0);
        Assert.All(runs, r => Assert.Null(r.Error));
    }
}
