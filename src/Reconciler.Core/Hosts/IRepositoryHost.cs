using Reconciler.Core.Repositories;

namespace Reconciler.Core.Hosts;

/// <summary>A repository as listed by a host, before it is read. <see cref="SkipReason"/> is set when the selector or its state excludes it.</summary>
public sealed record RepositoryRef(string FullName, IReadOnlyList<string> Topics, string? SkipReason = null);

/// <summary>Where repositories come from: a folder of working trees, or GitHub.</summary>
public interface IRepositoryHost
{
    /// <summary>Whether the host can read repository settings (environments, protection, Actions settings).</summary>
    bool CanReadSettings { get; }

    IAsyncEnumerable<RepositoryRef> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads one repository's files of interest (and settings, where possible). Throws <see cref="HostException"/> when it can't.</summary>
    Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken);
}

/// <summary>A repository that could not be read, with a message naming the file or request.</summary>
public sealed class HostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A repository that turned out, on reading, to be one the sweep skips (e.g. empty), with the reason.</summary>
public sealed class RepositorySkippedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
