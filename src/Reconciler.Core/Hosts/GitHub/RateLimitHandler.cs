using System.Globalization;
using System.Net;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// GitHub's rate-limit rules (Octokit has none): bounded read concurrency; writes one at a time, spaced, within the
/// content-creation budget; on 403/429 rate-limit answers honour Retry-After, else wait for the reset, else back off;
/// retry 5xx, timeouts and connection failures with exponential back-off; and stop before a request when the primary
/// budget is known to be spent. Each attempt has its own timeout (<see cref="GitHubPacing.AttemptTimeout"/>); the
/// waits between attempts are not requests and have none. <see cref="GitHubConnection"/> runs it around Octokit's
/// HTTP client (<see cref="PacedHttpClient"/>), outside any per-request timeout; as a message handler it paces the
/// requests of an <see cref="HttpClient"/> of one's own.
/// </summary>
public sealed class RateLimitHandler : DelegatingHandler
{
    private readonly GitHubPacing _pacing;
    private readonly SemaphoreSlim _reads;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Queue<DateTimeOffset> _contentLastHour = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private int? _remaining;
    private DateTimeOffset? _reset;

    public RateLimitHandler(GitHubPacing pacing)
    {
        _pacing = pacing;
        _reads = new SemaphoreSlim(Math.Max(1, pacing.ReadConcurrency));
    }

    /// <summary>The primary budget left, as of the last response (null before the first).</summary>
    public int? Remaining
    {
        get
        {
            lock (_lock)
            {
                return _remaining;
            }
        }
    }

    public static bool IsWrite(HttpMethod method) => method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Options;

    /// <summary>
    /// What GitHub counts against the content-creation budget: a write that created or changed something (POST,
    /// PATCH, PUT answered 2xx). A refused or failed attempt, a retry's failed tries and a DELETE create nothing.
    /// </summary>
    public static bool CreatedContent(HttpMethod method, HttpStatusCode status) =>
        (method == HttpMethod.Post || method == HttpMethod.Patch || method == HttpMethod.Put) && (int)status is >= 200 and < 300;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request.Method, request.RequestUri, attempt => base.SendAsync(request, attempt), cancellationToken);

    /// <summary>
    /// Sends one request through <paramref name="attempt"/> (called once per try, with that try's timeout), waiting
    /// between tries as GitHub's rules say. Only <paramref name="cancellationToken"/> ends a wait.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri? uri, Func<CancellationToken, Task<HttpResponseMessage>> attempt, CancellationToken cancellationToken)
    {
        var write = IsWrite(method);
        var gate = write ? _writes : _reads;
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SendWithRetriesAsync(method, uri?.AbsolutePath, attempt, write, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpMethod method, string? path, Func<CancellationToken, Task<HttpResponseMessage>> send, bool write, CancellationToken cancellationToken)
    {
        var serverRetries = 0;
        var rateRetries = 0;
        while (true)
        {
            await WaitForPrimaryBudgetAsync(cancellationToken);
            if (write)
            {
                await WaitForWriteSlotAsync(cancellationToken);
            }

            HttpResponseMessage response;
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(_pacing.AttemptTimeout);
                response = await send(attempt.Token);
                if (response.Content is not null)
                {
                    await response.Content.LoadIntoBufferAsync(attempt.Token);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException and not UnexpectedAnswerException or OperationCanceledException or IOException)
            {
                if (serverRetries >= _pacing.MaxServerRetries)
                {
                    throw new HttpRequestException($"{method} {path}: no answer after {serverRetries + 1} attempts ({(ex is OperationCanceledException ? "timed out" : ex.Message)})", ex);
                }

                await BackoffAsync(method, path, serverRetries++, ex is OperationCanceledException ? "timed out" : "connection failed", cancellationToken);
                continue;
            }

            Observe(response);
            if (write && CreatedContent(method, response.StatusCode))
            {
                lock (_lock)
                {
                    _contentLastHour.Enqueue(_pacing.Now);
                }
            }

            if ((int)response.StatusCode >= 500)
            {
                if (serverRetries >= _pacing.MaxServerRetries)
                {
                    return response;
                }

                response.Dispose();
                await BackoffAsync(method, path, serverRetries++, $"{(int)response.StatusCode}", cancellationToken);
                continue;
            }

            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
                && await RateLimitWaitAsync(response) is { } wait)
            {
                if (rateRetries >= _pacing.MaxRateLimitRetries || wait > _pacing.MaxWait)
                {
                    return response;
                }

                rateRetries++;
                response.Dispose();
                _pacing.Notice?.Invoke($"GitHub rate limit on {method} {path}: waiting {Describe(wait)} before retrying");
                await _pacing.Delay(wait, cancellationToken);
                continue;
            }

            return response;
        }
    }

    private Task BackoffAsync(HttpMethod method, string? path, int attempt, string why, CancellationToken cancellationToken)
    {
        var wait = _pacing.BackoffBase * Math.Pow(2, attempt);
        _pacing.Notice?.Invoke($"GitHub {method} {path}: {why}; retrying in {Describe(wait)}");
        return _pacing.Delay(wait, cancellationToken);
    }

    /// <summary>How long to wait before retrying a 403/429, or null when it is not a rate-limit answer.</summary>
    private async Task<TimeSpan?> RateLimitWaitAsync(HttpResponseMessage response)
    {
        var remaining = Header(response, "x-ratelimit-remaining");
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        var limited = response.StatusCode == HttpStatusCode.TooManyRequests
            || remaining == "0"
            || body.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            || body.Contains("abuse", StringComparison.OrdinalIgnoreCase);
        if (!limited)
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return Max(date - _pacing.Now, TimeSpan.Zero);
            }
        }

        if (remaining == "0" && ResetOf(response) is { } reset)
        {
            return Max(reset - _pacing.Now, TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        }

        return _pacing.SecondaryBackoff;
    }

    private void Observe(HttpResponseMessage response)
    {
        if (int.TryParse(Header(response, "x-ratelimit-remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            lock (_lock)
            {
                _remaining = remaining;
                _reset = ResetOf(response);
            }
        }
    }

    /// <summary>When the primary budget is known to be spent, wait for its reset instead of spending a request on a 403.</summary>
    private async Task WaitForPrimaryBudgetAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (_remaining is not 0 || _reset is not { } reset)
            {
                return;
            }

            wait = reset - _pacing.Now + TimeSpan.FromSeconds(1);
            _remaining = null;
        }

        if (wait > TimeSpan.Zero && wait <= _pacing.MaxWait)
        {
            _pacing.Notice?.Invoke($"GitHub rate limit spent: waiting {Describe(wait)} for it to reset");
            await _pacing.Delay(wait, cancellationToken);
        }
    }

    /// <summary>
    /// Writes are serial (the caller holds the write gate) and at least the spacing apart; while the content created
    /// in the last minute or hour is at 80 or 500, the next write waits.
    /// </summary>
    private async Task WaitForWriteSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            var now = _pacing.Now;
            lock (_lock)
            {
                while (_contentLastHour.Count > 0 && now - _contentLastHour.Peek() >= TimeSpan.FromHours(1))
                {
                    _contentLastHour.Dequeue();
                }

                wait = _lastWrite + _pacing.WriteSpacing - now;
                var lastMinute = _contentLastHour.Where(t => now - t < TimeSpan.FromMinutes(1)).ToList();
                if (lastMinute.Count >= GitHubPacing.ContentPerMinute)
                {
                    wait = Max(wait, lastMinute[^GitHubPacing.ContentPerMinute] + TimeSpan.FromMinutes(1) - now);
                }

                if (_contentLastHour.Count >= GitHubPacing.ContentPerHour)
                {
                    wait = Max(wait, _contentLastHour.ElementAt(_contentLastHour.Count - GitHubPacing.ContentPerHour) + TimeSpan.FromHours(1) - now);
                }

                if (wait <= TimeSpan.Zero)
                {
                    _lastWrite = now;
                    return;
                }
            }

            if (wait > TimeSpan.FromSeconds(5))
            {
                _pacing.Notice?.Invoke($"content-creation budget: waiting {Describe(wait)} before the next write");
            }

            await _pacing.Delay(wait, cancellationToken);
        }
    }

    private static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public static string Describe(TimeSpan t) =>
        t >= TimeSpan.FromHours(1) ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t >= TimeSpan.FromMinutes(1) ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reads.Dispose();
            _writes.Dispose();
        }

        base.Dispose(disposing);
    }
}
