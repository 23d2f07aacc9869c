namespace Reconciler.Core.Hosts.GitHub.Settings;

// The fields of GitHub's settings answers that we read, in Octokit's serializer (snake_case on the wire).
// Octokit has no models for these endpoints (or models missing the fields that matter), hence our own.

/// <summary>One page of <c>GET …/environments</c>: an object wrapping the list.</summary>
public sealed class EnvironmentsPageDto
{
    public int TotalCount { get; set; }

    public List<EnvironmentDto>? Environments { get; set; }
}

public sealed class EnvironmentDto
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public DeploymentBranchPolicyDto? DeploymentBranchPolicy { get; set; }

    public List<ProtectionRuleDto>? ProtectionRules { get; set; }
}

public sealed class DeploymentBranchPolicyDto
{
    public bool ProtectedBranches { get; set; }

    public bool CustomBranchPolicies { get; set; }
}

/// <summary>A protection rule of an environment: <c>wait_timer</c>, <c>required_reviewers</c> or <c>branch_policy</c>.</summary>
public sealed class ProtectionRuleDto
{
    public string Type { get; set; } = "";

    public int? WaitTimer { get; set; }

    public bool? PreventSelfReview { get; set; }

    public List<ReviewerEntryDto>? Reviewers { get; set; }
}

public sealed class ReviewerEntryDto
{
    /// <summary>"User" or "Team".</summary>
    public string Type { get; set; } = "";

    public AccountDto? Reviewer { get; set; }
}

/// <summary>A user (login) or a team (slug).</summary>
public sealed class AccountDto
{
    public long Id { get; set; }

    public string? Login { get; set; }

    public string? Slug { get; set; }
}

/// <summary>One page of <c>GET …/deployment-branch-policies</c>.</summary>
public sealed class BranchPoliciesPageDto
{
    public int TotalCount { get; set; }

    public List<BranchPolicyDto>? BranchPolicies { get; set; }
}

public sealed class BranchPolicyDto
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Type { get; set; }
}

/// <summary><c>GET …/branches/{branch}/protection</c>: a section that is absent means the feature is off.</summary>
public sealed class BranchProtectionDto
{
    public StatusChecksDto? RequiredStatusChecks { get; set; }

    public EnabledDto? EnforceAdmins { get; set; }

    public PullRequestReviewsDto? RequiredPullRequestReviews { get; set; }

    public RestrictionsDto? Restrictions { get; set; }

    public EnabledDto? RequiredLinearHistory { get; set; }

    public EnabledDto? AllowForcePushes { get; set; }

    public EnabledDto? AllowDeletions { get; set; }

    public EnabledDto? BlockCreations { get; set; }

    public EnabledDto? RequiredConversationResolution { get; set; }

    public EnabledDto? LockBranch { get; set; }

    public EnabledDto? AllowForkSyncing { get; set; }

    public EnabledDto? RequiredSignatures { get; set; }
}

public sealed class EnabledDto
{
    public bool Enabled { get; set; }
}

public sealed class StatusChecksDto
{
    public bool Strict { get; set; }

    public List<string>? Contexts { get; set; }

    public List<CheckDto>? Checks { get; set; }
}

/// <summary>A required check and the GitHub App that must report it (null: any).</summary>
public sealed class CheckDto
{
    public string Context { get; set; } = "";

    public long? AppId { get; set; }
}

public sealed class PullRequestReviewsDto
{
    public bool DismissStaleReviews { get; set; }

    public bool RequireCodeOwnerReviews { get; set; }

    public int? RequiredApprovingReviewCount { get; set; }

    public bool RequireLastPushApproval { get; set; }

    public RestrictionsDto? DismissalRestrictions { get; set; }

    public RestrictionsDto? BypassPullRequestAllowances { get; set; }
}

public sealed class RestrictionsDto
{
    public List<AccountDto>? Users { get; set; }

    public List<AccountDto>? Teams { get; set; }

    public List<AccountDto>? Apps { get; set; }
}

/// <summary>One rule of <c>GET …/rules/branches/{branch}</c>.</summary>
public sealed class BranchRuleDto
{
    public string Type { get; set; } = "";

    public RuleParametersDto? Parameters { get; set; }

    public string? RulesetSource { get; set; }
}

/// <summary>The parameters of the rule types the branch-protection rule reads (pull_request, required_status_checks).</summary>
public sealed class RuleParametersDto
{
    public int? RequiredApprovingReviewCount { get; set; }

    public bool? DismissStaleReviewsOnPush { get; set; }

    public bool? RequireCodeOwnerReview { get; set; }

    public bool? RequireLastPushApproval { get; set; }

    public bool? RequiredReviewThreadResolution { get; set; }

    public bool? StrictRequiredStatusChecksPolicy { get; set; }

    public List<StatusCheckDto>? RequiredStatusChecks { get; set; }
}

public sealed class StatusCheckDto
{
    public string Context { get; set; } = "";

    public long? IntegrationId { get; set; }
}

/// <summary><c>GET …/actions/permissions/workflow</c>.</summary>
public sealed class WorkflowPermissionsDto
{
    public string DefaultWorkflowPermissions { get; set; } = "";

    public bool CanApprovePullRequestReviews { get; set; }
}

/// <summary><c>GET …/actions/permissions</c>; <c>sha_pinning_required</c> is absent where GitHub doesn't offer it.</summary>
public sealed class ActionsPermissionsDto
{
    public bool Enabled { get; set; }

    public string? AllowedActions { get; set; }

    public bool? ShaPinningRequired { get; set; }
}
