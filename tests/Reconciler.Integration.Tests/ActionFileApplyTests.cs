using Reconciler.GitHubDouble;

namespace Reconciler.Integration.Tests;

/// <summary>Action metadata on the GitHub double: read (also from a truncated tree), planned, and committed by <c>apply</c> in the pull request.</summary>
public sealed class ActionFileApplyTests
{
    private const string Workflow = """
        on: push
        permissions: {}
        jobs:
          build:
            runs-on: ubuntu-latest
            permissions:
              contents: read
            steps:
              - uses: ./.github/actions/x
        """;

    /// <summary>An action repository's test workflow runs the action at its root.</summary>
    private static readonly string RootWorkflow = Workflow.Replace("./.github/actions/x", "./", StringComparison.Ordinal);

    private const string Action = "name: X\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout@v6\n      with:\n        persist-credentials: false\n    - run: make\n      shell: bash\n";

    private const string Pinned = "name: X\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2\n      with:\n        persist-credentials: false\n    - run: make\n      shell: bash\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Apply_commits_the_pinned_local_action_and_a_root_action_in_the_pull_request(bool truncatedTree)
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "acme-cli", new RepoSeed
        {
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Workflow, [".github/actions/x/action.yml"] = Action },
        });
        env.GitHub.AddRepo(Env.Org, "setup-acme", new RepoSeed
        {
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = RootWorkflow, ["action.yml"] = Action },
        });

        if (truncatedTree)
        {
            // The host then lists the folders of interest one tree at a time; the root's listing holds action.yml.
            env.GitHub.TruncateRecursiveTrees(Env.Org, "acme-cli", limit: 0);
            env.GitHub.TruncateRecursiveTrees(Env.Org, "setup-acme", limit: 0);
        }

        var heads = new[] { "acme-cli", "setup-acme" }.ToDictionary(n => n, n => env.GitHub.GetRef(Env.Org, n, "heads/main"));
        var run = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--no-color");
        Assert.True(run.Exit == 0, run.ToString());

        foreach (var (name, path, workflow) in new[] { ("acme-cli", ".github/actions/x/action.yml", Workflow), ("setup-acme", "action.yml", RootWorkflow) })
        {
            var pr = Assert.Single(env.GitHub.GetPullRequests(Env.Org, name));
            Assert.Contains($"### `{path}`\n\n- Pinned `actions/checkout@v6` to the commit of v6.0.2.\n", pr.Body, StringComparison.Ordinal);
            Assert.Equal(Pinned, env.GitHub.ReadFile(Env.Org, name, path, Env.Branch));
            Assert.Equal(workflow, env.GitHub.ReadFile(Env.Org, name, ".github/workflows/ci.yml", Env.Branch)); // unchanged: only the action needed pinning
            var commit = env.GitHub.GetCommit(Env.Org, name, Env.Branch)!;
            Assert.Contains($"- {path} (pinned-actions)\n", commit.Message, StringComparison.Ordinal);
            Assert.Equal(heads[name], commit.Parents.Single());
            Assert.Equal(heads[name], env.GitHub.GetRef(Env.Org, name, "heads/main"));
        }

        var mark = env.Mark;
        var again = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--no-color");
        Assert.True(again.Exit == 0, again.ToString());
        Assert.True(env.Since(mark).All(e => !e.IsWrite), "second apply wrote:\n" + env.Describe(env.Since(mark).Where(e => e.IsWrite)));
    }

    [Fact]
    public async Task A_saved_plan_that_names_another_file_is_refused_and_nothing_is_written()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "acme-cli", new RepoSeed
        {
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Workflow, [".github/actions/x/action.yml"] = Action },
        });
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        try
        {
            var plan = await env.RunAsync("plan", "--repo", "acme/acme-cli", "--output", file);
            Assert.True(plan.Exit == 0, plan.ToString());
            var json = File.ReadAllText(file);
            Assert.Contains("\"path\": \".github/actions/x/action.yml\"", json, StringComparison.Ordinal);
            File.WriteAllText(file, json.Replace("\"path\": \".github/actions/x/action.yml\"", "\"path\": \".github/CODEOWNERS\"", StringComparison.Ordinal));

            var mark = env.Mark;
            var run = await env.RunAsync("apply", file, "--yes");
            Assert.True(run.Exit == 1, run.ToString());
            Assert.Contains("acme/acme-cli: error: the plan's change to file .github/CODEOWNERS is not a change the policy makes now", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
