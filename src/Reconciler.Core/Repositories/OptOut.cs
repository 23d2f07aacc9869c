using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Repositories;

/// <summary>
/// A repository's own opt-out, <c>.github/reconcile.yml</c> with <c>enabled: false</c>. Whoever wrote the file meant
/// something by it, so it never silently means "go ahead": <c>enabled</c> is read as YAML 1.1 and 1.2 read a boolean
/// (<c>false</c>, <c>no</c>, <c>off</c>, <c>n</c> in any case, quoted or not), and a file that can't be read, doesn't
/// parse or says anything else about <c>enabled</c> skips the repository with a finding until it is fixed.
/// </summary>
public static class OptOut
{
    /// <summary>Finding id for an opt-out file that can't be read as one.</summary>
    public const string RuleId = "opt-out";

    private static readonly string[] Yes = ["true", "yes", "on", "y"];
    private static readonly string[] No = ["false", "no", "off", "n"];

    /// <summary>The plan of a repository that opted out or whose opt-out file can't be read; null to plan it.</summary>
    public static RepositoryPlan? Check(RepositorySnapshot snapshot)
    {
        const string file = FilesOfInterest.OptOutFile;
        if (snapshot.Unreadable.TryGetValue(file, out var why))
        {
            return Unclear(snapshot, $"{file} {why}", null, null);
        }

        if (!snapshot.Files.TryGetValue(file, out var text))
        {
            return null;
        }

        YNode? root;
        try
        {
            root = YTree.Parse(text);
        }
        catch (YamlSyntaxException ex)
        {
            return Unclear(snapshot, $"{file} is not valid YAML: {ex.Message}", ex.Line, ex.Column);
        }

        if (root is null or YScalar { IsNull: true })
        {
            return null;
        }

        if (root is not YMap map)
        {
            return Unclear(snapshot, $"{file} is not a mapping (expected e.g. `enabled: false`)", root.Start.Line, root.Start.Column);
        }

        if (map.Find("enabled") is not { } entry)
        {
            return null;
        }

        var value = entry.Value.Deref() is YScalar { IsNull: false } s ? s.Value.Trim() : null;
        if (value is not null && Yes.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value is not null && No.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return RepositoryPlan.Skipped(snapshot.FullName, $"opted out ({file} sets enabled: {value})");
        }

        return Unclear(snapshot, $"{file}: enabled must be true or false", entry.Value.Start.Line, entry.Value.Start.Column);
    }

    private static RepositoryPlan Unclear(RepositorySnapshot snapshot, string problem, int? line, int? column) => RepositoryPlan.Skipped(snapshot.FullName, $"the opt-out file can't be read ({problem}); not planned until it is fixed") with
    {
        Findings =
        [
            new Finding
            {
                Rule = RuleId,
                Severity = Severity.Error,
                Path = FilesOfInterest.OptOutFile,
                Line = line,
                Column = column,
                Message = $"{problem}. Reconcile skips this repository until the file says `enabled: true` or `enabled: false` (or is removed).",
            },
        ],
    };
}
