using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Worker.Tests.Support;

/// <summary>
/// The real folder host with hooks before each read and after each listed repository: tests use them
/// to make one repository throw, slow reads down, or hold a read or a sweep until the test lets it go.
/// Counts reads per repository.
/// </summary>
internal sealed class HookedHost(
    string path,
    Func<RepositoryRef, CancellationToken, Task>? beforeRead = null,
    Func<int, CancellationToken, Task>? afterListed = null) : IRepositoryHost
{
    private readonly FolderHost _inner = new(path, PolicyLoader.LoadBuiltIn().Spec.Generators.IgnoreFiles);

    public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    public bool CanReadSettings => _inner.CanReadSettings;

    private int _listings;

    /// <summary>Listings consumed to the end: a sweep counts once it has enqueued its last repository.</summary>
    public int CompletedListings => Volatile.Read(ref _listings);

    public async IAsyncEnumerable<RepositoryRef> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var repository in _inner.ListAsync(cancellationToken))
        {
            yield return repository;
            if (afterListed is not null)
            {
                await afterListed(++count, cancellationToken);
            }
        }

        Interlocked.Increment(ref _listings);
    }

    public async Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        Reads.AddOrUpdate(repository.FullName, 1, (_, n) => n + 1);
        if (beforeRead is not null)
        {
            await beforeRead(repository, cancellationToken);
        }

        return await _inner.ReadAsync(repository, cancellationToken);
    }
}
