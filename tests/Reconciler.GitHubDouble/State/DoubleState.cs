namespace Reconciler.GitHubDouble.State;

/// <summary>All of the double's in-memory state. Every read and write happens under <see cref="Lock"/>.</summary>
public sealed class DoubleState
{
    private long _nextId = 1000;
    private TimeSpan _clockOffset;

    public object Lock { get; } = new();
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Repo> Repos { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, TokenState> Tokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, AppState> Apps { get; } = [];
    public Dictionary<long, InstallationState> Installations { get; } = [];
    /// <summary>Teams as "org/slug" → id.</summary>
    public Dictionary<string, long> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? ViewerLogin { get; set; }

    public DateTimeOffset Now => Time.GetUtcNow() + _clockOffset;

    public void Advance(TimeSpan by)
    {
        lock (Lock)
        {
            _clockOffset += by;
        }
    }

    public long NextId() => Interlocked.Increment(ref _nextId);

    public Repo? FindRepo(string owner, string name) => Repos.GetValueOrDefault(owner + "/" + name);

    /// <summary>Effective access of a token on a repository.</summary>
    public static Access AccessOf(TokenState token, Repo repo)
    {
        if (token.Kind == TokenKind.Anonymous)
        {
            return repo.Visibility == "public" ? Access.Read : Access.None;
        }
        if (token.Kind == TokenKind.Installation && token.RepositoryNames is { } names && !names.Contains(repo.Name))
        {
            return Access.None;
        }
        if (token.RepoAccess.TryGetValue(repo.FullName, out var a))
        {
            return Public(a);
        }
        if (token.OrgAccess.TryGetValue(repo.Owner.Login, out var o))
        {
            return Public(o);
        }
        return Public(token.DefaultAccess);

        Access Public(Access x) => x == Access.None && repo.Visibility == "public" ? Access.Read : x;
    }

    public static bool CanSeeAccount(TokenState token, Account account) =>
        !(token.OrgAccess.TryGetValue(account.Login, out var a) && a == Access.None);
}
