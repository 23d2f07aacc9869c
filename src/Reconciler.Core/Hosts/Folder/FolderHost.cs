using System.Runtime.CompilerServices;
using System.Text;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Hosts.Folder;

/// <summary>
/// Repositories as working trees on disk: <c>--path DIR</c> is one repository, or a folder whose
/// subfolders are repositories. Settings can't be read from a folder.
/// </summary>
public sealed class FolderHost(string path, IReadOnlyList<string> ignoreFiles) : IRepositoryHost
{
    /// <summary>Files larger than this are reported unreadable rather than loaded (hostile content).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Deepest folder below <c>.github/actions</c> searched for action metadata.</summary>
    private const int MaxActionDepth = 8;

    private readonly string _root = Path.GetFullPath(path);

    public bool CanReadSettings => false;

    public async IAsyncEnumerable<RepositoryRef> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!Directory.Exists(_root))
        {
            throw new HostException($"{path}: no such directory");
        }

        if (IsRepository(_root))
        {
            yield return new RepositoryRef(Path.GetFileName(_root), []);
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.'))
            {
                continue;
            }

            yield return new RepositoryRef(name, []);
        }
    }

    public Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        var dir = IsRepository(_root) && Path.GetFileName(_root) == repository.FullName ? _root : Path.Combine(_root, repository.FullName);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Candidates(dir))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (!FilesOfInterest.Wanted(relative, ignoreFiles))
            {
                continue;
            }

            try
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is not null)
                {
                    unreadable[relative] = "is a symbolic link; not followed";
                    continue;
                }

                if (info.Length > MaxFileBytes)
                {
                    unreadable[relative] = $"is {info.Length} bytes, over the {MaxFileBytes}-byte limit";
                    continue;
                }

                var bytes = File.ReadAllBytes(file);
                if (Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    unreadable[relative] = "is binary (contains a NUL byte)";
                    continue;
                }

                files[relative] = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                unreadable[relative] = $"could not be read: {ex.Message}";
            }
        }

        return Task.FromResult(new RepositorySnapshot
        {
            FullName = repository.FullName,
            DefaultBranch = DefaultBranch(dir),
            HeadSha = null,
            Files = files,
            Topics = repository.Topics,
            Unreadable = unreadable,
        });
    }

    private static IEnumerable<string> Candidates(string dir)
    {
        var workflows = Path.Combine(dir, ".github", "workflows");
        var top = Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : [];
        var wf = Directory.Exists(workflows) ? Directory.EnumerateFiles(workflows) : [];
        var github = Path.Combine(dir, ".github");
        var gh = Directory.Exists(github) ? Directory.EnumerateFiles(github) : [];
        var gitlab = Path.Combine(dir, ".gitlab");
        var gl = Directory.Exists(gitlab) ? Directory.EnumerateFiles(gitlab) : []; // .gitlab/renovate.json
        return top.Concat(gh).Concat(gl).Concat(wf).Concat(LocalActionFiles(Path.Combine(github, "actions"), depth: 0)).Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// Every file in <c>.github/actions</c> and its subfolders (the caller keeps <c>action.yml</c>s).
    /// Linked folders are not followed: a link could point outside the repository or back up the tree.
    /// </summary>
    private static IEnumerable<string> LocalActionFiles(string folder, int depth)
    {
        if (depth > MaxActionDepth || !Directory.Exists(folder) || new DirectoryInfo(folder).LinkTarget is not null)
        {
            return [];
        }

        return Directory.EnumerateFiles(folder)
            .Concat(Directory.EnumerateDirectories(folder).SelectMany(sub => LocalActionFiles(sub, depth + 1)));
    }

    private static bool IsRepository(string dir) =>
        Directory.Exists(Path.Combine(dir, ".git")) || Directory.Exists(Path.Combine(dir, ".github"));

    /// <summary>The branch checked out in <c>.git/HEAD</c>, else <c>main</c>.</summary>
    private static string DefaultBranch(string dir)
    {
        var head = Path.Combine(dir, ".git", "HEAD");
        if (File.Exists(head))
        {
            var text = File.ReadAllText(head).Trim();
            const string prefix = "ref: refs/heads/";
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..];
            }
        }

        return "main";
    }
}
