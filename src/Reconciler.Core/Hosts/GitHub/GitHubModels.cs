namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// The fields of a (minimal-)repository we use. Octokit's <c>Repository</c> has no <c>disabled</c>, so we read
/// our own shape through Octokit's serializer (snake_case on the wire).
/// </summary>
public sealed class GitHubRepositoryDto
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string FullName { get; set; } = "";

    public bool Archived { get; set; }

    public bool Disabled { get; set; }

    public bool Fork { get; set; }

    public string? DefaultBranch { get; set; }

    public IReadOnlyList<string>? Topics { get; set; }

    public DateTimeOffset? PushedAt { get; set; }
}

/// <summary>A repository the host knows about: as listed, or the reason it could not be looked up.</summary>
public sealed record GitHubRepository(string FullName, string DefaultBranch, IReadOnlyList<string> Topics, bool Archived, bool Disabled, bool Fork, string? LookupError = null)
{
    public string Owner => FullName[..FullName.IndexOf('/', StringComparison.Ordinal)];

    public string Name => FullName[(FullName.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public static GitHubRepository From(GitHubRepositoryDto dto) =>
        new(dto.FullName, string.IsNullOrEmpty(dto.DefaultBranch) ? "main" : dto.DefaultBranch, dto.Topics ?? [], dto.Archived, dto.Disabled, dto.Fork);
}

/// <summary>Which repositories a sweep covers: whole organizations, and/or named repositories.</summary>
public sealed record GitHubScope(IReadOnlyList<string> Organizations, IReadOnlyList<string> Repositories)
{
    public static GitHubScope Orgs(params IEnumerable<string> orgs) => new([.. orgs], []);

    public static GitHubScope Repos(IEnumerable<string> fullNames) => new([], [.. fullNames]);

    /// <summary>The owner whose App installation serves this scope (the first org, else the first repository's owner).</summary>
    public string? InstallationOwner => Organizations.FirstOrDefault() ?? Repositories.Select(r => r.Split('/')[0]).FirstOrDefault();
}

/// <summary>Reads repository settings next to the files; the files of interest tell which settings matter (and are worth their requests).</summary>
public interface IGitHubSettingsReader
{
    Task<Core.Settings.RepositorySettings?> ReadAsync(GitHubConnection connection, GitHubRepository repository, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken);
}
