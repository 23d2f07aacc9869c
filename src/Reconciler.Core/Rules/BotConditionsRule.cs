using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Report: an <c>if:</c> that trusts <c>github.actor</c> being a bot in a workflow with privileged triggers.</summary>
/// <remarks>Workflows only: a composite action can't tell which event its caller runs on.</remarks>
public sealed partial class BotConditionsRule : IWorkflowRule
{
    public string Id => "bot-conditions";

    public string Title => "Privileged workflows don't trust the actor's name";

    public string Help =>
        "`github.actor` (and `github.triggering_actor`) is whoever caused this run, not who wrote the code it runs on: " +
        "a pull request Dependabot has rebased or touched, or a re-run, makes `github.actor == 'dependabot[bot]'` true " +
        "for an attacker's pull request, and with `pull_request_target`, `workflow_run` or `issue_comment` that run holds " +
        "secrets and a write token. Check who opened the pull request instead: `github.event.pull_request.user.login`.";

    public Severity DefaultSeverity => Severity.Warning;

    private static readonly string[] Privileged = ["pull_request_target", "workflow_run", "issue_comment"];

    // `github.actor == 'x[bot]'`, the reverse, and contains/endsWith/startsWith(github.actor, '…[bot]').
    [GeneratedRegex(@"(?<![\w.])github\.(?:triggering_)?actor\s*==\s*'[^']*\[bot\]'|'[^']*\[bot\]'\s*==\s*github\.(?:triggering_)?actor(?![\w.])|\b(?:contains|endswith|startswith)\s*\(\s*github\.(?:triggering_)?actor\s*,\s*'[^']*\[bot\]'\s*\)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: Planning.PlanningLimits.RegexTimeoutMilliseconds)]
    private static partial Regex TrustsBotActor();

    public void Check(WorkflowContext context)
    {
        var triggers = context.Workflow.Triggers.Where(t => Privileged.Contains(t, StringComparer.Ordinal)).ToList();
        if (triggers.Count == 0)
        {
            return;
        }

        foreach (var job in context.Workflow.Jobs)
        {
            CheckIf(context, $"job {job.Id}", job.Map, triggers);
            foreach (var step in job.Steps)
            {
                CheckIf(context, $"job {job.Id}, {step.Label}", step.Map, triggers);
            }
        }
    }

    private static void CheckIf(WorkflowContext context, string where, YMap? owner, List<string> triggers)
    {
        if (owner?["if"].Deref() is not YScalar { IsNull: false } condition)
        {
            return;
        }

        foreach (var (offset, text) in Expressions.In(context, condition, isIf: true))
        {
            foreach (Match m in TrustsBotActor().Matches(text))
            {
                context.ReportAtOffset(offset + m.Index, $"{where}: `if: {m.Value}` trusts the actor's name in a workflow triggered by {string.Join(", ", triggers)}; the actor is whoever caused the run (a bot that touched the pull request, whoever re-ran it), not who wrote the code; check `github.event.pull_request.user.login` instead");
            }
        }
    }
}
