using Reconciler.Core.Hosts.GitHub.Settings;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>What a <see cref="GitHubHost"/> is built from: who we are, where GitHub is, what to read and how fast.</summary>
public sealed record GitHubHostOptions
{
    public required GitHubCredentials Credentials { get; init; }

    /// <summary>The REST API root (GitHub Enterprise Server: https://HOST/api/v3/; tests: the double).</summary>
    public Uri ApiUrl { get; init; } = GitHubConnectionOptions.PublicApi;

    public required Policy.Policy Policy { get; init; }

    /// <summary>The organizations and repositories the host lists; the first org also names the App installation.</summary>
    public required GitHubScope Scope { get; init; }

    public GitHubPacing Pacing { get; init; } = new();

    /// <summary>Keeps conditional-request answers between runs; in memory only when null.</summary>
    public string? CacheDirectory { get; init; }
}

/// <summary>
/// The one place a GitHub connection and host are put together — by the CLI (<c>plan</c>/<c>apply</c>) and by the
/// worker alike: credentials from the environment, the API URL checked, writes confined to the policy's
/// pull-request branch, the App installation found from the scope, repository settings read for the policy —
/// and the applier over it, settings written.
/// </summary>
public static class GitHubHostFactory
{
    /// <summary>What to set when there are no credentials (without a leading "error:"; callers add their own framing).</summary>
    public const string NoCredentials =
        "no GitHub credentials: set GITHUB_TOKEN (or GH_TOKEN), or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH (docs/github.md)";

    /// <summary>
    /// The credentials the environment names (see <see cref="GitHubCredentials.FromEnvironment"/>). Throws
    /// <see cref="HostException"/> with <see cref="NoCredentials"/> when there are none, or saying what is wrong
    /// with the GitHub App variables.
    /// </summary>
    public static GitHubCredentials RequireCredentials(Func<string, string?> environment) =>
        GitHubCredentials.FromEnvironment(environment) ?? throw new HostException(NoCredentials);

    /// <summary>An absolute http(s) URL; anything else is not an API root.</summary>
    public static bool TryParseApiUrl(string? text, out Uri apiUrl)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            apiUrl = parsed;
            return true;
        }

        apiUrl = GitHubConnectionOptions.PublicApi;
        return false;
    }

    /// <summary>The connection and the host reading through it (settings included). Throws <see cref="HostException"/>.</summary>
    public static GitHubHost Create(GitHubHostOptions options)
    {
        var connection = GitHubConnection.Create(new GitHubConnectionOptions
        {
            ApiUrl = options.ApiUrl,
            Credentials = options.Credentials,
            Pacing = options.Pacing,
            CacheDirectory = options.CacheDirectory,
            WritableBranches = [options.Policy.PullRequestBranch],
            InstallationOwner = options.Scope.InstallationOwner,
            InstallationRepository = options.Scope.Repositories.FirstOrDefault(),
        });
        return new GitHubHost(connection, options.Policy, options.Scope, new GitHubSettingsReader(options.Policy));
    }

    /// <summary>The applier over a host: files as one pull request, settings written first (<see cref="GitHubSettingsWriter"/>).</summary>
    public static GitHubApplier CreateApplier(GitHubHost host, Policy.Policy policy) =>
        new(host, policy, settings: new GitHubSettingsWriter());
}
