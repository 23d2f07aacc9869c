namespace Reconciler.Core.Settings;

/// <summary>
/// Repository settings as a host read them. Each part is null when it could not be read, with the
/// reason in <see cref="Unreadable"/>: "can't see" is never treated as "absent", so nothing is
/// written on the strength of a part we couldn't read.
/// </summary>
public sealed record RepositorySettings
{
    /// <summary>Deployment environments by name; null when they could not be read.</summary>
    public IReadOnlyDictionary<string, EnvironmentState>? Environments { get; init; }

    /// <summary>Classic protection of the default branch; null when it could not be read.</summary>
    public BranchProtectionState? BranchProtection { get; init; }

    /// <summary>Active rules that apply to the default branch from every ruleset (repository and org); null when unreadable.</summary>
    public IReadOnlyList<BranchRule>? BranchRules { get; init; }

    /// <summary>Actions settings (default token permissions and more); null when they could not be read.</summary>
    public ActionsSettingsState? Actions { get; init; }

    /// <summary>Why a part could not be read, keyed by part: <see cref="Parts"/>.</summary>
    public IReadOnlyDictionary<string, string> Unreadable { get; init; } = new Dictionary<string, string>();

    /// <summary>The names of the parts, as used in <see cref="Unreadable"/>.</summary>
    public static class Parts
    {
        public const string Environments = "environments";
        public const string BranchProtection = "branch-protection";
        public const string BranchRules = "branch-rules";
        public const string Actions = "actions";
    }
}

/// <summary>A deployment environment and its protection rules.</summary>
public sealed record EnvironmentState
{
    public required string Name { get; init; }

    /// <summary>Null when every branch may deploy (GitHub's <c>deployment_branch_policy: null</c>).</summary>
    public DeploymentBranchPolicyState? DeploymentBranchPolicy { get; init; }

    /// <summary>Custom branch and tag patterns (only meaningful with custom branch policies).</summary>
    public IReadOnlyList<BranchPolicyPattern> BranchPolicies { get; init; } = [];

    public int WaitTimer { get; init; }

    /// <summary>Required reviewers as <c>user:login</c> / <c>team:slug</c> with GitHub's numeric ids.</summary>
    public IReadOnlyList<EnvironmentReviewer> Reviewers { get; init; } = [];

    public bool PreventSelfReview { get; init; }
}

public sealed record DeploymentBranchPolicyState(bool ProtectedBranches, bool CustomBranchPolicies);

/// <summary>One deployment-branch policy: an fnmatch pattern of branches or tags.</summary>
public sealed record BranchPolicyPattern(long Id, string Name, string Type = "branch");

/// <summary>A required reviewer: <c>Kind</c> is "User" or "Team".</summary>
public sealed record EnvironmentReviewer(string Kind, long Id, string Login);

/// <summary>Classic branch protection of one branch. <see cref="Protected"/> is false for GitHub's "Branch not protected".</summary>
public sealed record BranchProtectionState
{
    public required string Branch { get; init; }

    public bool Protected { get; init; }

    /// <summary>Null when pull-request reviews are not required.</summary>
    public int? RequiredApprovingReviewCount { get; init; }

    public bool DismissStaleReviews { get; init; }

    public bool RequireCodeOwnerReviews { get; init; }

    public bool RequireLastPushApproval { get; init; }

    public bool EnforceAdmins { get; init; }

    public bool AllowForcePushes { get; init; }

    public bool AllowDeletions { get; init; }

    public bool RequiredLinearHistory { get; init; }

    public bool RequiredConversationResolution { get; init; }

    public bool BlockCreations { get; init; }

    public bool LockBranch { get; init; }

    public bool AllowForkSyncing { get; init; }

    /// <summary>Required status checks; null when none are required. Kept as they are: the policy never removes checks.</summary>
    public RequiredStatusChecks? StatusChecks { get; init; }

    /// <summary>Push restrictions (users, teams, apps); null when none. Kept as they are.</summary>
    public PushRestrictions? Restrictions { get; init; }
}

public sealed record RequiredStatusChecks(bool Strict, IReadOnlyList<string> Contexts);

public sealed record PushRestrictions(IReadOnlyList<string> Users, IReadOnlyList<string> Teams, IReadOnlyList<string> Apps);

/// <summary>A rule from a ruleset that applies to a branch (<c>GET rules/branches/{branch}</c>).</summary>
public sealed record BranchRule(string Type, System.Text.Json.Nodes.JsonObject? Parameters, string? Source = null);

public sealed record ActionsSettingsState
{
    /// <summary>"read" or "write".</summary>
    public required string DefaultWorkflowPermissions { get; init; }

    public bool CanApprovePullRequestReviews { get; init; }

    /// <summary>Whether Actions require full-SHA pins; null where the API doesn't offer it.</summary>
    public bool? ShaPinningRequired { get; init; }
}
