using System.Text.RegularExpressions;

namespace Reconciler.GitHubDouble.Http;

/// <summary>What an injected fault does.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.Status"/> and a basic-error body.</summary>
    Status,
    /// <summary>403 (or 429) "You have exceeded a secondary rate limit…" with Retry-After.</summary>
    SecondaryRateLimit,
    /// <summary>403 (or 429) "API rate limit exceeded…" with x-ratelimit-remaining: 0.</summary>
    PrimaryRateLimit,
    /// <summary>Only delay, then answer normally.</summary>
    Delay,
}

/// <summary>A fault armed for the next <see cref="Remaining"/> requests matching method and path.</summary>
public sealed class Fault
{
    private int _remaining;

    public Fault(string method, string pathPattern, FaultKind kind, int count)
    {
        Method = method;
        PathPattern = pathPattern;
        Kind = kind;
        _remaining = count;
        Regex = new Regex("^" + Regex.Escape(pathPattern).Replace("\\*\\*", ".*").Replace("\\*", "[^/]*") + "$", RegexOptions.CultureInvariant);
    }

    /// <summary>HTTP method or "*".</summary>
    public string Method { get; }
    /// <summary>Glob over the path without /api/v3: "*" matches within a segment, "**" across segments.</summary>
    public string PathPattern { get; }
    public FaultKind Kind { get; }
    public int Status { get; init; } = 500;
    public int? RetryAfterSeconds { get; init; }
    public TimeSpan Delay { get; init; }
    public string? Message { get; init; }
    public int Remaining => Volatile.Read(ref _remaining);
    internal Regex Regex { get; }

    internal bool TryConsume(string method, string path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!Regex.IsMatch(path))
        {
            return false;
        }
        while (true)
        {
            var r = Volatile.Read(ref _remaining);
            if (r <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _remaining, r - 1, r) == r)
            {
                return true;
            }
        }
    }
}

/// <summary>Arms faults. Each fault fires for the next N matching requests, then disarms.</summary>
public sealed class FaultInjector
{
    private readonly List<Fault> _faults = [];
    private readonly Lock _lock = new();

    public Fault Add(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
        return fault;
    }

    /// <summary>The next <paramref name="count"/> matching requests answer <paramref name="status"/> (e.g. 500, 502, 503, 403).</summary>
    public Fault FailNext(string method, string pathPattern, int status, int count = 1, int? retryAfterSeconds = null, string? message = null) =>
        Add(new Fault(method, pathPattern, FaultKind.Status, count) { Status = status, RetryAfterSeconds = retryAfterSeconds, Message = message });

    /// <summary>Secondary rate limit: 403 (default) or 429 with Retry-After.</summary>
    public Fault SecondaryRateLimit(string method, string pathPattern, int retryAfterSeconds = 60, int count = 1, int status = 403) =>
        Add(new Fault(method, pathPattern, FaultKind.SecondaryRateLimit, count) { Status = status, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>Primary rate-limit exhaustion: 403 (default) or 429 with x-ratelimit-remaining 0.</summary>
    public Fault PrimaryRateLimit(string method, string pathPattern, int count = 1, int status = 403) =>
        Add(new Fault(method, pathPattern, FaultKind.PrimaryRateLimit, count) { Status = status });

    /// <summary>Delays the next matching requests, which are then answered normally.</summary>
    public Fault Delay(string method, string pathPattern, TimeSpan delay, int count = 1) =>
        Add(new Fault(method, pathPattern, FaultKind.Delay, count) { Delay = delay });

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    internal Fault? Take(string method, string path)
    {
        lock (_lock)
        {
            _faults.RemoveAll(f => f.Remaining <= 0);
            return _faults.FirstOrDefault(f => f.TryConsume(method, path));
        }
    }
}

/// <summary>One logged request.</summary>
public sealed record RequestLogEntry(
    string Method,
    string Path,
    string Query,
    int Status,
    bool CountedAgainstRateLimit,
    bool IsWrite,
    string? TokenLogin,
    string? Route,
    string RequestBody,
    DateTimeOffset At,
    string? ResponseContentType,
    string? ResponseBody,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    FaultKind? Fault);

/// <summary>Thread-safe log of every request the double answered.</summary>
public sealed class RequestLog
{
    private readonly List<RequestLogEntry> _entries = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<RequestLogEntry> Writes => [.. Entries.Where(e => e.IsWrite)];

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    internal void Add(RequestLogEntry e)
    {
        lock (_lock)
        {
            _entries.Add(e);
        }
    }
}
