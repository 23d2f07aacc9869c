using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Hosting;
using Reconciler.Worker.Tests.Support;

namespace Reconciler.Worker.Tests;

/// <summary>The worker on GitHub (the double): <c>Reconcile__Org</c> without <c>Reconcile__Path</c> keeps the org converged.</summary>
public sealed class GitHubTests
{
    [Fact]
    public async Task In_apply_mode_a_sweep_opens_one_pull_request_per_drifted_repository_and_a_second_sweep_writes_nothing()
    {
        await using var db = await FreshDatabase.CreateAsync();
        await using var gh = await SampleOrgOnGitHub.StartAsync();
        var repositories = SampleOrgOnGitHub.Repositories();
        var policy = PolicyLoader.LoadBuiltIn();
        var withFiles = await RepositoriesWithFileChangesAsync(gh, policy);
        Assert.NotEmpty(withFiles);
        var heads = repositories.ToDictionary(r => r, r => gh.GetRef(SampleOrgOnGitHub.Org, Name(r), "heads/main"));

        var settings = WorkerNode.Settings(db.ConnectionString, "");
        settings["Reconcile:Mode"] = "apply";
        settings["Reconcile:ApiUrl"] = gh.BaseUri.AbsoluteUri;
        settings["GITHUB_TOKEN"] = gh.DefaultToken;
        await using var node = await WorkerNode.StartAsync(settings, services =>
            services.AddSingleton(new GitHubPacing { WriteSpacing = TimeSpan.Zero, BackoffBase = TimeSpan.FromMilliseconds(50) }));
        Assert.IsType<GitHubRepositoryApplier>(node.Services.GetRequiredService<IRepositoryApplier>());

        await node.SweepAsync();
        var first = await Runs.QuietAsync(db, repositories.Count);

        Assert.Equal(repositories, first.Select(r => r.Repository).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(first, r => r.Status == "error");
        foreach (var repository in repositories)
        {
            var pulls = gh.GetPullRequests(SampleOrgOnGitHub.Org, Name(repository));
            var run = first.Single(r => r.Repository == repository);
            if (withFiles.Contains(repository))
            {
                var pr = Assert.Single(pulls);
                Assert.Equal(policy.PullRequestBranch, pr.Head);
                Assert.Equal("open", pr.State);
                Assert.Equal("drift", run.Status);
                Assert.True(run.Changes > 0, run.ToString());
                Assert.Contains($"opened pull request #{pr.Number}", run.Reason, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(pulls);
            }

            // The default branch is only ever written through a pull request.
            Assert.Equal(heads[repository], gh.GetRef(SampleOrgOnGitHub.Org, Name(repository), "heads/main"));
        }

        var mark = gh.Requests.Entries.Count;
        await node.SweepAsync();
        var all = await Runs.QuietAsync(db, 2 * repositories.Count);

        var writes = gh.Requests.Entries.Skip(mark).Where(e => e.IsWrite).ToList();
        Assert.True(writes.Count == 0, "the second sweep wrote:\n" + string.Join("\n", writes.Select(e => $"{e.Method} {e.Path} → {e.Status}")));
        var second = all.Skip(repositories.Count).ToList();
        Assert.Equal(repositories, second.Select(r => r.Repository).Order(StringComparer.Ordinal));
        foreach (var run in second.Where(r => withFiles.Contains(r.Repository)))
        {
            // Our pull request is current and waits for a human: nothing left for the worker to write.
            Assert.Equal("in-sync", run.Status);
            Assert.Equal(0, run.Changes);
            Assert.Contains("up to date: pull request #", run.Reason, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(second, r => r.Status is "error" or "drift");
        Assert.All(repositories, r => Assert.True(gh.GetPullRequests(SampleOrgOnGitHub.Org, Name(r)).Count <= 1));
    }

    [Fact]
    public async Task Action_tags_are_resolved_through_the_host_before_a_repository_is_planned()
    {
        await using var db = await FreshDatabase.CreateAsync();
        await using var gh = await Reconciler.GitHubDouble.GitHubDouble.StartAsync();
        gh.AddOrg("someorg");
        gh.AddRepo("someorg", "thing");
        gh.AddLightweightTag("someorg", "thing", "v2", gh.GetRef("someorg", "thing", "heads/main")!);
        gh.AddOrg(SampleOrgOnGitHub.Org);
        gh.AddRepo(SampleOrgOnGitHub.Org, "svc", new Reconciler.GitHubDouble.RepoSeed
        {
            Files = new Dictionary<string, string>
            {
                [".github/workflows/ci.yml"] = "name: ci\non: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someorg/thing@v2\n",
            },
        });

        var settings = WorkerNode.Settings(db.ConnectionString, "");
        settings["Reconcile:ApiUrl"] = gh.BaseUri.AbsoluteUri;
        settings["GITHUB_TOKEN"] = gh.DefaultToken;
        await using var node = await WorkerNode.StartAsync(settings);

        await node.SweepAsync();
        var run = Assert.Single(await Runs.QuietAsync(db, 1));

        Assert.NotEqual("error", run.Status);
        Assert.Contains(gh.Requests.Entries, e => e.Method == "GET" && e.Path.EndsWith("/repos/someorg/thing/git/matching-refs/tags/v2", StringComparison.Ordinal));
        Assert.DoesNotContain(gh.Requests.Entries, e => e.IsWrite);
    }

    [Fact]
    public void An_org_without_a_path_or_credentials_is_a_setup_error_naming_GITHUB_TOKEN()
    {
        var builder = Builder();
        builder.Configuration["Reconcile:Org"] = "acme";

        var error = Assert.Throws<WorkerSetupException>(() => builder.AddReconcileWorker());

        Assert.Contains("GITHUB_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("GITHUB_APP_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reconcile__Org", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GitHub_App_without_its_private_key_is_a_setup_error_naming_the_variables()
    {
        var builder = Builder();
        builder.Configuration["Reconcile:Org"] = "acme";
        builder.Configuration["GITHUB_APP_ID"] = "12345";

        var error = Assert.Throws<WorkerSetupException>(() => builder.AddReconcileWorker());

        Assert.Contains("GITHUB_APP_PRIVATE_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_url_that_is_not_http_is_a_setup_error_naming_the_key()
    {
        var builder = Builder();
        builder.Configuration["Reconcile:Org"] = "acme";
        builder.Configuration["GITHUB_TOKEN"] = "ghp_" + new string('a', 36);
        builder.Configuration["Reconcile:ApiUrl"] = "ftp://example.com/";

        var error = Assert.Throws<WorkerSetupException>(() => builder.AddReconcileWorker());

        Assert.Contains("Reconcile__ApiUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApplyOutcome.Created, "opened pull request #1 https://x", "drift", 2, null, "opened pull request #1 https://x")]
    [InlineData(ApplyOutcome.Updated, "updated pull request #1 https://x", "drift", 2, null, "updated pull request #1 https://x")]
    [InlineData(ApplyOutcome.UpToDate, "up to date: pull request #1 https://x", "in-sync", 0, null, "up to date: pull request #1 https://x")]
    [InlineData(ApplyOutcome.Skipped, "skipped: human commit on branch b", "skipped", 0, null, "human commit on branch b")]
    [InlineData(ApplyOutcome.Failed, "error: acme/x: 502 Bad Gateway", "error", 0, "acme/x: 502 Bad Gateway", null)]
    public void Apply_results_map_to_run_log_outcomes(ApplyOutcome outcome, string message, string status, int changes, string? error, string? reason)
    {
        var plan = new RepositoryPlan
        {
            Repository = "acme/x",
            Status = RepositoryStatus.Drift,
            Changes = [new FileChange { Path = "a", Action = ChangeAction.Update, Content = "x", Diff = "" }, new FileChange { Path = "b", Action = ChangeAction.Update, Content = "y", Diff = "" }],
        };

        var result = GitHubRepositoryApplier.ToExecution(plan, outcome, message);

        Assert.Equal(status, Storage.RunStatus.Of(result.Status));
        Assert.Equal(changes, result.Changes);
        Assert.Equal(error, result.Error);
        Assert.Equal(reason, result.Reason);
    }

    private static HostApplicationBuilder Builder()
    {
        // An empty builder reads no process environment: the test's credentials are only what it sets.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:Quartz"] = "Host=127.0.0.1;Database=unused";
        return builder;
    }

    private static string Name(string fullName) => fullName.Split('/')[1];

    /// <summary>A read-only plan of the double through the same factory the worker and the CLI use: which repositories need a pull request.</summary>
    private static async Task<IReadOnlySet<string>> RepositoriesWithFileChangesAsync(Reconciler.GitHubDouble.GitHubDouble gh, Policy policy)
    {
        var host = GitHubHostFactory.Create(new GitHubHostOptions
        {
            Credentials = new TokenCredentials(gh.DefaultToken),
            ApiUrl = gh.BaseUri,
            Policy = policy,
            Scope = GitHubScope.Orgs(SampleOrgOnGitHub.Org),
        });
        var resolver = new ActionResolver(host.Connection);
        var plan = await PlanSweep.RunAsync(host, new Planner(policy), new SweepOptions
        {
            ResolveActions = (snapshots, ct) => resolver.ResolveAsync(snapshots, policy, ct),
        }, CancellationToken.None);
        return plan.Repositories.Where(r => r.Status == RepositoryStatus.Drift && r.Changes.OfType<FileChange>().Any()).Select(r => r.Repository).ToHashSet(StringComparer.Ordinal);
    }
}
