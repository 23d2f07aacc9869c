using Reconciler.GitHubDouble;

namespace Reconciler.Integration.Tests;

/// <summary>action-updates on the GitHub double: Dependabot's and Renovate's configs are read (also from a truncated tree) and <c>apply</c> commits dependabot.yml in the pull request.</summary>
public sealed class ActionUpdatesApplyTests
{
    private const string Workflow = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make\n";

    private const string Npm = "version: 2\nupdates:\n    # the SDK's dependencies\n    - package-ecosystem: npm\n      directory: /\n      schedule:\n          interval: daily\n";

    private const string Created =
        "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n" +
        "    groups:\n      github-actions:\n        patterns: [\"*\"]\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Apply_creates_or_extends_dependabot_yml_in_the_pull_request_and_leaves_renovate_repositories_alone(bool truncatedTree)
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "acme-new", new RepoSeed { Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Workflow } });
        env.GitHub.AddRepo(Env.Org, "acme-npm", new RepoSeed
        {
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Workflow, [".github/dependabot.yml"] = Npm },
        });
        env.GitHub.AddRepo(Env.Org, "acme-renovate", new RepoSeed
        {
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Workflow, [".gitlab/renovate.json"] = "{\"extends\": [\"config:recommended\"]}\n" },
        });

        if (truncatedTree)
        {
            // The host then lists the folders of interest one tree at a time: .github holds dependabot.yml, .gitlab Renovate's config.
            foreach (var name in new[] { "acme-new", "acme-npm", "acme-renovate" })
            {
                env.GitHub.TruncateRecursiveTrees(Env.Org, name, limit: 0);
            }
        }

        var heads = new[] { "acme-new", "acme-npm" }.ToDictionary(n => n, n => env.GitHub.GetRef(Env.Org, n, "heads/main"));
        var run = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--no-color");
        Assert.True(run.Exit == 0, run.ToString());

        var created = Assert.Single(env.GitHub.GetPullRequests(Env.Org, "acme-new"));
        Assert.Contains("### `.github/dependabot.yml` (new file)\n\n- Added Dependabot's config so that Dependabot checks the pinned actions weekly", created.Body, StringComparison.Ordinal);
        Assert.Equal(Created, env.GitHub.ReadFile(Env.Org, "acme-new", ".github/dependabot.yml", Env.Branch));
        Assert.Null(env.GitHub.ReadFile(Env.Org, "acme-new", ".github/dependabot.yml", "main"));

        var extended = Assert.Single(env.GitHub.GetPullRequests(Env.Org, "acme-npm"));
        Assert.Contains("### `.github/dependabot.yml`\n\n- Added a github-actions entry", extended.Body, StringComparison.Ordinal);
        Assert.Equal(
            Npm + "    - package-ecosystem: github-actions\n      directory: /\n      schedule:\n          interval: weekly\n      groups:\n          github-actions:\n              patterns: ['*']\n",
            env.GitHub.ReadFile(Env.Org, "acme-npm", ".github/dependabot.yml", Env.Branch));

        foreach (var name in heads.Keys)
        {
            var commit = env.GitHub.GetCommit(Env.Org, name, Env.Branch)!;
            Assert.Contains("- .github/dependabot.yml (action-updates)\n", commit.Message, StringComparison.Ordinal);
            Assert.Equal(heads[name], commit.Parents.Single());
            Assert.Equal(heads[name], env.GitHub.GetRef(Env.Org, name, "heads/main"));
        }

        // Renovate's github-actions manager is on by default: nothing to add, and its config is never written.
        Assert.Empty(env.GitHub.GetPullRequests(Env.Org, "acme-renovate"));

        var mark = env.Mark;
        var again = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--no-color");
        Assert.True(again.Exit == 0, again.ToString());
        Assert.True(env.Since(mark).All(e => !e.IsWrite), "second apply wrote:\n" + env.Describe(env.Since(mark).Where(e => e.IsWrite)));
    }
}
