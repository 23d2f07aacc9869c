using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Octokit;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Repositories on GitHub (or GitHub Enterprise Server, or our double), read through Octokit: list an org or named
/// repositories with the policy's selection and skip reasons; read a repository's files of interest at its default
/// branch's head from one recursive tree plus one blob per file (both content-addressed, so cached for good).
/// </summary>
public sealed class GitHubHost(GitHubConnection connection, Policy.Policy policy, GitHubScope scope, IGitHubSettingsReader? settings = null) : IRepositoryHost
{
    /// <summary>Files larger than this are reported unreadable rather than loaded.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>A file the rules read only the start of (<see cref="FilesOfInterest.HeadBytes"/>) is fetched up to this size and cut.</summary>
    public const int MaxHeadFileBytes = 8 * 1024 * 1024;

    /// <summary>Deepest folder below <c>.github/actions</c> listed for action metadata when the tree is truncated.</summary>
    private const int MaxActionDepth = 8;

    private readonly ConcurrentDictionary<string, GitHubRepository> _known = new(StringComparer.OrdinalIgnoreCase);

    public GitHubConnection Connection => connection;

    public bool CanReadSettings => settings is not null;

    public async IAsyncEnumerable<RepositoryRef> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var repos = new Dictionary<string, GitHubRepository>(StringComparer.OrdinalIgnoreCase);
        foreach (var org in scope.Organizations)
        {
            foreach (var repo in await ListOrgAsync(org))
            {
                repos.TryAdd(repo.FullName, repo);
            }
        }

        foreach (var repo in await Task.WhenAll(scope.Repositories.Where(r => !repos.ContainsKey(r)).Distinct(StringComparer.OrdinalIgnoreCase).Select(LookupAsync)))
        {
            repos.TryAdd(repo.FullName, repo);
        }

        foreach (var repo in repos.Values.OrderBy(r => r.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Remember(repo);
            yield return new RepositoryRef(repo.FullName, repo.Topics, repo.LookupError is null ? SkipReason(repo) : null);
        }
    }

    /// <summary>The repository as listed (after <see cref="ListAsync"/>), or looked up now.</summary>
    public async Task<GitHubRepository> RepositoryAsync(string fullName)
    {
        if (_known.TryGetValue(fullName, out var repo))
        {
            return repo;
        }

        repo = await LookupAsync(fullName);
        Remember(repo);
        return repo;
    }

    /// <summary>
    /// Forgets what was learnt about a repository (default branch, topics, archived), so the next read looks it up
    /// again. For a host that lives long (the worker): a listing refreshes every repository it lists, but a replica
    /// that reads without listing would otherwise keep its first answer for good, e.g. a default branch since renamed.
    /// </summary>
    public void Forget(string fullName) => _known.TryRemove(fullName, out _);

    public async Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        var repo = await RepositoryAsync(repository.FullName);
        if (repo.LookupError is { } error)
        {
            throw new HostException(error);
        }

        var head = await HeadAsync(repo);
        TreeResponse tree;
        try
        {
            tree = await connection.Api.Get<TreeResponse>(new Uri($"repos/{repo.FullName}/git/trees/{head}", UriKind.Relative), new Dictionary<string, string> { ["recursive"] = "1" });
            if (tree?.Tree is null)
            {
                throw new HostException($"{repo.FullName}: the answer for the tree of {head} is not a git tree");
            }
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            throw new HostException(GitHubErrors.Describe(ex, $"{repo.FullName}: reading the tree of {head}"), ex);
        }

        var ignoreFiles = policy.Spec.Generators.IgnoreFiles;
        var entries = tree.Truncated
            ? await ListByTreesAsync(repo, head, ignoreFiles)
            : tree.Tree.Where(e => FilesOfInterest.Wanted(e.Path, ignoreFiles) || (e.Mode == "120000" && HoldsFilesOfInterest(e.Path))).Select(e => (e.Path, e.Mode, Type: e.Type.StringValue, e.Sha, Size: (long)e.Size)).ToList();
        var files = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Task.WhenAll(entries.Select(async e =>
        {
            if (e.Mode == "120000")
            {
                var (path, why) = LinkReport(e.Path, ignoreFiles);
                unreadable[path] = why;
            }
            else if (e.Type != "blob")
            {
                return;
            }
            else if (e.Size > SizeLimit(e.Path))
            {
                unreadable[e.Path] = $"is {e.Size} bytes, over the {SizeLimit(e.Path)}-byte limit";
            }
            else if (await BlobTextAsync(repo, e.Path, e.Sha, unreadable) is { } text)
            {
                files[e.Path] = text;
            }
        }));

        return new RepositorySnapshot
        {
            FullName = repo.FullName,
            DefaultBranch = repo.DefaultBranch,
            HeadSha = head,
            Files = new SortedDictionary<string, string>(files, StringComparer.Ordinal),
            Topics = repo.Topics,
            Unreadable = new SortedDictionary<string, string>(unreadable, StringComparer.Ordinal),
            Settings = settings is null ? null : await settings.ReadAsync(connection, repo, files, cancellationToken),
        };
    }

    /// <summary>The commit the default branch points at now.</summary>
    public async Task<string> HeadAsync(GitHubRepository repo)
    {
        try
        {
            var reference = await connection.Api.Get<Reference>(new Uri($"repos/{repo.FullName}/git/ref/heads/{repo.DefaultBranch}", UriKind.Relative));
            return reference?.Object?.Sha is { Length: > 0 } sha
                ? sha
                : throw new HostException($"{repo.FullName}: the answer for the head of {repo.DefaultBranch} is not a git reference");
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RepositorySkippedException("empty (no commits)");
        }
        catch (NotFoundException ex)
        {
            throw new HostException($"{repo.FullName}: the default branch '{repo.DefaultBranch}' was not found", ex);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            throw new HostException(GitHubErrors.Describe(ex, $"{repo.FullName}: reading the head of {repo.DefaultBranch}"), ex);
        }
    }

    private async Task<string?> BlobTextAsync(GitHubRepository repo, string path, string sha, ConcurrentDictionary<string, string> unreadable)
    {
        try
        {
            var blob = await connection.Api.Get<Blob>(new Uri($"repos/{repo.FullName}/git/blobs/{sha}", UriKind.Relative));
            if (blob?.Content is null)
            {
                unreadable[path] = $"could not be read: the answer for blob {sha[..7]} is not a blob";
                return null;
            }

            var bytes = blob.Encoding.StringValue == "base64" ? Convert.FromBase64String(blob.Content.Replace("\n", "", StringComparison.Ordinal)) : Encoding.UTF8.GetBytes(blob.Content);
            if (FilesOfInterest.HeadBytes(path) is { } head && bytes.Length > head)
            {
                bytes = Lines.Head(bytes.AsSpan(0, head), complete: false).ToArray();
            }
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                unreadable[path] = "is binary (contains a NUL byte)";
                return null;
            }

            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or FormatException or DecoderFallbackException)
        {
            unreadable[path] = "could not be read: " + GitHubErrors.Describe(ex, $"blob {sha[..7]}");
            return null;
        }
    }

    /// <summary>
    /// When a tree is too large to list in one answer: the folders of interest one tree at a time — the root (its
    /// manifests, an action repository's action.yml and Renovate's config), .github (Dependabot's and Renovate's
    /// configs), .github/workflows, .github/actions with its subfolders (local actions' metadata), and .gitlab
    /// (where Renovate also looks).
    /// </summary>
    private async Task<List<(string Path, string Mode, string Type, string Sha, long Size)>> ListByTreesAsync(GitHubRepository repo, string head, IReadOnlyList<string> ignoreFiles)
    {
        var list = new List<(string, string, string, string, long)>();
        var folders = new Queue<(string Path, string Sha)>([("", head)]);
        while (folders.TryDequeue(out var folder))
        {
            TreeResponse tree;
            try
            {
                tree = await connection.Api.Get<TreeResponse>(new Uri($"repos/{repo.FullName}/git/trees/{folder.Sha}", UriKind.Relative));
                if (tree?.Tree is null)
                {
                    throw new HostException($"{repo.FullName}: the answer for the tree of {(folder.Path.Length == 0 ? head : folder.Path)} is not a git tree");
                }
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException)
            {
                throw new HostException(GitHubErrors.Describe(ex, $"{repo.FullName}: reading the tree of {(folder.Path.Length == 0 ? head : folder.Path)}"), ex);
            }

            foreach (var e in tree.Tree)
            {
                var path = folder.Path.Length == 0 ? e.Path : $"{folder.Path}/{e.Path}";
                if (e.Type.StringValue == "tree" && HoldsFilesOfInterest(path))
                {
                    folders.Enqueue((path, e.Sha));
                }
                else if (FilesOfInterest.Wanted(path, ignoreFiles) || (e.Mode == "120000" && HoldsFilesOfInterest(path)))
                {
                    list.Add((path, e.Mode, e.Type.StringValue, e.Sha, e.Size));
                }
            }
        }

        return list;
    }

    /// <summary>The largest blob fetched for a path: a file the rules read only the start of may be larger (it is cut after fetching).</summary>
    private static int SizeLimit(string path) => FilesOfInterest.HeadBytes(path) is null ? MaxFileBytes : MaxHeadFileBytes;

    /// <summary>
    /// How a symbolic link in the tree is reported: a linked file, <c>.github</c> or its workflows as itself (the
    /// repository fails: its files of interest can't be known); a linked action folder as that action's metadata, so
    /// only the jobs that use it go unassessed. As the folder host does.
    /// </summary>
    private static (string Path, string Why) LinkReport(string path, IReadOnlyList<string> ignoreFiles) =>
        !FilesOfInterest.Wanted(path, ignoreFiles) && path.StartsWith(FilesOfInterest.LocalActionsFolder, StringComparison.Ordinal)
            ? (path + "/action.yml", "is in a folder that is a symbolic link; not followed")
            : (path, "is a symbolic link; not followed");

    /// <summary>A folder the truncated-tree listing opens: .github, its workflows, .gitlab, and .github/actions down to <see cref="MaxActionDepth"/>.</summary>
    private static bool HoldsFilesOfInterest(string folder) =>
        folder is ".github" or ".github/workflows" or ".github/actions" or ".gitlab" or "bin" or "scripts"
        || (folder.StartsWith("scripts/", StringComparison.Ordinal) && folder.Count(c => c == '/') == 1)
        || (folder.StartsWith(FilesOfInterest.LocalActionsFolder, StringComparison.Ordinal) && folder.Count(c => c == '/') <= MaxActionDepth + 1);

    private async Task<IReadOnlyList<GitHubRepository>> ListOrgAsync(string org)
    {
        try
        {
            var dtos = await connection.Api.GetAll<GitHubRepositoryDto>(
                new Uri($"orgs/{org}/repos", UriKind.Relative),
                new Dictionary<string, string> { ["sort"] = "full_name", ["direction"] = "asc" },
                new ApiOptions { PageSize = 100 });
            return dtos.All(d => IsRepository(d))
                ? [.. dtos.Select(GitHubRepository.From)]
                : throw new HostException($"listing the repositories of '{org}': the answer is not a list of repositories");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or FormatException)
        {
            // Octokit's deserialiser throws these when a list holds something other than repositories.
            throw new HostException($"listing the repositories of '{org}': the answer is not a list of repositories", ex);
        }
        catch (NotFoundException ex)
        {
            throw new HostException($"the organization '{org}' was not found, or the credentials can't see it (a token needs read access to the org's repositories; an App must be installed on it)", ex);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            throw new HostException(GitHubErrors.Describe(ex, $"listing the repositories of '{org}'"), ex);
        }
    }

    private async Task<GitHubRepository> LookupAsync(string fullName)
    {
        if (fullName.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            return new GitHubRepository(fullName, "main", [], false, false, false, $"'{fullName}' is not owner/name");
        }

        try
        {
            var dto = await connection.Api.Get<GitHubRepositoryDto>(new Uri($"repos/{fullName}", UriKind.Relative));
            return IsRepository(dto)
                ? GitHubRepository.From(dto)
                : new GitHubRepository(fullName, "main", [], false, false, false, $"{fullName}: the answer for GET repos/{fullName} is not a repository");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or FormatException)
        {
            return new GitHubRepository(fullName, "main", [], false, false, false, $"{fullName}: the answer for GET repos/{fullName} is not a repository ({ex.GetType().Name})");
        }
        catch (NotFoundException)
        {
            return new GitHubRepository(fullName, "main", [], false, false, false, $"{fullName}: not found, or the credentials can't see it");
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            return new GitHubRepository(fullName, "main", [], false, false, false, GitHubErrors.Describe(ex, fullName));
        }
    }

    /// <summary>Whether an answer reads as a repository at all (an unexpected JSON body deserialises to empty fields, or to null).</summary>
    private static bool IsRepository(GitHubRepositoryDto? dto) => dto?.FullName?.Split('/') is [{ Length: > 0 }, { Length: > 0 }];

    private void Remember(GitHubRepository repo)
    {
        _known[repo.FullName] = repo;
        if (repo.LookupError is null)
        {
            connection.Guard.KnowDefaultBranch(repo.FullName, repo.DefaultBranch);
        }
    }

    private string? SkipReason(GitHubRepository repo)
    {
        var s = policy.Spec.Selector;
        return repo.Archived && s.SkipArchived ? "archived"
            : repo.Disabled && s.SkipDisabled ? "disabled"
            : repo.Fork && s.SkipForks ? "fork"
            : !policy.Selects(repo.FullName, repo.Topics) ? "not selected by the policy's selector"
            : null;
    }
}
