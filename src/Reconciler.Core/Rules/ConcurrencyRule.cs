using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Workflows that publish run one at a time per ref, and a run on the default branch is never
/// cancelled by the next push (a cancelled publish can leave a tag without its package).
/// </summary>
public sealed class ConcurrencyRule : IWorkflowRule
{
    private const string StandardGroup = "${{ github.workflow }}-${{ github.ref }}";

    public string Id => "concurrency";

    public string Title => "Publishing workflows serialise per ref and never cancel the default branch";

    public string Help =>
        "Two pushes in quick succession start two publishing runs that race for the same version; a cancelled " +
        "run can leave a tag or release without its package. A concurrency group per workflow and ref queues them, " +
        "and cancelling superseded runs only off the default branch keeps pull-request CI fast without ever " +
        "interrupting a release.";

    public Severity DefaultSeverity => Severity.Warning;

    public void Check(WorkflowContext context)
    {
        if (!PublishDetection.Publishes(context.Workflow))
        {
            return;
        }

        var branch = context.Repository.DefaultBranch;
        var never = context.Settings is ConcurrencySettings { CancelInProgress: CancelPolicy.Never };
        var cancel = never ? "false" : $"${{{{ github.ref != 'refs/heads/{branch}' }}}}";
        var root = context.Workflow.Root;
        var entry = root.Find("concurrency");
        if (entry is null)
        {
            context.Report(root.Find("jobs")?.Key, "this workflow publishes but has no `concurrency`: two pushes can race to publish, and nothing stops a run from being cancelled mid-release", fixedByEdit: true);
            if (!context.MayFix)
            {
                return;
            }

            var where = root.Find("permissions") is not null ? YamlEditor.InsertAt.After("permissions")
                : root.Find("env") is not null ? YamlEditor.InsertAt.Before("env")
                : YamlEditor.InsertAt.Before("jobs");
            var block = YValue.Map(("group", YValue.Raw(StandardGroup)), ("cancel-in-progress", YValue.Raw(cancel)));
            context.Editor.Insert(root, "concurrency", block, where, blankLineBefore: context.Editor.BlankLineAt(root, where));
            context.Explain(never
                ? "Added a `concurrency` group per workflow and ref that never cancels a run in progress, so publishing runs queue instead of racing."
                : $"Added a `concurrency` group per workflow and ref: superseded runs are cancelled except on `{branch}`, so a release is never interrupted.");
            context.Verify(wf => wf.Root.Map("concurrency")?.Text("cancel-in-progress") == cancel ? null : "concurrency.cancel-in-progress was not written");
            return;
        }

        if (entry.Value is not YMap map || map.Find("cancel-in-progress") is not { } cip || cip.Value is not YScalar value)
        {
            return; // a bare group name, or no cancel-in-progress: runs are never cancelled
        }

        if (value.Value == "false" || NeverCancels(value.Value, branch))
        {
            return;
        }

        context.Report(value, $"`cancel-in-progress: {value.Value}` can cancel a publishing run on `{branch}` mid-release; it should be {cancel}", fixedByEdit: true);
        if (!context.MayFix || context.IsShared(value))
        {
            return;
        }

        context.Editor.ReplaceScalar(value, YValue.Raw(cancel));
        context.Explain($"`cancel-in-progress` no longer cancels runs on `{branch}`, so a release in progress finishes.");
        if (map.Find("group")?.Value is YScalar group && !PerRef(group.Value) && !context.IsShared(group))
        {
            // With a group shared by every ref, a run for one tag would still cancel another's.
            context.Report(group, $"the concurrency group `{group.Value}` is the same for every ref, so one release run cancels another; grouped per workflow and ref instead", fixedByEdit: true);
            context.Editor.ReplaceScalar(group, YValue.Raw(StandardGroup));
            context.Explain($"The concurrency group `{group.Value}` didn't vary by ref (one tag's run could cancel another's); it is now `{StandardGroup}`.");
        }

        context.Verify(wf => wf.Root.Map("concurrency")?.Text("cancel-in-progress") == cancel ? null : "concurrency.cancel-in-progress was not changed");
    }

    /// <summary>Whether a group name differs between refs (a branch, tag or pull request each get their own).</summary>
    private static bool PerRef(string group) =>
        new[] { "github.ref", "github.head_ref", "github.sha", "github.run_id", "pull_request.number", "github.event.number" }
            .Any(p => group.Contains(p, StringComparison.Ordinal) && !group.Contains("github.event.push.", StringComparison.Ordinal));

    /// <summary>An expression that is false on the default branch: <c>github.ref != 'refs/heads/main'</c> and the like.</summary>
    private static bool NeverCancels(string expression, string branch) =>
        expression.Contains("!=", StringComparison.Ordinal)
        && (expression.Contains($"'refs/heads/{branch}'", StringComparison.Ordinal) || expression.Contains($"'{branch}'", StringComparison.Ordinal))
        && !expression.Contains("||", StringComparison.Ordinal)
        || expression.Contains("== 'pull_request'", StringComparison.Ordinal) && !expression.Contains("||", StringComparison.Ordinal);
}
