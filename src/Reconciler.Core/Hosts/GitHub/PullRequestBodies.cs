using System.Text;
using Reconciler.Core.Planning;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>Renders a pull request's body from a repository's plan (the marker is added by the applier).</summary>
public delegate string PullRequestBodyRenderer(RepositoryPlan plan, PlanPolicy policy);

/// <summary>A plain default body: each file and why it changed, findings, manual steps as a checklist.</summary>
public static class DefaultPullRequestBody
{
    public static string Render(RepositoryPlan plan, PlanPolicy policy)
    {
        var sb = new StringBuilder();
        sb.Append("This pull request was opened by Reconcile to bring the repository in line with the policy `").Append(policy.Name).Append("`.\n\n");
        var files = plan.Changes.OfType<FileChange>().ToList();
        if (files.Count > 0)
        {
            sb.Append("## Changes\n\n");
            foreach (var f in files)
            {
                sb.Append("- `").Append(f.Path).Append("` (").Append(f.Action.ToString().ToLowerInvariant()).Append(')');
                if (f.Rules.Count > 0)
                {
                    sb.Append(": ").Append(string.Join(", ", f.Rules));
                }

                sb.Append('\n');
                foreach (var why in f.Explanations)
                {
                    sb.Append("  - ").Append(why).Append('\n');
                }
            }

            sb.Append('\n');
        }

        var manual = plan.Changes.OfType<ManualChange>().ToList();
        if (manual.Count > 0)
        {
            sb.Append("## Manual steps\n\n");
            foreach (var m in manual)
            {
                sb.Append("- [ ] **").Append(m.Target).Append("**: ").Append(m.Instructions).Append('\n');
            }

            sb.Append('\n');
        }

        var findings = plan.Findings.Where(f => !f.Fixed).ToList();
        if (findings.Count > 0)
        {
            sb.Append("## Not fixed automatically\n\n");
            foreach (var f in findings)
            {
                sb.Append("- ").Append(f.Rule).Append(f.Path is null ? "" : $" ({f.Path}{(f.Line is { } l ? ":" + l : "")})").Append(": ").Append(f.Message).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString().TrimEnd() + "\n";
    }
}
