using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

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

    public void Check(WorkflowContext context)
    {
        var triggers = context.Workflow.Triggers.Where(t => t is "pull_request_target" or "workflow_run").ToList();
        if (triggers.Count == 0)
        {
            return;
        }

        foreach (var site in UsesSite.All(context.Workflow).Where(s => s.Step is not null && s.Reference.Action.Equals("actions/checkout", StringComparison.OrdinalIgnoreCase)))
        {
            var reference = site.Step!.With?["ref"];
            if (site.Step.With?.Text("ref") is { } text && UntrustedRef().IsMatch(text))
            {
                context.Report(reference, $"{site.Where}: checks out `{text}` in a workflow triggered by {string.Join(", ", triggers)}, which runs with secrets and a write token; untrusted code runs with them");
            }
        }
    }
}
