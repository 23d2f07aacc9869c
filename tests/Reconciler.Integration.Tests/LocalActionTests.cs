using Reconciler.GitHubDouble;

namespace Reconciler.Integration.Tests;

/// <summary>Local actions' metadata read from a repository on the GitHub double (git tree, then blobs).</summary>
public sealed class LocalActionTests
{
    private const string Workflow = """
        on:
          push:
            tags: ["v*"]
        permissions:
          contents: write
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: ./.github/actions/build
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: ./.github/actions/release/github
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_composite_action_in_the_repository_decides_the_job_s_grant(bool truncatedTree)
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "acme-cli", new RepoSeed
        {
            Files = new Dictionary<string, string>
            {
                [".github/workflows/release.yml"] = Workflow,
                [".github/actions/build/action.yml"] = "runs:\n  using: composite\n  steps:\n    - run: npm ci && npm run build\n      shell: bash\n",
                [".github/actions/release/github/action.yaml"] = "runs:\n  using: composite\n  steps:\n    - uses: softprops/action-gh-release@v2\n      with:\n        files: dist/*\n",
            },
        });

        if (truncatedTree)
        {
            // The host then lists the root, .github, its workflows and .github/actions/** one tree at a time.
            env.GitHub.TruncateRecursiveTrees(Env.Org, "acme-cli", limit: 0);
        }

        var run = await env.RunAsync("plan", "--repo", "acme/acme-cli", "--format", "json");
        Assert.True(run.Exit == 0, run.ToString());
        var repo = PlanTests.Repositories(run.Json)["acme/acme-cli"];
        var content = repo.GetProperty("changes").EnumerateArray().Single(c => c.TryGetProperty("path", out var path) && path.GetString() == ".github/workflows/release.yml").GetProperty("content").GetString()!;
        Assert.Contains("  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n", content, StringComparison.Ordinal);
        Assert.Contains("  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n", content, StringComparison.Ordinal);
        // Truncated: the recursive listing, then the root, .github, workflows, actions, build, release, release/github.
        Assert.Equal(truncatedTree ? 8 : 1, env.Log.Count(e => e.Path.Contains("/git/trees/", StringComparison.Ordinal)));
        Assert.DoesNotContain(repo.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString()!.Contains("can't assess", StringComparison.Ordinal));
    }
}
