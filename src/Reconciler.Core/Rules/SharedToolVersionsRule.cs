using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// A toolchain version repeated in several jobs is written once, in workflow <c>env</c>, so the
/// jobs that build and the job that publishes can't drift apart.
/// </summary>
public sealed partial class SharedToolVersionsRule : IWorkflowRule
{
    /// <summary>setup-* inputs and the env name each is hoisted to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Inputs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["python-version"] = "PYTHON_VERSION",
        ["node-version"] = "NODE_VERSION",
        ["java-version"] = "JAVA_VERSION",
        ["go-version"] = "GO_VERSION",
        ["dotnet-version"] = "DOTNET_VERSION",
        ["ruby-version"] = "RUBY_VERSION",
    };

    public string Id => "shared-tool-versions";

    public string Title => "Tool versions repeated across jobs are declared once";

    public string Help =>
        "When each job spells out its own python-version or Poetry version, an update that misses one job makes " +
        "the package tested with one toolchain and published with another. One quoted value in workflow `env` " +
        "is updated in one place, and quoting keeps `3.10` from being read as the number 3.1.";

    public Severity DefaultSeverity => Severity.Note;

    // No lookaround, so the linear engine can run it over scripts from repositories (a lookbehind with
    // [^\n]* was quadratic on a long line of "--version 1.0").
    [GeneratedRegex(@"(?:poetry==|--version\s+)(?<version>\d+\.\d+(?:\.\d+)?)(?:[\s'""]|$)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex PoetryVersion();

    private sealed record Use(string Job, YScalar Node, int Start, int Length, bool InScript, bool InFlow = false);

    public void Check(WorkflowContext context)
    {
        var minimum = context.Settings is SharedToolVersionsSettings s ? Math.Max(2, s.MinimumRepeats) : 2;
        var uses = new Dictionary<(string Name, string Value), List<Use>>();
        foreach (var job in context.Workflow.Jobs)
        {
            foreach (var step in job.Steps)
            {
                foreach (var e in step.With?.Entries ?? [])
                {
                    if (Inputs.TryGetValue(e.KeyText, out var name) && e.Value is YScalar { IsNull: false, Style: not (YScalarStyle.Literal or YScalarStyle.Folded) } v
                        && !v.Value.Contains("${{", StringComparison.Ordinal) && v.Value.Length > 0)
                    {
                        Add(uses, (name, v.Value), new Use(job.Id, v, v.Start.Offset, v.End.Offset - v.Start.Offset, false, step.With!.IsFlow));
                    }
                }

                if (step.Map?["run"] is YScalar run && run.Value.Contains("poetry", StringComparison.Ordinal))
                {
                    var text = context.Editor.TextOf(run);
                    foreach (Match m in PoetryVersion().Matches(text))
                    {
                        var version = m.Groups["version"];
                        Add(uses, ("POETRY_VERSION", version.Value), new Use(job.Id, run, run.Start.Offset + version.Index, version.Length, true));
                    }
                }
            }
        }

        var hoist = uses
            .Where(u => u.Value.Select(x => x.Job).Distinct().Count() >= minimum)
            .GroupBy(u => u.Key.Name)
            .Select(g => g.OrderByDescending(u => u.Value.Select(x => x.Job).Distinct().Count()).ThenBy(u => u.Key.Value, StringComparer.Ordinal).First())
            .OrderBy(u => u.Value[0].Start)
            .ToList();
        if (hoist.Count == 0)
        {
            return;
        }

        var root = context.Workflow.Root;
        var env = root.Find("env");
        if (env is not null && env.Value is not YMap { IsFlow: false, Entries.Count: > 0 })
        {
            context.Report(env.Key, "tool versions repeat across jobs, but the workflow `env` is not a block mapping to add them to; left as is");
            return;
        }

        var add = new List<(string Key, YValue Value)>();
        foreach (var ((name, value), sites) in hoist)
        {
            var existing = (env?.Value as YMap)?.Find(name);
            if (existing is not null && (existing.Value as YScalar)?.Value != value)
            {
                context.Report(existing.Key, $"{name} is repeated as {value} across jobs but the workflow env already sets it to something else; left as is");
                continue;
            }

            if (sites.Any(u => context.IsShared(u.Node)))
            {
                context.Report(sites[0].Node, $"{name} {value} repeats across jobs, but one use is inside a YAML anchor or alias; hoist it by hand");
                continue;
            }

            var jobs = sites.Select(u => u.Job).Distinct().ToList();
            context.Report(sites[0].Node, $"{name} {value} is repeated in {jobs.Count} jobs ({string.Join(", ", jobs)}); declared once in workflow env", fixedByEdit: true);
            if (!context.MayFix)
            {
                continue;
            }

            if (existing is null)
            {
                // Quoted as the uses were ("3.12" stays double-quoted), else in the file's style.
                var quoted = sites.FirstOrDefault(u => !u.InScript && u.Node.Style is YScalarStyle.DoubleQuoted or YScalarStyle.SingleQuoted)?.Node.Style;
                add.Add((name, quoted switch
                {
                    YScalarStyle.DoubleQuoted => YValue.Raw($"\"{value}\""),
                    YScalarStyle.SingleQuoted => YValue.Raw($"'{value}'"),
                    _ => YValue.Quoted(value),
                }));
            }

            var reference = $"${{{{ env.{name} }}}}";
            foreach (var use in sites)
            {
                if (use.InScript)
                {
                    context.Editor.Splice(new TextEdit(use.Start, use.Start + use.Length, reference));
                }
                else
                {
                    // An expression needs no quotes, unless the file quotes everything or it sits in
                    // a flow mapping, where its braces would end the mapping.
                    context.Editor.ReplaceScalar(use.Node, use.InFlow ? YValue.Quoted(reference) : YValue.Str(reference));
                }
            }

            context.Explain($"Declared `{name}: {value}` once in the workflow `env` and referenced it from {string.Join(", ", jobs.Select(j => $"`{j}`"))}, so the jobs can't drift apart.");
            context.Verify(wf => wf.Root.Map("env")?.Text(name) == value ? null : $"env.{name} is not {value}");
        }

        if (add.Count == 0)
        {
            return;
        }

        if (env?.Value is YMap envMap)
        {
            foreach (var (key, value) in add)
            {
                context.Editor.Insert(envMap, key, value, YamlEditor.InsertAt.End);
            }
        }
        else
        {
            var where = root.Find("concurrency") is not null ? YamlEditor.InsertAt.After("concurrency") : YamlEditor.InsertAt.Before("jobs");
            context.Editor.Insert(root, "env", YValue.Map([.. add]), where, blankLineBefore: context.Editor.BlankLineAt(root, where));
        }
    }

    private static void Add(Dictionary<(string, string), List<Use>> uses, (string, string) key, Use use)
    {
        if (!uses.TryGetValue(key, out var list))
        {
            uses[key] = list = [];
        }

        list.Add(use);
    }
}
