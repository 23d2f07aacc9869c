using System.CommandLine;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Policy;

namespace Reconciler.Cli;

/// <summary>The options that point a command at GitHub, and building the host from them.</summary>
internal sealed class GitHubOptions
{
    public Option<string[]> Org { get; } = new("--org")
    {
        Description = "Sweep every repository of this GitHub organization (repeatable). Defaults to the policy's selector.orgs.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Repo { get; } = new("--repo")
    {
        Description = "A repository owner/name on GitHub (repeatable), instead of a whole organization.",
    };

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = "GitHub REST API root (GitHub Enterprise Server: https://HOST/api/v3/). Defaults to $GITHUB_API_URL or https://api.github.com/.",
    };

    public Option<DirectoryInfo?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Keep conditional-request (ETag) answers here, so an unchanged repository costs no rate limit next run.",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = "Repositories read at once (GitHub requests in flight are bounded by the same number).",
        DefaultValueFactory = _ => 4,
    };

    public IEnumerable<Option> All => [Org, Repo, ApiUrl, CacheDir, Concurrency];

    /// <summary>Whether the command line (or the policy) names anything on GitHub.</summary>
    public bool Requested(ParseResult parse, Policy? policy) =>
        (parse.GetValue(Org) ?? []).Length > 0 || (parse.GetValue(Repo) ?? []).Length > 0 || policy?.Spec.Selector.Orgs.Count > 0;

    public GitHubScope Scope(ParseResult parse, Policy policy)
    {
        var orgs = parse.GetValue(Org) ?? [];
        var repos = parse.GetValue(Repo) ?? [];
        return orgs.Length == 0 && repos.Length == 0
            ? GitHubScope.Orgs(policy.Spec.Selector.Orgs)
            : new GitHubScope(orgs, repos);
    }

    /// <summary>Builds the connection and host (<see cref="GitHubHostFactory"/>), or writes why not and returns null.</summary>
    public GitHubHost? CreateHost(ParseResult parse, Policy policy, GitHubScope scope, CliContext context, TextWriter stderr)
    {
        GitHubCredentials credentials;
        try
        {
            credentials = GitHubHostFactory.RequireCredentials(context.Environment);
        }
        catch (HostException ex)
        {
            stderr.WriteLine($"error: {Secrets.Redact(ex.Message)}");
            return null;
        }

        var url = parse.GetValue(ApiUrl) ?? context.Environment("GITHUB_API_URL") ?? GitHubConnectionOptions.PublicApi.AbsoluteUri;
        if (!GitHubHostFactory.TryParseApiUrl(url, out var apiUrl))
        {
            stderr.WriteLine($"error: --api-url '{url}' is not an http(s) URL");
            return null;
        }

        var concurrency = Math.Clamp(parse.GetValue(Concurrency), 1, 32);
        var pacing = context.Pacing?.Invoke(stderr) ?? new GitHubPacing { ReadConcurrency = concurrency, Notice = m => stderr.WriteLine("note: " + m) };
        try
        {
            return GitHubHostFactory.Create(new GitHubHostOptions
            {
                Credentials = credentials,
                ApiUrl = apiUrl,
                Policy = policy,
                Scope = scope,
                Pacing = pacing,
                CacheDirectory = parse.GetValue(CacheDir)?.FullName,
            });
        }
        catch (HostException ex)
        {
            stderr.WriteLine($"error: {Secrets.Redact(ex.Message)}");
            return null;
        }
    }
}
