namespace Reconciler.Core.Policy;

/// <summary>Repository settings outside the workflow files. Values are minimums: stricter settings stay.</summary>
public sealed class SettingsPolicy
{
    public EnvironmentSettings Environments { get; set; } = new();

    public BranchProtectionSettings BranchProtection { get; set; } = new();

    public ActionsSettingsPolicy Actions { get; set; } = new();
}

public enum DeploymentBranches
{
    /// <summary>Custom branch policies containing exactly the repository's default branch.</summary>
    DefaultBranch,

    /// <summary>GitHub's "protected branches" mode.</summary>
    ProtectedBranches,
}

public sealed class EnvironmentSettings : IPolicyValidated
{
    public DeploymentBranches DeploymentBranches { get; set; } = DeploymentBranches.DefaultBranch;

    /// <summary>Minutes to wait before a deployment proceeds (0–43200); a longer existing timer stays.</summary>
    public int? WaitTimer { get; set; }

    /// <summary>Required reviewers as <c>user:login</c> or <c>team:slug</c> (at most 6).</summary>
    public List<string> RequiredReviewers { get; set; } = [];

    public bool? PreventSelfReview { get; set; }

    /// <summary>Remove deployment-branch policies the policy doesn't name (off: extra ones are only reported).</summary>
    public bool Prune { get; set; }

    public void Validate(PolicyValidation validation)
    {
        if (WaitTimer is < 0 or > 43200)
        {
            validation.Error("waitTimer", "waitTimer is minutes between 0 and 43200");
        }

        if (RequiredReviewers.Count > 6)
        {
            validation.Error("requiredReviewers", "GitHub allows at most 6 required reviewers");
        }

        foreach (var r in RequiredReviewers.Where(r => !(r.StartsWith("user:", StringComparison.Ordinal) || r.StartsWith("team:", StringComparison.Ordinal))))
        {
            validation.Error("requiredReviewers", $"reviewer '{r}' must be user:LOGIN or team:SLUG");
        }
    }
}

public sealed class BranchProtectionSettings : IPolicyValidated
{
    public bool Enabled { get; set; } = true;

    public int RequiredApprovingReviewCount { get; set; } = 1;

    public bool DismissStaleReviews { get; set; } = true;

    public bool RequireCodeOwnerReviews { get; set; }

    public bool EnforceAdmins { get; set; }

    /// <summary>Force pushes and deletions of the default branch are blocked unless these say otherwise.</summary>
    public bool AllowForcePushes { get; set; }

    public bool AllowDeletions { get; set; }

    public void Validate(PolicyValidation validation)
    {
        if (RequiredApprovingReviewCount is < 0 or > 6)
        {
            validation.Error("requiredApprovingReviewCount", "requiredApprovingReviewCount must be between 0 and 6");
        }
    }
}

public enum WorkflowTokenPermissions
{
    Read,
    Write,
}

public sealed class ActionsSettingsPolicy
{
    public bool Enabled { get; set; } = true;

    public WorkflowTokenPermissions DefaultWorkflowPermissions { get; set; } = WorkflowTokenPermissions.Read;

    public bool CanApprovePullRequestReviews { get; set; }

    /// <summary>Ask GitHub to refuse actions not pinned to a full SHA, where the API offers it.</summary>
    public bool ShaPinningRequired { get; set; }
}
