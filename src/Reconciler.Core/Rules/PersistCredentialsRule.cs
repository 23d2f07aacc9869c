using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>Report: a checkout that leaves the token in <c>.git/config</c> in a job that uploads artifacts.</summary>
public sealed class PersistCredentialsRule : IWorkflowRule
{
    public string Id => "persist-credentials";

    public string Title => "Checkouts in jobs that upload artifacts don't keep the token on disk";

    public string Help =>
        "actions/checkout writes the job's token into `.git/config` unless `persist-credentials: false` is set. " +
        "A job that uploads its workspace (or part of it) as an artifact can publish that token to anyone who can " +
        "download the artifact (ArtiPACKED).";

    public Severity DefaultSeverity => Severity.Warning;

    public void Check(WorkflowContext context)
    {
        var sites = UsesSite.All(context.Workflow).Where(s => s.Step is not null).ToList();
        foreach (var job in context.Workflow.Jobs)
        {
            var mine = sites.Where(s => s.Job == job).ToList();
            if (!mine.Any(s => s.Reference.Action is "actions/upload-artifact" or "actions/upload-pages-artifact"))
            {
                continue;
            }

            foreach (var checkout in mine.Where(s => s.Reference.Action == "actions/checkout"))
            {
                if (checkout.Step!.With?.Text("persist-credentials") != "false")
                {
                    context.Report(checkout.Node, $"{checkout.Where}: this job uploads artifacts and its checkout keeps the token in .git/config; set `persist-credentials: false`");
                }
            }
        }
    }
}
