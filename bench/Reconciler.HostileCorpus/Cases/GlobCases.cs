namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 4: <c>*a*a*a…b</c> against names of many <c>a</c>s, in every place a glob is matched: the policy's
/// selector, exemptions, override groups, action permissions, and a repository's own generator ignore files.
/// </summary>
public static class GlobCases
{
    private static readonly string Bomb = string.Concat(Enumerable.Repeat("*a", 30)) + "*b";
    private static readonly string LongName = new('a', 64);

    public static IEnumerable<HostileCase> All()
    {
        // The selector only applies to an org's listing, so these plan --org against the double.
        yield return Policy("glob/policy/include", p => p.Replace("include: [\"*\"]", $"include: [\"{Bomb}\", \"*\"]", StringComparison.Ordinal), org: true);
        yield return Policy("glob/policy/include-owner", p => p.Replace("include: [\"*\"]", $"include: [\"{Bomb}/{Bomb}\", \"*\"]", StringComparison.Ordinal), org: true);
        yield return Policy("glob/policy/exclude", p => p.Replace("exclude: []", $"exclude: [\"{Bomb}\"]", StringComparison.Ordinal), org: true);
        yield return Policy("glob/policy/exemption", p => p.Replace("exemptions: []", $"exemptions:\n  - repository: \"{Bomb}\"\n    rule: pinned-actions\n    reason: glob\n", StringComparison.Ordinal));
        yield return Policy("glob/policy/override-names", p => p.Replace("overrides: []", $"overrides:\n  - match: {{names: [\"{Bomb}\"]}}\n    rules: {{concurrency: {{cancelInProgress: never}}}}\n", StringComparison.Ordinal));
        yield return Policy("glob/policy/action-permissions", p => p.Replace("  permissions:\n", $"  permissions:\n    \"{Bomb}/{Bomb}\": {{}}\n", StringComparison.Ordinal));
        yield return Repository("glob/repo/fernignore", ".fernignore");
        yield return Repository("glob/repo/genignore", ".genignore");
    }

    private static HostileCase Policy(string id, Func<string, string> edit, bool org = false) =>
        new(id, "glob", "4", f =>
        {
            f.VictimName = LongName;
            f.Write(".github/workflows/ci.yml", Yaml.PlainWorkflow.Replace("actions/checkout@v3", $"{LongName}/{LongName}@v1", StringComparison.Ordinal));
            var policy = Path.Combine(f.Dir, "policy.yml");
            var text = edit(f.Corpus.DefaultPolicy);
            if (!text.Contains(Bomb, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{id}: the default policy no longer has the key this case edits");
            }

            File.WriteAllText(policy, text);
            return org ? OnDouble(f, policy) : f.Plan("--policy", policy);
        }, Expect.NeighbourPlanned);

    private static HostileCase Repository(string id, string ignoreFile) =>
        new(id, "glob", "4", f =>
        {
            f.VictimName = LongName;
            f.Write($".github/workflows/{LongName}.yml", Yaml.PlainWorkflow);
            f.Write(ignoreFile, string.Join("\n", Enumerable.Repeat(Bomb, 50)) + "\n");
            return f.Plan();
        });

    /// <summary><c>plan --org acme</c> against the GitHub double hosted here, seeded with the neighbour and the long-named victim.</summary>
    private static Invocation OnDouble(CaseFolder f, string policy)
    {
        var gh = GitHubDouble.GitHubDouble.StartAsync().GetAwaiter().GetResult();
        gh.AddOrg("acme");
        var files = Directory.EnumerateFiles(Path.Combine(f.Corpus.Examples, "acme-python"), "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(Path.Combine(f.Corpus.Examples, "acme-python"), p).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        gh.AddRepo("acme", CaseFolder.NeighbourName, new GitHubDouble.RepoSeed { Files = files });
        gh.AddRepo("acme", LongName, new GitHubDouble.RepoSeed { Files = files });
        return new Invocation(["plan", "--org", "acme", "--api-url", gh.BaseUri.AbsoluteUri, "--policy", policy, "--format", "json"])
        {
            Server = gh,
            Environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = gh.DefaultToken },
        };
    }
}
