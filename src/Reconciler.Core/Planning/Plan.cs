using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Reconciler.Core.Planning;

/// <summary>The plan document (docs/plan-format.md): what differs, per repository, and the exact change.</summary>
public sealed record Plan
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required PlanPolicy Policy { get; init; }

    public required IReadOnlyList<RepositoryPlan> Repositories { get; init; }

    public PlanSummary Summary => PlanSummary.Of(Repositories);
}

public sealed record PlanPolicy(string Name, string Digest);

public sealed record PlanSummary(int Repositories, int Drift, int InSync, int Error, int Skipped)
{
    public static PlanSummary Of(IReadOnlyList<RepositoryPlan> repos) => new(
        repos.Count,
        repos.Count(r => r.Status == RepositoryStatus.Drift),
        repos.Count(r => r.Status == RepositoryStatus.InSync),
        repos.Count(r => r.Status == RepositoryStatus.Error),
        repos.Count(r => r.Status == RepositoryStatus.Skipped));
}

[JsonConverter(typeof(JsonStringEnumConverter<RepositoryStatus>))]
public enum RepositoryStatus
{
    [JsonStringEnumMemberName("drift")]
    Drift,

    [JsonStringEnumMemberName("in-sync")]
    InSync,

    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("skipped")]
    Skipped,
}

public sealed record RepositoryPlan
{
    public required string Repository { get; init; }

    public required RepositoryStatus Status { get; init; }

    /// <summary>Why the repository was skipped.</summary>
    public string? Reason { get; init; }

    /// <summary>What went wrong when the status is error.</summary>
    public string? Error { get; init; }

    public string? DefaultBranch { get; init; }

    /// <summary>The default branch's head the plan was made at; apply refuses if it moved.</summary>
    public string? HeadSha { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<PlannedChange> Changes { get; init; } = [];

    public static RepositoryPlan Skipped(string repository, string reason) => new() { Repository = repository, Status = RepositoryStatus.Skipped, Reason = reason };

    public static RepositoryPlan Failed(string repository, string error) => new() { Repository = repository, Status = RepositoryStatus.Error, Error = error };
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FileChange), "file")]
[JsonDerivedType(typeof(SettingChange), "setting")]
[JsonDerivedType(typeof(ManualChange), "manual")]
public abstract record PlannedChange
{
    /// <summary>The rules that asked for this change.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<ChangeAction>))]
public enum ChangeAction
{
    [JsonStringEnumMemberName("create")]
    Create,

    [JsonStringEnumMemberName("update")]
    Update,

    [JsonStringEnumMemberName("delete")]
    Delete,
}

/// <summary>A file to create or update, with its whole proposed content and a unified diff.</summary>
public sealed record FileChange : PlannedChange
{
    public required string Path { get; init; }

    public required ChangeAction Action { get; init; }

    public required string Content { get; init; }

    public required string Diff { get; init; }

    /// <summary>What changed and why, in a reviewer's words (one line each); used in pull-request bodies.</summary>
    public IReadOnlyList<string> Explanations { get; init; } = [];
}

/// <summary>A repository setting to converge: the current value (null when absent) and the desired one.</summary>
public sealed record SettingChange : PlannedChange
{
    /// <summary>e.g. <c>environment:pypi-production</c>, <c>branch-protection:main</c>, <c>actions:workflow-permissions</c>.</summary>
    public required string Target { get; init; }

    public required ChangeAction Action { get; init; }

    public JsonNode? Current { get; init; }

    public JsonNode? Desired { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A step no API can do (a registry's trusted-publisher binding): a checklist item for a human.</summary>
public sealed record ManualChange : PlannedChange
{
    public required string Target { get; init; }

    public required string Instructions { get; init; }
}
