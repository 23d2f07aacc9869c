using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Settings;

namespace Reconciler.Core.Rules;

/// <summary>
/// The environment a publishing job runs under exists and only the default branch can deploy to it.
/// Without that rule, <c>environment: pypi-production</c> protects nothing, and the registry's
/// trusted-publisher binding to that environment trusts any branch.
/// </summary>
public sealed class EnvironmentProtectionRule : IRepositoryRule
{
    public string Id => "environment-protection";

    public string Title => "Publishing environments only deploy from the default branch";

    public string Help =>
        "The registry trusts tokens minted under the publishing environment. If any branch may deploy to it, " +
        "anyone who can push a branch can publish a release. A deployment-branch rule pinned to the default branch " +
        "closes that, and reviewers or a wait timer add a human gate.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(RepositoryContext context)
    {
        var settings = context.Repository.Settings;
        if (settings is null)
        {
            return; // a folder: settings are not checked (the CLI says so once)
        }

        var wanted = PublishingEnvironments.Find(context.Files, context.Policy);
        if (wanted.Count == 0)
        {
            return;
        }

        if (settings.Environments is null)
        {
            context.Fail($"environments could not be read: {settings.Unreadable.GetValueOrDefault(RepositorySettings.Parts.Environments, "unknown reason")}");
            return;
        }

        var policy = context.Policy.Settings.Environments;
        var branch = context.Repository.DefaultBranch;
        foreach (var (name, workflow, line) in wanted)
        {
            settings.Environments.TryGetValue(name, out var current);
            CheckEnvironment(context, policy, branch, name, workflow, line, current);
        }
    }

    private static void CheckEnvironment(RepositoryContext context, EnvironmentSettings policy, string branch, string name, string workflow, int line, EnvironmentState? current)
    {
        var target = $"environment:{name}";
        var desiredPolicy = policy.DeploymentBranches == DeploymentBranches.DefaultBranch
            ? new DeploymentBranchPolicyState(ProtectedBranches: false, CustomBranchPolicies: true)
            : new DeploymentBranchPolicyState(ProtectedBranches: true, CustomBranchPolicies: false);
        var rule = policy.DeploymentBranches == DeploymentBranches.DefaultBranch ? $"only '{branch}' may deploy" : "only protected branches may deploy";

        // Minimums: a longer timer, more reviewers or self-review prevention that are already there stay.
        var waitTimer = Math.Max(current?.WaitTimer ?? 0, policy.WaitTimer ?? 0);
        var preventSelfReview = (current?.PreventSelfReview ?? false) || (policy.PreventSelfReview ?? false);
        var reviewers = (current?.Reviewers ?? []).Select(r => (r.Kind, (long?)r.Id, r.Login)).ToList();
        foreach (var wantedReviewer in policy.RequiredReviewers)
        {
            var kind = wantedReviewer.StartsWith("team:", StringComparison.Ordinal) ? "Team" : "User";
            var login = wantedReviewer[(wantedReviewer.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (!reviewers.Any(r => r.Kind == kind && string.Equals(r.Login, login, StringComparison.OrdinalIgnoreCase)))
            {
                reviewers.Add((kind, null, login));
            }
        }

        var desired = EnvironmentBodies.Body(desiredPolicy, waitTimer, preventSelfReview, reviewers);
        if (current is null)
        {
            context.Report(workflow, line, $"environment '{name}' does not exist: GitHub creates it on first use with no protection, so any branch could publish", fixedByChange: true);
            context.ChangeSetting(target, ChangeAction.Create, null, desired, $"create '{name}' so that {rule}");
        }
        else
        {
            var reasons = new List<string>();
            if (current.DeploymentBranchPolicy is null)
            {
                context.Report(workflow, line, $"any branch can deploy to '{name}': the registry's trusted publisher trusts this environment, so any pushed branch could publish", fixedByChange: true);
                reasons.Add(rule);
            }
            else if (current.DeploymentBranchPolicy != desiredPolicy)
            {
                context.Report(workflow, line, $"'{name}' uses {(current.DeploymentBranchPolicy.ProtectedBranches ? "protected branches" : "custom branch policies")}; the policy wants {rule}", fixedByChange: true);
                reasons.Add(rule);
            }

            if (waitTimer != current.WaitTimer)
            {
                reasons.Add($"wait timer {current.WaitTimer} → {waitTimer} minutes");
            }

            if (preventSelfReview != current.PreventSelfReview)
            {
                reasons.Add("prevent self-review");
            }

            if (reviewers.Count != current.Reviewers.Count)
            {
                reasons.Add($"required reviewers: add {string.Join(", ", reviewers.Skip(current.Reviewers.Count).Select(r => r.Login))}");
            }

            if (reasons.Count > 0)
            {
                if (current.DeploymentBranchPolicy is not null && current.DeploymentBranchPolicy == desiredPolicy)
                {
                    context.Report(workflow, line, $"environment '{name}' is below the policy's minimums: {string.Join("; ", reasons)}", fixedByChange: true);
                }

                context.ChangeSetting(target, ChangeAction.Update, EnvironmentBodies.Of(current), desired, string.Join("; ", reasons));
            }
        }

        if (policy.DeploymentBranches == DeploymentBranches.DefaultBranch)
        {
            CheckBranchPolicies(context, policy, branch, name, workflow, line, current);
        }
    }

    private static void CheckBranchPolicies(RepositoryContext context, EnvironmentSettings policy, string branch, string name, string workflow, int line, EnvironmentState? current)
    {
        var existing = current?.DeploymentBranchPolicy?.CustomBranchPolicies == true ? current.BranchPolicies : [];
        if (!existing.Any(p => p.Type == "branch" && p.Name == branch))
        {
            context.ChangeSetting($"environment:{name}/deployment-branch-policy:{branch}", ChangeAction.Create, null, EnvironmentBodies.BranchPolicy(branch), $"let '{branch}' deploy to '{name}'");
        }

        foreach (var extra in existing.Where(p => !(p.Type == "branch" && p.Name == branch)))
        {
            // Extra patterns widen who can publish; they stay unless the policy prunes them.
            context.Report(workflow, line, $"environment '{name}' also lets {extra.Type} pattern '{extra.Name}' deploy, which widens who can publish", fixedByChange: policy.Prune, severity: Severity.Warning);
            if (policy.Prune)
            {
                context.ChangeSetting(
                    $"environment:{name}/deployment-branch-policy:{extra.Name}",
                    ChangeAction.Delete,
                    new System.Text.Json.Nodes.JsonObject { ["id"] = extra.Id, ["name"] = extra.Name, ["type"] = extra.Type },
                    null,
                    "prune: the policy lets only the default branch deploy");
            }
        }
    }
}
