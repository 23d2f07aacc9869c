using System.Text;

namespace Reconciler.GitHubDouble.Git;

/// <summary>A flattened tree leaf: a blob, a submodule commit or an explicit subtree.</summary>
public sealed record FlatEntry(string Mode, string Type, string Sha);

/// <summary>An error raised by a git operation, mapped by handlers to an HTTP status.</summary>
public sealed class GitOperationException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The object database and refs of one repository. Not thread-safe by itself: the double's
/// state lock guards every access.
/// </summary>
public sealed class GitStore
{
    private readonly Dictionary<string, GitObject> _objects = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _refs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Refs => _refs;

    public bool IsEmpty => _refs.Count == 0;

    public GitObject? Get(string sha) => _objects.GetValueOrDefault(sha.ToLowerInvariant());

    public T? Get<T>(string sha) where T : GitObject => Get(sha) as T;

    public bool Contains(string sha) => _objects.ContainsKey(sha.ToLowerInvariant());

    public string? GetRef(string fullName) => _refs.GetValueOrDefault(fullName);

    public void SetRef(string fullName, string sha) => _refs[fullName] = sha;

    public bool DeleteRef(string fullName) => _refs.Remove(fullName);

    public GitBlob AddBlob(byte[] content)
    {
        var sha = GitHash.Hash("blob", content);
        return (GitBlob)Store(new GitBlob { Sha = sha, Content = content });
    }

    public GitTree AddTree(IEnumerable<GitTreeEntry> entries)
    {
        var sorted = GitHash.SortEntries(entries).ToList();
        var sha = GitHash.Hash("tree", GitHash.TreeBody(sorted));
        return (GitTree)Store(new GitTree { Sha = sha, Entries = sorted });
    }

    public GitCommit AddCommit(string tree, IReadOnlyList<string> parents, GitSignature author, GitSignature committer, string message)
    {
        var sha = GitHash.Hash("commit", GitHash.CommitBody(tree, parents, author, committer, message));
        return (GitCommit)Store(new GitCommit
        {
            Sha = sha,
            TreeSha = tree,
            Parents = parents,
            Author = author,
            Committer = committer,
            Message = message,
        });
    }

    public GitTag AddTag(string tag, string objectSha, GitSignature tagger, string message)
    {
        var target = Get(objectSha) ?? throw new GitOperationException(422, "Object does not exist");
        var sha = GitHash.Hash("tag", GitHash.TagBody(target.Sha, target.Type, tag, tagger, message));
        return (GitTag)Store(new GitTag
        {
            Sha = sha,
            Tag = tag,
            ObjectSha = target.Sha,
            ObjectType = target.Type,
            Tagger = tagger,
            Message = message,
        });
    }

    private GitObject Store(GitObject o)
    {
        if (_objects.TryGetValue(o.Sha, out var existing))
        {
            return existing;
        }
        _objects[o.Sha] = o;
        return o;
    }

    /// <summary>Builds nested trees from a map of path → leaf entry and returns the root tree.</summary>
    public GitTree WriteTree(IReadOnlyDictionary<string, FlatEntry> files)
    {
        var root = new Dir();
        foreach (var (path, entry) in files)
        {
            var parts = path.Split('/');
            var dir = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!dir.Dirs.TryGetValue(parts[i], out var sub))
                {
                    sub = new Dir();
                    dir.Dirs[parts[i]] = sub;
                }
                dir = sub;
            }
            dir.Leaves[parts[^1]] = entry;
        }
        return Write(root);
    }

    private GitTree Write(Dir dir)
    {
        var entries = new List<GitTreeEntry>();
        foreach (var (name, sub) in dir.Dirs)
        {
            var t = Write(sub);
            entries.Add(new GitTreeEntry("040000", name, "tree", t.Sha));
        }
        foreach (var (name, leaf) in dir.Leaves)
        {
            entries.Add(new GitTreeEntry(leaf.Mode, name, leaf.Type, leaf.Sha));
        }
        return AddTree(entries);
    }

    private sealed class Dir
    {
        public Dictionary<string, Dir> Dirs { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, FlatEntry> Leaves { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Flattens a tree into path → leaf (blobs and submodules).</summary>
    public Dictionary<string, FlatEntry> Flatten(string treeSha)
    {
        var result = new Dictionary<string, FlatEntry>(StringComparer.Ordinal);
        Flatten(treeSha, "", result);
        return result;
    }

    private void Flatten(string treeSha, string prefix, Dictionary<string, FlatEntry> into)
    {
        var tree = Get<GitTree>(treeSha) ?? throw new GitOperationException(422, "Invalid tree info");
        foreach (var e in tree.Entries)
        {
            var path = prefix + e.Name;
            if (e.Type == "tree")
            {
                Flatten(e.Sha, path + "/", into);
            }
            else
            {
                into[path] = new FlatEntry(e.Mode, e.Type, e.Sha);
            }
        }
    }

    /// <summary>Every entry under a tree with its full path (trees included), in git order.</summary>
    public List<(string Path, GitTreeEntry Entry)> ListRecursive(string treeSha)
    {
        var list = new List<(string, GitTreeEntry)>();
        void Walk(string sha, string prefix)
        {
            var tree = Get<GitTree>(sha)!;
            foreach (var e in tree.Entries)
            {
                list.Add((prefix + e.Name, e));
                if (e.Type == "tree")
                {
                    Walk(e.Sha, prefix + e.Name + "/");
                }
            }
        }
        Walk(treeSha, "");
        return list;
    }

    /// <summary>Resolves a branch, tag, "heads/x", "tags/x", "refs/..." or a (full) SHA to a commit, peeling tags.</summary>
    public GitCommit? ResolveCommit(string rev)
    {
        var sha = ResolveObject(rev);
        return sha is null ? null : Peel(sha) as GitCommit;
    }

    /// <summary>Resolves a ref name or SHA to the object it names (not peeled).</summary>
    public string? ResolveObject(string rev)
    {
        if (rev.StartsWith("refs/", StringComparison.Ordinal))
        {
            return GetRef(rev);
        }
        foreach (var candidate in new[] { "refs/" + rev, "refs/heads/" + rev, "refs/tags/" + rev })
        {
            if (GetRef(candidate) is { } s)
            {
                return s;
            }
        }
        if (rev.Length is >= 7 and <= 40 && rev.All(Uri.IsHexDigit))
        {
            var lower = rev.ToLowerInvariant();
            if (_objects.ContainsKey(lower))
            {
                return lower;
            }
            var matches = _objects.Keys.Where(k => k.StartsWith(lower, StringComparison.Ordinal)).Take(2).ToList();
            return matches.Count == 1 ? matches[0] : null;
        }
        return null;
    }

    /// <summary>Follows annotated tags (possibly nested) down to a non-tag object.</summary>
    public GitObject? Peel(string sha)
    {
        var o = Get(sha);
        for (var hops = 0; o is GitTag tag && hops < 32; hops++)
        {
            o = Get(tag.ObjectSha);
        }
        return o;
    }

    /// <summary>Finds the leaf or subtree at a path inside a tree.</summary>
    public GitTreeEntry? FindPath(string treeSha, string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        GitTreeEntry? current = new("040000", "", "tree", treeSha);
        foreach (var part in parts)
        {
            if (current is null || current.Type != "tree")
            {
                return null;
            }
            current = Get<GitTree>(current.Sha)?.Entries.FirstOrDefault(e => e.Name == part);
        }
        return current;
    }

    /// <summary>True when <paramref name="ancestor"/> is reachable from <paramref name="descendant"/>.</summary>
    public bool IsAncestor(string ancestor, string descendant)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(descendant);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (s == ancestor)
            {
                return true;
            }
            if (!seen.Add(s) || Get<GitCommit>(s) is not { } c)
            {
                continue;
            }
            foreach (var p in c.Parents)
            {
                stack.Push(p);
            }
        }
        return false;
    }

    /// <summary>Commits a set of file changes (null content deletes) on top of a branch and moves the branch.</summary>
    public GitCommit CommitFiles(string branch, IReadOnlyDictionary<string, string?> files, string message, GitSignature author)
    {
        var refName = "refs/heads/" + branch;
        var parentSha = GetRef(refName);
        var flat = parentSha is null
            ? new Dictionary<string, FlatEntry>(StringComparer.Ordinal)
            : Flatten(Get<GitCommit>(parentSha)!.TreeSha);
        foreach (var (path, content) in files)
        {
            var p = path.Trim('/');
            if (content is null)
            {
                flat.Remove(p);
            }
            else
            {
                flat[p] = new FlatEntry("100644", "blob", AddBlob(Encoding.UTF8.GetBytes(content)).Sha);
            }
        }
        var tree = WriteTree(flat);
        var commit = AddCommit(tree.Sha, parentSha is null ? [] : [parentSha], author, author, message);
        SetRef(refName, commit.Sha);
        return commit;
    }
}
