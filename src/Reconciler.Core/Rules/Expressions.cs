using System.Text.RegularExpressions;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Where a workflow's <c>${{ }}</c> expressions are, for the rules that read them.</summary>
internal static partial class Expressions
{
    [GeneratedRegex(@"\$\{\{(?<expr>.*?)\}\}", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    internal static partial Regex Wrapped();

    /// <summary>
    /// The expressions of a scalar, each with its offset in the file: every <c>${{ }}</c>, or the whole value of an
    /// <c>if:</c> written without one (GitHub reads it as an expression all the same).
    /// </summary>
    public static IEnumerable<(int Offset, string Text)> In(FileContext context, YScalar scalar, bool isIf)
    {
        var raw = context.Editor.TextOf(scalar);
        if (isIf && !raw.Contains("${{", StringComparison.Ordinal))
        {
            yield return (scalar.Start.Offset, raw);
            yield break;
        }

        foreach (Match m in Wrapped().Matches(raw))
        {
            var expr = m.Groups["expr"];
            yield return (scalar.Start.Offset + expr.Index, expr.Value);
        }
    }

    /// <summary>The first <c>${{ }}</c> of a piece of text, as written, or null.</summary>
    public static string? First(string text) => Wrapped().Match(text) is { Success: true } m ? m.Value : null;

    /// <summary>
    /// Every scalar value of a workflow (keys aside) with where it is for messages (<c>workflow</c>, <c>job build</c>,
    /// <c>job build, step 2 (Test)</c>) and whether it is an <c>if:</c>. A node reached twice through an alias is given once.
    /// </summary>
    public static IEnumerable<(string Where, YScalar Scalar, bool IsIf)> Values(Workflow workflow)
    {
        var seen = new HashSet<YNode>(ReferenceEqualityComparer.Instance);
        var results = new List<(string, YScalar, bool)>();
        foreach (var entry in workflow.Root.Entries)
        {
            if (entry.KeyText == "jobs")
            {
                continue;
            }

            Walk(entry.Value, "workflow", entry.KeyText, results, seen);
        }

        foreach (var job in workflow.Jobs)
        {
            var jobWhere = $"job {job.Id}";
            foreach (var entry in job.Map?.Entries ?? [])
            {
                if (entry.KeyText != "steps")
                {
                    Walk(entry.Value, jobWhere, entry.KeyText, results, seen);
                }
            }

            foreach (var step in job.Steps)
            {
                var where = $"job {job.Id}, {step.Label}";
                foreach (var entry in step.Map?.Entries ?? [])
                {
                    Walk(entry.Value, where, entry.KeyText, results, seen);
                }
            }
        }

        return results;
    }

    private static void Walk(YNode? node, string where, string key, List<(string, YScalar, bool)> results, HashSet<YNode> seen)
    {
        if (node.Deref() is not { } target || !seen.Add(target))
        {
            return;
        }

        switch (target)
        {
            case YScalar scalar when !scalar.IsNull:
                results.Add((where, scalar, key == "if"));
                break;
            case YMap map:
                foreach (var entry in map.Entries)
                {
                    Walk(entry.Value, where, entry.KeyText, results, seen);
                }

                break;
            case YSeq seq:
                foreach (var item in seq.Items)
                {
                    Walk(item, where, "", results, seen);
                }

                break;
        }
    }
}
