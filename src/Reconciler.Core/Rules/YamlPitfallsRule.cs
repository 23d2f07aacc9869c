using System.Globalization;
using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Values YAML reads differently from how they look: versions that become numbers
/// (<c>python-version: 3.10</c> is 3.1) and YAML 1.1 booleans (<c>yes</c>, <c>off</c>) passed to actions.
/// </summary>
public sealed class YamlPitfallsRule : IWorkflowRule, IActionFileRule
{
    public string Id => "yaml-pitfalls";

    public string Title => "Versions and flags mean what they look like";

    public string Help =>
        "YAML reads an unquoted `3.10` as the number 3.1, so `python-version: 3.10` installs Python 3.1 (or fails), " +
        "and matrices silently test the wrong version. `yes`, `no`, `on` and `off` are booleans to some YAML readers " +
        "and strings to GitHub, so an action receives the string \"yes\" where it expects true.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context) =>
        Check(context, context.Workflow.Root, context.Workflow.Jobs.SelectMany(job => job.Steps.Select(step => ($"job {job.Id}, {step.Label}", step))));

    /// <summary>A composite action's steps pass versions and flags to actions the same way (a setup action's <c>python-version: 3.10</c>).</summary>
    public void Check(ActionFileContext context) =>
        Check(context, context.Action.Root, context.Action.Steps.Select(step => (step.Label, step)));

    private static void Check(FileContext context, YMap root, IEnumerable<(string Where, Workflows.Step Step)> steps)
    {
        foreach (var map in root.Descendants().OfType<YMap>())
        {
            foreach (var entry in map.Entries)
            {
                if (IsVersionKey(entry.KeyText))
                {
                    var values = entry.Value switch
                    {
                        YScalar s => [s],
                        YSeq seq => seq.Items.OfType<YScalar>().ToList(),
                        _ => new List<YScalar>(),
                    };
                    // Quote like the neighbours in the same list when they are quoted: [3.9, "3.10", "3.11"].
                    var quote = values.FirstOrDefault(v => v.Style is YScalarStyle.DoubleQuoted or YScalarStyle.SingleQuoted)?.Style;
                    foreach (var value in values.Where(v => ReadsAsDifferentNumber(v)))
                    {
                        Quote(context, entry.KeyText, value, quote);
                    }
                }
            }
        }

        foreach (var (where, step) in steps)
        {
            foreach (var e in step.With?.Entries ?? [])
            {
                if (e.Value is YScalar { Style: YScalarStyle.Plain } s && IsYaml11Bool(s.Value))
                {
                    var meant = s.Value.ToLowerInvariant() is "yes" or "on" or "y" ? "true" : "false";
                    context.Report(s, $"{where}: `{e.KeyText}: {s.Value}` passes the string \"{s.Value}\" to the action; write `{meant}` if a boolean is meant", severity: Severity.Warning);
                }
            }
        }
    }

    private static void Quote(FileContext context, string key, YScalar value, YScalarStyle? like)
    {
        var read = Canonical(value.Value);
        context.Report(value, $"`{key}: {value.Value}` is read as the number {read}; quoted so it stays {value.Value}", fixedByEdit: !context.IsShared(value));
        if (!context.MayFix || context.IsShared(value))
        {
            return;
        }

        context.Editor.ReplaceScalar(value, like switch
        {
            YScalarStyle.DoubleQuoted => YValue.Raw($"\"{value.Value}\""),
            YScalarStyle.SingleQuoted => YValue.Raw($"'{value.Value}'"),
            _ => YValue.Quoted(value.Value),
        });
        context.Explain($"Quoted `{key}: {value.Value}`, which YAML reads as the number {read}.");
    }

    private static bool IsVersionKey(string key) =>
        key.EndsWith("version", StringComparison.OrdinalIgnoreCase) || key.EndsWith("versions", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("_VERSION", StringComparison.Ordinal) || key is "python" or "node" or "java" or "go" or "ruby" or "dotnet";

    /// <summary>A plain scalar that is a number whose canonical form differs from its text (3.10 → 3.1, 1.0 → 1).</summary>
    public static bool ReadsAsDifferentNumber(YScalar s) =>
        s.Style == YScalarStyle.Plain && s.Tag is null
        && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        && Canonical(s.Value) != s.Value;

    private static string Canonical(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture)
        : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    private static bool IsYaml11Bool(string s) => s.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n";
}
