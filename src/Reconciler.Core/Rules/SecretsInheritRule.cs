using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Report: <c>secrets: inherit</c> hands every secret to a called workflow.</summary>
public sealed class SecretsInheritRule : IWorkflowRule
{
    public string Id => "secrets-inherit";

    public string Title => "Reusable workflows get only the secrets they need";

    public string Help =>
        "`secrets: inherit` passes every repository and organisation secret to the called workflow, including " +
        "registry tokens it never uses. Name the secrets it needs under `secrets:` so a change to the callee can't " +
        "quietly reach the others.";

    public Severity DefaultSeverity => Severity.Warning;

    public void Check(WorkflowContext context)
    {
        foreach (var job in context.Workflow.Jobs)
        {
            if (job.Map?["secrets"] is YScalar { Value: "inherit" } inherit)
            {
                context.Report(inherit, $"job {job.Id} passes every secret to `{job.Uses}`; list the ones it needs instead");
            }
        }
    }
}
