using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Git;

namespace Reconciler.GitHubDouble.State;

/// <summary>What a token may do on a repository.</summary>
public enum Access
{
    /// <summary>The repository is invisible: 404.</summary>
    None,
    Read,
    Write,
    Admin,
}

public enum TokenKind
{
    PersonalAccessToken,
    Installation,
    /// <summary>A GitHub App authenticated with an RS256 JWT.</summary>
    App,
    Anonymous,
}

/// <summary>A user or an organization.</summary>
public sealed class Account
{
    public required string Login { get; init; }
    public required long Id { get; init; }
    /// <summary>"User" or "Organization".</summary>
    public required string Type { get; init; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class Repo
{
    public required long Id { get; init; }
    public required Account Owner { get; init; }
    public required string Name { get; init; }
    public string FullName => Owner.Login + "/" + Name;
    public string DefaultBranch { get; set; } = "main";
    public bool Archived { get; set; }
    public bool Disabled { get; set; }
    public bool Fork { get; set; }
    public bool IsTemplate { get; set; }
    public List<string> Topics { get; set; } = [];
    /// <summary>"public", "private" or "internal".</summary>
    public string Visibility { get; set; } = "private";
    public string? Description { get; set; }
    public string? Language { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PushedAt { get; set; }
    public GitStore Git { get; } = new();
    public List<PullRequestState> Pulls { get; } = [];
    public List<LabelState> Labels { get; } = [];
    public List<EnvironmentState> Environments { get; } = [];
    public Dictionary<string, ProtectionState> Protection { get; } = new(StringComparer.Ordinal);
    public List<JsonObject> Rulesets { get; } = [];
    public ActionsPermissionsState Actions { get; } = new();
    public WorkflowPermissionsState Workflow { get; } = new();
    /// <summary>When set, PUT actions/permissions/workflow answers 409 (an org policy forbids it).</summary>
    public bool WorkflowSettingsLockedByOrg { get; set; }
    /// <summary>When set, a recursive tree lists at most this many entries and says truncated, as GitHub does for a huge tree.</summary>
    public int? RecursiveTreeLimit { get; set; }
}

public sealed class ActionsPermissionsState
{
    public bool Enabled { get; set; } = true;
    public string AllowedActions { get; set; } = "all";
    public bool ShaPinningRequired { get; set; }
    public bool GitHubOwnedAllowed { get; set; } = true;
    public bool VerifiedAllowed { get; set; }
    public List<string> PatternsAllowed { get; set; } = [];
}

public sealed class WorkflowPermissionsState
{
    public string DefaultWorkflowPermissions { get; set; } = "read";
    public bool CanApprovePullRequestReviews { get; set; }
}

public sealed class PullRequestState
{
    public required long Id { get; init; }
    public required int Number { get; init; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string State { get; set; } = "open";
    public required string HeadOwner { get; init; }
    public required string Head { get; init; }
    public required string Base { get; set; }
    public bool Draft { get; init; }
    public bool MaintainerCanModify { get; set; }
    public required string User { get; init; }
    public List<string> Labels { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? MergedAt { get; set; }
    public string? MergeCommitSha { get; set; }
}

public sealed class LabelState
{
    public required long Id { get; init; }
    public required string Name { get; set; }
    public string Color { get; set; } = "ededed";
    public string? Description { get; set; }
    public bool Default { get; set; }
}

public sealed class EnvironmentState
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int WaitTimer { get; set; }
    public bool PreventSelfReview { get; set; }
    /// <summary>Reviewers as (type "User"|"Team", id).</summary>
    public List<(string Type, long Id)> Reviewers { get; set; } = [];
    /// <summary>Null means every branch may deploy.</summary>
    public (bool ProtectedBranches, bool CustomBranchPolicies)? BranchPolicy { get; set; }
    public List<BranchPolicyState> Policies { get; } = [];
    public long WaitTimerRuleId { get; init; }
    public long ReviewersRuleId { get; init; }
    public long BranchPolicyRuleId { get; init; }
}

public sealed class BranchPolicyState
{
    public required long Id { get; init; }
    public required string Name { get; set; }
    public required string Type { get; init; }
}

/// <summary>Classic branch protection as last PUT (or seeded).</summary>
public sealed class ProtectionState
{
    /// <summary>(strict, contexts, checks as (context, app_id)); null = off.</summary>
    public StatusChecks? RequiredStatusChecks { get; set; }
    public bool EnforceAdmins { get; set; }
    /// <summary>The PR-review section as sent (dismiss_stale_reviews, …); null = off.</summary>
    public JsonObject? RequiredPullRequestReviews { get; set; }
    /// <summary>Restrictions (users, teams, apps logins/slugs); null = off.</summary>
    public (List<string> Users, List<string> Teams, List<string> Apps)? Restrictions { get; set; }
    public bool RequiredSignatures { get; set; }
    public bool RequiredLinearHistory { get; set; }
    public bool AllowForcePushes { get; set; }
    public bool AllowDeletions { get; set; }
    public bool BlockCreations { get; set; }
    public bool RequiredConversationResolution { get; set; }
    public bool LockBranch { get; set; }
    public bool AllowForkSyncing { get; set; }
}

public sealed record StatusChecks(bool Strict, List<string> Contexts, List<(string Context, long? AppId)> Checks);

public sealed class TokenState
{
    public required string Value { get; init; }
    public required TokenKind Kind { get; init; }
    /// <summary>The user (PAT) or "app-slug[bot]" (installation).</summary>
    public required string Login { get; init; }
    public long UserId { get; init; }
    public int RateLimit { get; set; } = 5000;
    public int Used { get; set; }
    public DateTimeOffset ResetAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long? InstallationId { get; init; }
    public long? AppId { get; init; }
    /// <summary>Access on repositories not listed in <see cref="RepoAccess"/>/<see cref="OrgAccess"/>.</summary>
    public Access DefaultAccess { get; set; } = Access.Admin;
    public Dictionary<string, Access> OrgAccess { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Access> RepoAccess { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>For installation tokens scoped to some repositories (names); null = all of the account.</summary>
    public HashSet<string>? RepositoryNames { get; init; }
    public JsonObject? Permissions { get; init; }
    public int Remaining => Math.Max(0, RateLimit - Used);
}

public sealed class AppState
{
    public required long Id { get; init; }
    public required string Slug { get; init; }
    public required string ClientId { get; init; }
    public required RSA PublicKey { get; init; }
}

public sealed class InstallationState
{
    public required long Id { get; init; }
    public required long AppId { get; init; }
    public required Account Account { get; init; }
    public required JsonObject Permissions { get; init; }
    /// <summary>Null = all repositories of the account.</summary>
    public HashSet<string>? Repositories { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
