using Reconciler.Core.Policy;

namespace Reconciler.Core.Workflows;

/// <summary>What a <c>uses:</c> value points at.</summary>
public enum ActionReferenceKind
{
    /// <summary><c>owner/repo[/path]@ref</c>: an action or reusable workflow in another repository.</summary>
    Remote,

    /// <summary><c>./path</c>: an action or workflow in this repository.</summary>
    Local,

    /// <summary><c>docker://image</c>.</summary>
    Docker,

    /// <summary>Anything else (a typo, an expression): left alone.</summary>
    Invalid,
}

/// <summary>
/// A parsed <c>uses:</c> value. <see cref="Action"/> is <c>owner/repo</c> (what the catalogue and a
/// host's tags are keyed by); <see cref="Name"/> adds the path inside the repository, which tells
/// two actions (or reusable workflows) of one repository apart.
/// </summary>
public sealed record ActionReference(ActionReferenceKind Kind, string Text, string Owner, string Repo, string Path, string Ref)
{
    public string Action => $"{Owner}/{Repo}";

    public string Name => Path.Length == 0 ? Action : $"{Action}/{Path}";

    public bool IsRemote => Kind == ActionReferenceKind.Remote;

    /// <summary>A full 40-hex commit SHA.</summary>
    public bool IsSha => Ref.Length == 40 && Ref.All(Uri.IsHexDigit);

    /// <summary>A version tag like <c>v4</c>, <c>v6.0.2</c> or <c>1.0.3</c>.</summary>
    public bool IsVersionTag => ActionVersion.TryParse(Ref, out _);

    /// <summary>A ref that is neither a SHA nor a version: a branch (<c>main</c>, <c>release/v1</c>) or an odd tag.</summary>
    public bool IsBranchLike => !IsSha && !IsVersionTag;

    /// <summary>A reusable workflow: <c>owner/repo/.github/workflows/x.yml@ref</c>.</summary>
    public bool IsReusableWorkflow => Path.StartsWith(".github/workflows/", StringComparison.Ordinal);

    /// <summary>The same reference with another ref.</summary>
    public string WithRef(string reference) => $"{Name}@{reference}";

    public static ActionReference Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("./", StringComparison.Ordinal) || t == ".")
        {
            return new(ActionReferenceKind.Local, text, "", "", t, "");
        }

        if (t.StartsWith("docker://", StringComparison.Ordinal))
        {
            return new(ActionReferenceKind.Docker, text, "", "", t, "");
        }

        var at = t.LastIndexOf('@');
        if (at <= 0 || at == t.Length - 1 || t.Contains("${{", StringComparison.Ordinal))
        {
            return new(ActionReferenceKind.Invalid, text, "", "", t, "");
        }

        var parts = t[..at].Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return new(ActionReferenceKind.Invalid, text, "", "", t, "");
        }

        return new(ActionReferenceKind.Remote, text, parts[0], parts[1], parts.Length == 3 ? parts[2] : "", t[(at + 1)..]);
    }
}
