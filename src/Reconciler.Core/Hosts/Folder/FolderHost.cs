using System.Runtime.CompilerServices;
using System.Text;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Hosts.Folder;

/// <summary>
/// Repositories as working trees on disk: <c>--path DIR</c> is one repository, or a folder whose
/// subfolders are repositories. Settings can't be read from a folder. Only regular files are read, never through
/// a symbolic link (a file's or a folder's), and never more than <see cref="MaxFileBytes"/>: a repository can't
/// make the reader hang on a FIFO, exhaust memory on a device, or print a file from outside itself.
/// </summary>
public sealed class FolderHost(string path, IReadOnlyList<string> ignoreFiles) : IRepositoryHost
{
    /// <summary>Files larger than this are reported unreadable rather than loaded (hostile content).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary><c>.git/HEAD</c> holds one ref name; anything longer is not a HEAD.</summary>
    private const int MaxHeadBytes = 4096;

    /// <summary>Deepest folder below <c>.github/actions</c> searched for action metadata.</summary>
    private const int MaxActionDepth = 8;

    private const string LinkNotFollowed = "is a symbolic link; not followed";

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

            // A linked repository folder could be anywhere on the machine: list it, never read it.
            yield return new RepositoryRef(name, [], IsLink(dir) ? $"the folder {LinkNotFollowed}" : null);
        }
    }

    public Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        var single = IsRepository(_root) && Path.GetFileName(_root) == repository.FullName;
        var dir = single ? _root : Path.Combine(_root, repository.FullName);
        if (!single && IsLink(dir))
        {
            throw new HostException($"{repository.FullName}: the folder {LinkNotFollowed}");
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Candidates(dir, unreadable))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (!FilesOfInterest.Wanted(relative, ignoreFiles))
            {
                continue;
            }

            try
            {
                var head = FilesOfInterest.HeadBytes(relative);
                var bytes = head is { } limit ? RegularFile.ReadHead(file, limit) : RegularFile.ReadBytes(file, MaxFileBytes);
                if (Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    unreadable[relative] = "is binary (contains a NUL byte)";
                    continue;
                }

                files[relative] = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (NotReadableException ex)
            {
                unreadable[relative] = ex.Reason;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                unreadable[relative] = $"could not be read: {ex.Message}";
            }
        }

        return Task.FromResult(new RepositorySnapshot
        {
            FullName = repository.FullName,
            DefaultBranch = DefaultBranch(dir, unreadable),
            HeadSha = null,
            Files = files,
            Topics = repository.Topics,
            Unreadable = unreadable,
        });
    }

    /// <summary>
    /// The files in the folders of interest. A linked folder is not entered; where it would hold files the rules
    /// need, it is reported unreadable (so the repository isn't planned as if they were absent).
    /// </summary>
    private static IEnumerable<string> Candidates(string dir, Dictionary<string, string> unreadable)
    {
        var found = new List<string>(Files(dir));
        var github = Path.Combine(dir, ".github");
        if (IsLink(github))
        {
            unreadable[".github"] = LinkNotFollowed;
            return found.Order(StringComparer.Ordinal);
        }

        found.AddRange(Files(github));
        var gitlab = Path.Combine(dir, ".gitlab"); // .gitlab/renovate.json
        if (IsLink(gitlab))
        {
            unreadable[".gitlab"] = LinkNotFollowed;
        }
        else
        {
            found.AddRange(Files(gitlab));
        }

        var workflows = Path.Combine(github, "workflows");
        if (IsLink(workflows))
        {
            unreadable[".github/workflows"] = LinkNotFollowed;
        }
        else
        {
            found.AddRange(Files(workflows));
        }

        LocalActionFiles(dir, Path.Combine(github, "actions"), depth: 0, found, unreadable);
        found.AddRange(FilesIn(Path.Combine(dir, "bin"), levels: 1).Concat(FilesIn(Path.Combine(dir, "scripts"), levels: 2)));
        return found.Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// Files in a folder and, for more than one level, its subfolders: the scripts release jobs run. A linked
    /// folder is skipped without a word: the scripts only name an upload command, nothing is planned from them.
    /// </summary>
    private static IEnumerable<string> FilesIn(string folder, int levels) =>
        levels < 1 || !Directory.Exists(folder) || IsLink(folder)
            ? []
            : Directory.EnumerateFiles(folder).Concat(Directory.EnumerateDirectories(folder).SelectMany(sub => FilesIn(sub, levels - 1)));

    private static IEnumerable<string> Files(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : [];

    /// <summary>
    /// Every file in <c>.github/actions</c> and its subfolders (the caller keeps <c>action.yml</c>s). A linked
    /// folder is not followed (it could point outside the repository or back up the tree); its metadata is
    /// reported unreadable, which leaves the jobs using that action unassessed rather than failing the repository.
    /// </summary>
    private static void LocalActionFiles(string dir, string folder, int depth, List<string> found, Dictionary<string, string> unreadable)
    {
        if (depth > MaxActionDepth || !Directory.Exists(folder))
        {
            return;
        }

        if (IsLink(folder))
        {
            unreadable[Path.GetRelativePath(dir, folder).Replace('\\', '/') + "/action.yml"] = $"is in a folder that {LinkNotFollowed}";
            return;
        }

        found.AddRange(Directory.EnumerateFiles(folder));
        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            LocalActionFiles(dir, sub, depth + 1, found, unreadable);
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new DirectoryInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsRepository(string dir) =>
        Directory.Exists(Path.Combine(dir, ".git")) || Directory.Exists(Path.Combine(dir, ".github"));

    /// <summary>The branch checked out in <c>.git/HEAD</c>, else <c>main</c>; a HEAD that can't be read as one is reported.</summary>
    private static string DefaultBranch(string dir, Dictionary<string, string> unreadable)
    {
        var git = Path.Combine(dir, ".git");
        var head = Path.Combine(git, "HEAD");
        if (!Directory.Exists(git) || IsLink(git) || !File.Exists(head) && !IsLink(head))
        {
            return "main";
        }

        try
        {
            var text = RegularFile.ReadText(head, MaxHeadBytes).Trim();
            const string prefix = "ref: refs/heads/";
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : "main";
        }
        catch (NotReadableException ex)
        {
            unreadable[".git/HEAD"] = ex.Reason;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            unreadable[".git/HEAD"] = $"could not be read: {ex.Message}";
        }

        return "main";
    }
}
