using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reconciler.GitHubDouble.Git;

/// <summary>A git signature (author, committer or tagger).</summary>
public sealed record GitSignature(string Name, string Email, DateTimeOffset Date)
{
    public static GitSignature Default(DateTimeOffset date) => new("Octocat", "octocat@example.com", date);

    internal string ToGit() =>
        $"{Name} <{Email}> {Date.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} +0000";
}

/// <summary>Base type of a stored git object; <see cref="Sha"/> is computed git-style.</summary>
public abstract class GitObject
{
    public required string Sha { get; init; }
    public abstract string Type { get; }
}

public sealed class GitBlob : GitObject
{
    public required byte[] Content { get; init; }
    public override string Type => "blob";
}

/// <summary>One entry of a tree. Mode uses GitHub's API spelling ("100644", "040000", "160000").</summary>
public sealed record GitTreeEntry(string Mode, string Name, string Type, string Sha);

public sealed class GitTree : GitObject
{
    public required IReadOnlyList<GitTreeEntry> Entries { get; init; }
    public override string Type => "tree";
}

public sealed class GitCommit : GitObject
{
    public required string TreeSha { get; init; }
    public required IReadOnlyList<string> Parents { get; init; }
    public required GitSignature Author { get; init; }
    public required GitSignature Committer { get; init; }
    public required string Message { get; init; }
    public override string Type => "commit";
}

public sealed class GitTag : GitObject
{
    public required string Tag { get; init; }
    public required string ObjectSha { get; init; }
    public required string ObjectType { get; init; }
    public required GitSignature Tagger { get; init; }
    public required string Message { get; init; }
    public override string Type => "tag";
}

/// <summary>Computes git object ids exactly as git does (SHA-1 over "type len\0body").</summary>
public static class GitHash
{
    public static string Hash(string type, byte[] body)
    {
        var header = Encoding.ASCII.GetBytes($"{type} {body.Length.ToString(CultureInfo.InvariantCulture)}\0");
        var all = new byte[header.Length + body.Length];
        header.CopyTo(all, 0);
        body.CopyTo(all, header.Length);
        return Convert.ToHexStringLower(SHA1.HashData(all));
    }

    public static byte[] TreeBody(IEnumerable<GitTreeEntry> entries)
    {
        using var ms = new MemoryStream();
        foreach (var e in SortEntries(entries))
        {
            var mode = e.Mode == "040000" ? "40000" : e.Mode;
            ms.Write(Encoding.UTF8.GetBytes($"{mode} {e.Name}\0"));
            ms.Write(Convert.FromHexString(e.Sha));
        }
        return ms.ToArray();
    }

    /// <summary>Git orders tree entries bytewise by name, comparing directories as if they ended in '/'.</summary>
    public static IEnumerable<GitTreeEntry> SortEntries(IEnumerable<GitTreeEntry> entries) =>
        entries.OrderBy(e => e.Type == "tree" ? e.Name + "/" : e.Name, StringComparer.Ordinal);

    public static byte[] CommitBody(string tree, IEnumerable<string> parents, GitSignature author, GitSignature committer, string message)
    {
        var sb = new StringBuilder();
        sb.Append("tree ").Append(tree).Append('\n');
        foreach (var p in parents)
        {
            sb.Append("parent ").Append(p).Append('\n');
        }
        sb.Append("author ").Append(author.ToGit()).Append('\n');
        sb.Append("committer ").Append(committer.ToGit()).Append('\n');
        sb.Append('\n').Append(message);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] TagBody(string obj, string type, string tag, GitSignature tagger, string message) =>
        Encoding.UTF8.GetBytes($"object {obj}\ntype {type}\ntag {tag}\ntagger {tagger.ToGit()}\n\n{message}");
}
