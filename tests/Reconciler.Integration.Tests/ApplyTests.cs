namespace Reconciler.Integration.Tests;

/// <summary><c>reconcile apply</c> against the GitHub double: one pull request per drifted repository, idempotent, and safe.</summary>
public sealed class ApplyTests
{
    private static readonly string[] Apply = ["apply", "--org", Env.Org, "--yes", "--no-color"];

    [Fact]
    public async Task Apply_opens_exactly_one_pull_request_per_drifted_repository_and_a_second_apply_writes_nothing()
    {
        await using var env = await Env.StartAsync();
        var plan = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");
        var drifted = PlanTests.Repositories(plan.Json).Where(r => r.Value.GetProperty("status").GetString() == "drift").Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(drifted);
        var heads = Env.SampleRepos.ToDictionary(n => n, n => env.GitHub.GetRef(Env.Org, n, "heads/main"));

        var first = await env.RunAsync(Apply);
        Assert.True(first.Exit == 0, first.ToString());
        foreach (var name in Env.SampleRepos)
        {
            var pulls = env.GitHub.GetPullRequests(Env.Org, name);
            if (drifted.Contains(Env.Org + "/" + name))
            {
                var pr = Assert.Single(pulls);
                Assert.Equal(Env.Branch, pr.Head);
                Assert.Equal("main", pr.Base);
                Assert.Equal("open", pr.State);
                Assert.Contains("<!-- reconcile:policy=sdk-publish-hardening digest=sha256:", pr.Body, StringComparison.Ordinal);
                Assert.Contains($"acme/{name}: opened pull request #{pr.Number}", first.Stdout, StringComparison.Ordinal);

                // The branch carries exactly the planned files, on top of the default branch's head.
                var change = PlanTests.Repositories(plan.Json)[Env.Org + "/" + name].GetProperty("changes").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "file");
                Assert.Equal(change.GetProperty("content").GetString(), env.GitHub.ReadFile(Env.Org, name, change.GetProperty("path").GetString()!, Env.Branch));
                Assert.Equal(heads[name], env.GitHub.GetCommit(Env.Org, name, Env.Branch)!.Parents.Single());
            }
            else
            {
                Assert.Empty(pulls);
            }

            Assert.Equal(heads[name], env.GitHub.GetRef(Env.Org, name, "heads/main"));
        }

        var mark = env.Mark;
        var second = await env.RunAsync(Apply);
        Assert.True(second.Exit == 0, second.ToString());
        Assert.True(env.Since(mark).All(e => !e.IsWrite), "second apply wrote:\n" + env.Describe(env.Since(mark).Where(e => e.IsWrite)));
        Assert.Contains("up to date: pull request #1", second.Stdout, StringComparison.Ordinal);
        Assert.All(Env.SampleRepos, n => Assert.True(env.GitHub.GetPullRequests(Env.Org, n).Count <= 1));
    }

    [Fact]
    public async Task The_default_branch_is_never_written()
    {
        await using var env = await Env.StartAsync();
        await env.RunAsync(Apply);
        await env.RunAsync(Apply);
        var writes = env.Log.Where(e => e.IsWrite).ToList();
        Assert.NotEmpty(writes);
        // Only ref writes move a branch (a tree's file content may well mention refs/heads/main).
        Assert.DoesNotContain(writes, e => e.Path.Contains("/git/refs/heads/main", StringComparison.Ordinal) || (e.Path.Contains("/git/refs", StringComparison.Ordinal) && e.RequestBody.Contains("refs/heads/main", StringComparison.Ordinal)));
        Assert.DoesNotContain(writes, e => e.Path.Contains("/contents/", StringComparison.Ordinal) || e.Path.EndsWith("/merge", StringComparison.Ordinal));
        Assert.All(writes.Where(e => e.Path.Contains("/git/refs", StringComparison.Ordinal)), e =>
            Assert.True(e.Path.EndsWith("/git/refs/heads/" + Env.Branch, StringComparison.Ordinal) || e.RequestBody.Contains("\"refs/heads/" + Env.Branch + "\"", StringComparison.Ordinal), e.Method + " " + e.Path + " " + e.RequestBody));
    }

    [Fact]
    public async Task A_human_commit_on_our_branch_is_never_overwritten()
    {
        await using var env = await Env.StartAsync();
        await env.RunAsync(Apply);
        var human = env.GitHub.PushCommit(Env.Org, "acme-python", Env.Branch, new Dictionary<string, string?> { ["NOTES.md"] = "mine\n" }, "Human tweak");

        // The policy's desired content changes too, so we would want to rewrite the branch.
        env.GitHub.PushCommit(Env.Org, "acme-python", "main", new Dictionary<string, string?> { ["README.md"] = "# changed\n" }, "Unrelated change on main");
        var mark = env.Mark;
        var run = await env.RunAsync("apply", "--repo", "acme/acme-python", "--yes");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains($"acme/acme-python: skipped: human commit on branch {Env.Branch} ({human[..7]} by A Human); not overwritten", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(human, env.GitHub.GetRef(Env.Org, "acme-python", "heads/" + Env.Branch));
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
    }

    [Fact]
    public async Task A_human_commit_that_copies_our_trailers_is_still_recognised_by_its_tree()
    {
        await using var env = await Env.StartAsync();
        await env.RunAsync(Apply);
        var ours = env.GitHub.GetCommit(Env.Org, "acme-node", Env.Branch)!;
        Assert.Contains("Reconcile-Tree: " + ours.TreeSha, ours.Message, StringComparison.Ordinal);
        var human = env.GitHub.PushCommit(Env.Org, "acme-node", Env.Branch, new Dictionary<string, string?> { ["NOTES.md"] = "amended\n" }, ours.Message);
        env.GitHub.PushCommit(Env.Org, "acme-node", "main", new Dictionary<string, string?> { [".github/workflows/more.yml"] = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n" });

        var mark = env.Mark;
        var run = await env.RunAsync("apply", "--repo", "acme/acme-node", "--yes");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("skipped: human commit on branch", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(human, env.GitHub.GetRef(Env.Org, "acme-node", "heads/" + Env.Branch));
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
    }

    [Fact]
    public async Task A_pull_request_closed_without_merging_is_not_wanted_until_the_policy_changes()
    {
        await using var env = await Env.StartAsync();
        await env.RunAsync(Apply);
        env.GitHub.Inspect(s =>
        {
            var pr = s.FindRepo(Env.Org, "acme-python")!.Pulls.Single();
            pr.State = "closed";
            pr.ClosedAt = s.Now;
            return pr.Number;
        });

        var mark = env.Mark;
        var run = await env.RunAsync("apply", "--repo", "acme/acme-python", "--yes");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("skipped: pull request #1 was closed without merging; not wanted until the policy changes", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);

        var policy = await WritePolicyAsync(p => p.Replace("title: Harden the release pipeline", "title: Harden the release pipeline (v2)", StringComparison.Ordinal));
        try
        {
            var changed = await env.RunAsync("apply", "--repo", "acme/acme-python", "--yes", "--policy", policy);
            Assert.True(changed.Exit == 0, changed.ToString());
            Assert.Contains("acme/acme-python: opened pull request #2", changed.Stdout, StringComparison.Ordinal);
            Assert.Equal("Harden the release pipeline (v2)", env.GitHub.GetPullRequests(Env.Org, "acme-python").Single(p => p.Number == 2).Title);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task Our_open_pull_request_is_updated_when_the_desired_content_changes_and_labels_are_added()
    {
        await using var env = await Env.StartAsync();
        var policy = await WritePolicyAsync(p => p.Replace("labels: [security, reconcile]", "labels: [security, automated]", StringComparison.Ordinal));
        try
        {
            var first = await env.RunAsync("apply", "--repo", "acme/acme-node", "--yes", "--policy", policy);
            Assert.True(first.Exit == 0, first.ToString());
            Assert.Equal(["automated", "security"], env.GitHub.GetPullRequests(Env.Org, "acme-node").Single().Labels.Order(StringComparer.Ordinal));
            var before = env.GitHub.GetRef(Env.Org, "acme-node", "heads/" + Env.Branch);

            // A second workflow appears on main: the desired content of the branch changes.
            var wf = File.ReadAllText(Path.Combine(Env.Examples, "acme-python", ".github", "workflows", "ci.yml"));
            env.GitHub.PushCommit(Env.Org, "acme-node", "main", new Dictionary<string, string?> { [".github/workflows/extra.yml"] = wf }, "Add a workflow");
            var second = await env.RunAsync("apply", "--repo", "acme/acme-node", "--yes", "--policy", policy);
            Assert.True(second.Exit == 0, second.ToString());
            Assert.Contains("acme/acme-node: updated pull request #1", second.Stdout, StringComparison.Ordinal);
            var pr = Assert.Single(env.GitHub.GetPullRequests(Env.Org, "acme-node"));
            Assert.Contains("extra.yml", pr.Body, StringComparison.Ordinal);
            Assert.NotEqual(before, env.GitHub.GetRef(Env.Org, "acme-node", "heads/" + Env.Branch));
            Assert.NotNull(env.GitHub.ReadFile(Env.Org, "acme-node", ".github/workflows/extra.yml", Env.Branch));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task A_saved_plan_is_applied_exactly_and_repositories_whose_head_moved_are_refused()
    {
        await using var env = await Env.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        try
        {
            var plan = await env.RunAsync("plan", "--org", Env.Org, "--output", file);
            Assert.True(plan.Exit == 0, plan.ToString());
            env.GitHub.PushCommit(Env.Org, "acme-java", "main", new Dictionary<string, string?> { ["README.md"] = "moved\n" }, "Moves main");

            var run = await env.RunAsync("apply", file, "--yes");
            Assert.True(run.Exit == 1, run.ToString());
            Assert.Matches("acme/acme-java: error: main moved since the plan \\(planned at [0-9a-f]{7}, now [0-9a-f]{7}\\); plan again", run.Stdout);
            Assert.Empty(env.GitHub.GetPullRequests(Env.Org, "acme-java"));
            Assert.Single(env.GitHub.GetPullRequests(Env.Org, "acme-python"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Apply_without_a_terminal_and_without_yes_refuses_and_writes_nothing()
    {
        await using var env = await Env.StartAsync();
        var run = await env.RunAsync("apply", "--org", Env.Org);
        Assert.Equal(1, run.Exit);
        Assert.Contains("refusing to apply without confirmation: standard input is not a terminal; pass --yes", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Log, e => e.IsWrite);
    }

    [Fact]
    public async Task At_a_terminal_apply_asks_and_only_yes_applies()
    {
        await using var env = await Env.StartAsync();
        var no = await env.RunTypedAsync("no\n", "apply", "--repo", "acme/acme-python");
        Assert.Equal(1, no.Exit);
        Assert.Contains("Apply to 1 repository? Only 'yes' is accepted:", no.Stdout, StringComparison.Ordinal);
        Assert.Contains("apply cancelled", no.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Log, e => e.IsWrite);

        var yes = await env.RunTypedAsync("yes\n", "apply", "--repo", "acme/acme-python");
        Assert.True(yes.Exit == 0, yes.ToString());
        Assert.Contains("acme/acme-python: opened pull request #1", yes.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollout_bigger_than_the_content_budget_says_how_long_it_will_take()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        var files = Env.FilesOf(Path.Combine(Env.Examples, "acme-python"));
        for (var i = 0; i < 20; i++)
        {
            env.GitHub.AddRepo(Env.Org, $"svc{i:00}", new Reconciler.GitHubDouble.RepoSeed { Files = files });
        }

        var run = await env.RunAsync(Apply);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("note: this rollout makes up to 100 content-creating requests; GitHub allows 80 a minute and 500 an hour, so it will take about 1m39s", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(20, env.GitHub.Inspect(s => s.Repos.Values.Sum(r => r.Pulls.Count)));
    }

    [Fact]
    public async Task One_failing_repository_does_not_stop_apply_and_makes_it_exit_1()
    {
        await using var env = await Env.StartAsync();
        env.GitHub.Faults.FailNext("POST", "/repos/acme/acme-java/git/trees", 500, count: 10);
        var run = await env.RunAsync(Apply);
        Assert.Equal(1, run.Exit);
        Assert.Contains("acme/acme-java: error:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("acme/acme-python: opened pull request", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 failed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_are_serial_and_at_least_a_second_apart()
    {
        await using var env = await Env.StartAsync();
        await env.RunAsync(Apply);
        var writes = env.Log.Count(e => e.IsWrite);
        Assert.True(writes >= 8);
        Assert.True(env.Clock.Waits.Count(w => w >= TimeSpan.FromSeconds(0.99)) >= writes - 1, string.Join(", ", env.Clock.Waits));
    }

    internal static async Task<string> WritePolicyAsync(Func<string, string> edit)
    {
        var file = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yml");
        var text = await File.ReadAllTextAsync(Path.Combine(Env.Root, "policies", "sdk-publish-hardening.yml"));
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        await File.WriteAllTextAsync(file, edited);
        return file;
    }
}
