using System.Text;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Core.Rendering;

/// <summary>
/// Markdown for reviewers: per file what changed and why, settings changes, the manual steps as a
/// checklist, and what was found but not changed. The pull request for one repository carries a
/// hidden marker naming the policy and its digest, so Reconcile can recognise its own pull requests
/// and tell whether they are stale.
/// </summary>
public static class PullRequestBody
{
    /// <summary>The hidden marker, e.g. <c>&lt;!-- reconcile:policy=sdk-publish-hardening digest=sha256:… --&gt;</c>.</summary>
    public static string Marker(PlanPolicy policy) => $"<!-- reconcile:policy={policy.Name} digest={policy.Digest} -->";

    /// <summary>The pull-request body for one repository's plan.</summary>
    public static string Render(RepositoryPlan repository, PlanPolicy policy, string title)
    {
        var sb = new StringBuilder();
        sb.Append(Marker(policy)).Append('\n');
        sb.Append("## ").Append(title).Append("\n\n");
        sb.Append($"Reconcile proposes these changes to `{repository.Repository}` so that it follows the policy `{policy.Name}`.\n");
        AppendSections(sb, repository, "###");
        return sb.ToString();
    }

    /// <summary>A whole plan as markdown (<c>reconcile plan --format markdown</c>): one section per repository.</summary>
    public static string RenderPlan(Plan plan)
    {
        var sb = new StringBuilder();
        var s = plan.Summary;
        sb.Append($"# Reconcile plan: policy `{plan.Policy.Name}`\n\n");
        sb.Append($"{s.Repositories} repositories: {s.Drift} drift, {s.InSync} in sync, {s.Error} error, {s.Skipped} skipped.\n");
        foreach (var repository in plan.Repositories)
        {
            sb.Append($"\n## `{repository.Repository}`: {Status(repository)}\n");
            AppendSections(sb, repository, "###");
        }

        return sb.ToString();
    }

    private static void AppendSections(StringBuilder sb, RepositoryPlan repository, string level)
    {
        foreach (var file in repository.Changes.OfType<FileChange>())
        {
            sb.Append($"\n{level} `{file.Path}`{(file.Action == ChangeAction.Create ? " (new file)" : "")}\n\n");
            var lines = file.Explanations.Count > 0 ? file.Explanations : [$"Changed by {string.Join(", ", file.Rules)}."];
            foreach (var line in lines)
            {
                sb.Append("- ").Append(line).Append('\n');
            }
        }

        var settings = repository.Changes.OfType<SettingChange>().ToList();
        if (settings.Count > 0)
        {
            sb.Append($"\n{level} Repository settings\n\n");
            foreach (var setting in settings)
            {
                sb.Append($"- `{setting.Target}`: {setting.Current?.ToJsonString() ?? "(absent)"} → {setting.Desired?.ToJsonString() ?? "(absent)"}");
                sb.Append(setting.Reason is null ? "\n" : $". {setting.Reason}\n");
            }
        }

        // Two workflows that publish the same way ask for the same step: list it once.
        var manual = repository.Changes.OfType<ManualChange>().DistinctBy(m => m.Instructions, StringComparer.Ordinal).ToList();
        if (manual.Count > 0)
        {
            sb.Append($"\n{level} Manual steps\n\n");
            sb.Append("No API can do these; please tick them off when done.\n\n");
            foreach (var step in manual)
            {
                sb.Append("- [ ] ").Append(step.Instructions).Append('\n');
            }
        }

        var open = repository.Findings.Where(f => !f.Fixed && f.Severity != Severity.Note).ToList();
        if (open.Count > 0)
        {
            sb.Append($"\n{level} Found but not changed\n\n");
            foreach (var f in open)
            {
                var where = f.Path is null ? "settings" : f.Line is null ? $"`{f.Path}`" : $"`{f.Path}:{f.Line}`";
                sb.Append($"- {f.Severity.ToString().ToLowerInvariant()} ({f.Rule}) {where}: {f.Message}\n");
            }
        }
    }

    private static string Status(RepositoryPlan repository) => repository.Status switch
    {
        RepositoryStatus.Drift => "drift",
        RepositoryStatus.InSync => "in sync",
        RepositoryStatus.Error => $"error: {repository.Error}",
        _ => $"skipped: {repository.Reason}",
    };
}
