using System.Globalization;
using System.Net;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// GitHub's rate-limit rules as a message handler (Octokit has none): bounded read concurrency; writes one at a
/// time, spaced, within the content-creation budget; on 403/429 rate-limit answers honour Retry-After, else wait
/// for the reset, else back off; retry 5xx, timeouts and connection failures with exponential back-off; and stop
/// before a request when the primary budget is known to be spent.
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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var write = IsWrite(request.Method);
        var gate = write ? _writes : _reads;
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SendWithRetriesAsync(request, write, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpRequestMessage request, bool write, CancellationToken cancellationToken)
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
                response = await base.SendAsync(request, attempt.Token);
                if (response.Content is not null)
                {
                    await response.Content.LoadIntoBufferAsync(attempt.Token);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or IOException)
            {
                if (serverRetries >= _pacing.MaxServerRetries)
                {
                    throw new HttpRequestException($"{request.Method} {request.RequestUri?.AbsolutePath}: no answer after {serverRetries + 1} attempts ({(ex is OperationCanceledException ? "timed out" : ex.Message)})", ex);
                }

                await BackoffAsync(request, serverRetries++, ex is OperationCanceledException ? "timed out" : "connection failed", cancellationToken);
                continue;
            }

            Observe(response);
            if ((int)response.StatusCode >= 500)
            {
                if (serverRetries >= _pacing.MaxServerRetries)
                {
                    return response;
                }

                response.Dispose();
                await BackoffAsync(request, serverRetries++, $"{(int)response.StatusCode}", cancellationToken);
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
                _pacing.Notice?.Invoke($"GitHub rate limit on {request.Method} {request.RequestUri?.AbsolutePath}: waiting {Describe(wait)} before retrying");
                await _pacing.Delay(wait, cancellationToken);
                continue;
            }

            return response;
        }
    }

    private Task BackoffAsync(HttpRequestMessage request, int attempt, string why, CancellationToken cancellationToken)
    {
        var wait = _pacing.BackoffBase * Math.Pow(2, attempt);
        _pacing.Notice?.Invoke($"GitHub {request.Method} {request.RequestUri?.AbsolutePath}: {why}; retrying in {Describe(wait)}");
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

    /// <summary>Writes are serial (the caller holds the write gate), at least the spacing apart, and within 80/minute and 500/hour.</summary>
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
                    _contentLastHour.Enqueue(now);
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
