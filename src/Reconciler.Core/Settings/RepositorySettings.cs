namespace Reconciler.Core.Settings;

/// <summary>
/// Repository settings as a host read them. Each part is null when it could not be read, with the
/// reason in <see cref="Unreadable"/>: "can't see" is never treated as "absent".
/// </summary>
public sealed record RepositorySettings
{
    /// <summary>Why a part could not be read, keyed by part ("environments", "branch-protection", "actions").</summary>
    public IReadOnlyDictionary<string, string> Unreadable { get; init; } = new Dictionary<string, string>();
}
