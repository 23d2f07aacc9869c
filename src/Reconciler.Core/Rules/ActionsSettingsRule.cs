using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Settings;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// The repository's default <c>GITHUB_TOKEN</c> is read-only and workflows can't approve pull requests;
/// optionally, Actions refuse actions not pinned to a full SHA.
/// </summary>
public sealed class ActionsSettingsRule : IRepositoryRule
{
    public string Id => "actions-settings";

    public string Title => "The default workflow token is read-only";

    public string Help =>
        "A job that declares no permissions gets the repository's default token. When that default is read-write, " +
        "every such job can push code and create releases; and a workflow that may approve pull requests can " +
        "approve its own changes past branch protection.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(RepositoryContext context)
    {
        var settings = context.Repository.Settings;
        var policy = context.Policy.Settings.Actions;
        if (settings is null || !policy.Enabled)
        {
            return;
        }

        if (settings.Actions is not { } current)
        {
            context.Fail($"Actions settings could not be read: {settings.Unreadable.GetValueOrDefault(RepositorySettings.Parts.Actions, "unknown reason")}");
            return;
        }

        // Minimums only: a read-only default stays read-only even if the policy would allow write.
        var permissions = policy.DefaultWorkflowPermissions == WorkflowTokenPermissions.Read ? "read" : current.DefaultWorkflowPermissions;
        if (permissions != current.DefaultWorkflowPermissions && JobsOnTheDefaultToken(context).FirstOrDefault() is { Job: not null } relying)
        {
            // Making the default read-only would take away what that job's unassessed steps may use.
            context.Report(relying.Path, relying.Line, $"the default workflow token is read-write and job {relying.Job} relies on it while running steps Reconcile can't assess; left read-write until that job declares its `permissions:`", severity: Severity.Warning);
            permissions = current.DefaultWorkflowPermissions;
        }

        var canApprove = current.CanApprovePullRequestReviews && policy.CanApprovePullRequestReviews;
        if (permissions != current.DefaultWorkflowPermissions || canApprove != current.CanApprovePullRequestReviews)
        {
            if (permissions != current.DefaultWorkflowPermissions)
            {
                context.Report(null, null, "the default workflow token is read-write: jobs that declare no permissions can push code and create releases", fixedByChange: true);
            }

            if (canApprove != current.CanApprovePullRequestReviews)
            {
                context.Report(null, null, "workflows may approve pull requests, which lets a workflow approve its own change past review", fixedByChange: true);
            }

            context.ChangeSetting(
                "actions:workflow-permissions",
                ChangeAction.Update,
                Body(current.DefaultWorkflowPermissions, current.CanApprovePullRequestReviews),
                Body(permissions, canApprove),
                "read-only default token; workflows can't approve pull requests");
        }

        if (policy.ShaPinningRequired && current.ShaPinningRequired != true)
        {
            if (current.ShaPinningRequired is null)
            {
                context.Report(null, null, "requiring full-SHA pins is not offered by this GitHub; pins are enforced by the pinned-actions rule only", severity: Severity.Note);
                return;
            }

            context.Report(null, null, "Actions accept actions that are not pinned to a full commit SHA", fixedByChange: true);
            context.ChangeSetting("actions:sha-pinning", ChangeAction.Update, new JsonObject { ["sha_pinning_required"] = false }, new JsonObject { ["sha_pinning_required"] = true }, "refuse actions not pinned to a full SHA");
        }
    }

    /// <summary>Jobs in the workflows as the plan leaves them that declare no grant (nor their root) and run something unassessed.</summary>
    private static IEnumerable<(string Path, int Line, string Job)> JobsOnTheDefaultToken(RepositoryContext context)
    {
        var actions = ActionPermissions.For(context.Policy);
        foreach (var (path, text) in context.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!FilesOfInterest.IsWorkflow(path))
            {
                continue;
            }

            Workflow workflow;
            try
            {
                workflow = Workflow.Parse(path, text);
            }
            catch (Exception ex) when (ex is YamlSyntaxException or NotAWorkflowException)
            {
                continue; // reported by the file rules
            }

            if (workflow.Root.Find("permissions") is not null)
            {
                continue;
            }

            foreach (var job in workflow.Jobs)
            {
                if (job.Map is not null && job.Permissions is null && JobNeeds.Of(job, context.Repository, actions).Unknown.Count > 0)
                {
                    yield return (path, job.Entry.Key.Start.Line, job.Id);
                }
            }
        }
    }

    private static JsonObject Body(string permissions, bool canApprove) =>
        new() { ["default_workflow_permissions"] = permissions, ["can_approve_pull_request_reviews"] = canApprove };
}
