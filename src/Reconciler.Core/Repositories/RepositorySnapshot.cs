namespace Reconciler.Core.Repositories;

/// <summary>
/// One repository as read by a host: the files the rules look at (on the default branch's head),
/// and what the host knows about the repository. Immutable input to planning.
/// </summary>
public sealed record RepositorySnapshot
{
    /// <summary><c>owner/name</c>, or the folder name for <c>--path</c>.</summary>
    public required string FullName { get; init; }

    public required string DefaultBranch { get; init; }

    /// <summary>The commit the files were read at; apply refuses to act when the branch has moved since.</summary>
    public string? HeadSha { get; init; }

    /// <summary>Files of interest by repository-relative path with forward slashes (see <see cref="FilesOfInterest"/>).</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Files that exist but could not be read, with why (a binary, too large, an API error).</summary>
    public IReadOnlyDictionary<string, string> Unreadable { get; init; } = new Dictionary<string, string>();

    /// <summary>Repository settings as read through the API; null when the host can't read them (a folder).</summary>
    public Settings.RepositorySettings? Settings { get; init; }

    /// <summary>Workflow files in a stable order.</summary>
    public IEnumerable<string> WorkflowPaths => Files.Keys.Where(FilesOfInterest.IsWorkflow).Order(StringComparer.Ordinal);

    /// <summary>Actions' metadata files (local and at the root) in a stable order.</summary>
    public IEnumerable<string> ActionMetadataPaths => Files.Keys.Where(FilesOfInterest.IsActionMetadata).Order(StringComparer.Ordinal);
}
