using Reconciler.GitHubDouble;
using GitHub = Reconciler.GitHubDouble.GitHubDouble;

namespace Reconciler.Worker.Tests.Support;

/// <summary>
/// The GitHub double on loopback with the sample org (examples/org) seeded as "acme", as the integration tests seed
/// it — but with the repositories' settings left as GitHub creates them, so apply converges settings as well as files.
/// </summary>
internal static class SampleOrgOnGitHub
{
    public const string Org = "acme";

    public static async Task<GitHub> StartAsync()
    {
        var gh = await GitHub.StartAsync();
        gh.AddOrg(Org);
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestOrg.RepositoryRoot(), "examples", "org")).Order(StringComparer.Ordinal))
        {
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
            gh.AddRepo(Org, Path.GetFileName(dir), new RepoSeed { Files = files });
        }

        return gh;
    }

    public static IReadOnlyList<string> Repositories() =>
        [.. Directory.GetDirectories(Path.Combine(TestOrg.RepositoryRoot(), "examples", "org")).Select(d => Org + "/" + Path.GetFileName(d)).Order(StringComparer.Ordinal)];
}
