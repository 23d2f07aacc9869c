using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Report: <c>pull_request_target</c> or <c>workflow_run</c> workflows that check out the untrusted head.</summary>
public sealed partial class UntrustedCheckoutRule : IWorkflowRule
{
    public string Id => "untrusted-checkout";

    public string Title => "Privileged triggers don't check out untrusted code";

    public string Help =>
        "`pull_request_target` and `workflow_run` run with the base repository's secrets and a write token. " +
        "Checking out the pull request's head in them runs a stranger's code (build scripts, package hooks) with " +
        "those privileges: the \"pwn request\". Build untrusted code in `pull_request` and pass results as artifacts.";

    public Severity DefaultSeverity => Severity.Error;

    [GeneratedRegex(@"github\.event\.pull_request\.head|github\.head_ref|github\.event\.workflow_run\.head|refs/pull/|github\.event\.number|merge_commit_sha")]
    private static partial Regex UntrustedRef();

    /// <summary>The triggers that run a workflow with secrets and a write token on behalf of a pull request.</summary>
    internal static IReadOnlyList<string> PrivilegedTriggers(Workflow workflow) =>
        workflow.Triggers.Where(t => t is "pull_request_target" or "workflow_run").ToList();

    /// <summary>Checkouts of the pull request's head (or the triggering run's), with the <c>ref:</c> they check out.</summary>
    internal static IEnumerable<(UsesSite Site, YNode Ref, string Text)> UntrustedCheckouts(Workflow workflow)
    {
        foreach (var site in UsesSite.All(workflow).Where(s => s.Step is not null && s.Reference.Action.Equals("actions/checkout", StringComparison.OrdinalIgnoreCase)))
        {
            if (site.Step!.With?["ref"] is { } reference && site.Step.With.Text("ref") is { } text && UntrustedRef().IsMatch(text))
            {
                yield return (site, reference, text);
            }
        }
    }

    public void Check(WorkflowContext context)
    {
        var triggers = PrivilegedTriggers(context.Workflow);
        if (triggers.Count == 0)
        {
            return;
        }

        foreach (var (site, reference, text) in UntrustedCheckouts(context.Workflow))
        {
            context.Report(reference, $"{site.Where}: checks out `{text}` in a workflow triggered by {string.Join(", ", triggers)}, which runs with secrets and a write token; untrusted code runs with them");
        }
    }
}
