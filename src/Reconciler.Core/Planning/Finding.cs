using Reconciler.Core.Policy;

namespace Reconciler.Core.Planning;

/// <summary>Something that differs from the policy, where it is and why it matters.</summary>
public sealed record Finding
{
    public required string Rule { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>Repository-relative file, or null for repository settings.</summary>
    public string? Path { get; init; }

    /// <summary>1-based line in the file as it is on the default branch.</summary>
    public int? Line { get; init; }

    public int? Column { get; init; }

    public required string Message { get; init; }

    /// <summary>Whether the plan carries a change that resolves this finding.</summary>
    public bool Fixed { get; init; }
}
