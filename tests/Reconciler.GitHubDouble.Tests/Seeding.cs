namespace Reconciler.GitHubDouble.Tests;

/// <summary>A small org used by several tests.</summary>
public static class Seeding
{
    public const string Org = "acme";

    public static async Task<GitHubDouble> StartAcmeAsync()
    {
        var gh = await GitHubDouble.StartAsync();
        gh.AddOrg(Org, 9001, "Acme Corp");
        gh.AddRepo(Org, "api", new RepoSeed
        {
            Topics = ["service", "go"],
            Language = "Go",
            Files = new Dictionary<string, string>
            {
                ["README.md"] = "# api\n",
                [".github/workflows/ci.yml"] = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
                ["src/main.go"] = "package main\n",
            },
        });
        gh.AddRepo(Org, "web", new RepoSeed { Visibility = "public", Archived = true });
        gh.AddRepo(Org, "web-fork", new RepoSeed { Fork = true, Visibility = "internal" });
        gh.AddRepo(Org, "empty", new RepoSeed { Empty = true });
        return gh;
    }
}
