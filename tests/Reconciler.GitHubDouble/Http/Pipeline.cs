using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Reconciler.GitHubDouble.Git;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Http;

/// <summary>Auth, faults, rate limit, dispatch, ETag/304, headers and logging for every request.</summary>
internal sealed class Pipeline(DoubleState state, RouteTable routes, FaultInjector faults, RequestLog log)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string PrimaryRateLimitMessage = "API rate limit exceeded for {0}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)";
    public const string SecondaryRateLimitMessage = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

    public async Task HandleAsync(HttpContext ctx)
    {
        var rawPath = ctx.Request.Path.HasValue ? ctx.Request.Path.Value! : "/";
        var prefix = "";
        if (rawPath.StartsWith("/api/v3/", StringComparison.OrdinalIgnoreCase) || rawPath.Equals("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            prefix = "/api/v3";
            rawPath = rawPath.Length > 7 ? rawPath[7..] : "/";
        }
        var method = ctx.Request.Method.ToUpperInvariant();
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ctx.RequestAborted);
        }
        var apiBase = $"{ctx.Request.Scheme}://{ctx.Request.Host}{prefix}";
        var match = routes.Match(method, rawPath);

        TokenState? token;
        Reply? reply;
        lock (state.Lock)
        {
            (token, reply) = Auth.Authenticate(state, ctx.Request.Headers.Authorization.ToString());
            if (token is not null)
            {
                RefreshWindow(token);
            }
        }

        var counted = false;
        var fault = reply is null ? faults.Take(method, rawPath) : null;
        if (fault is not null && fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, ctx.RequestAborted);
        }
        var isRateLimitRoute = match?.Route.Template == "/rate_limit";
        if (reply is null && fault is not null && fault.Kind != FaultKind.Delay)
        {
            reply = FaultReply(fault, token!);
            counted = fault.Kind != FaultKind.PrimaryRateLimit;
        }
        else if (reply is null)
        {
            lock (state.Lock)
            {
                if (token!.Remaining <= 0 && !isRateLimitRoute)
                {
                    reply = PrimaryExhausted(token, 403);
                }
                else if (match is null)
                {
                    reply = Reply.NotFound();
                    counted = true;
                }
                else
                {
                    var req = new Req
                    {
                        State = state,
                        Token = token,
                        Method = method,
                        Path = rawPath,
                        ApiBase = apiBase,
                        Values = match.Value.Values,
                        Query = ctx.Request.Query,
                        Headers = ctx.Request.Headers,
                        Body = body,
                    };
                    try
                    {
                        reply = match.Value.Route.Handler(req);
                    }
                    catch (ReplyException e)
                    {
                        reply = e.Reply;
                    }
                    catch (GitOperationException e)
                    {
                        reply = Reply.Error(e.Status, e.Message);
                    }
                    counted = !isRateLimitRoute;
                }
            }
        }

        // Body bytes and ETag.
        byte[]? bytes = null;
        var contentType = reply.ContentType;
        if (reply.Json is not null)
        {
            bytes = Encoding.UTF8.GetBytes(reply.Json.ToJsonString(JsonOptions));
            contentType ??= "application/json; charset=utf-8";
        }
        else if (reply.Raw is not null)
        {
            bytes = reply.Raw;
        }
        string? etag = null;
        var status = reply.Status;
        if (method == "GET" && status == 200 && bytes is not null)
        {
            etag = "\"" + Convert.ToHexStringLower(SHA256.HashData([.. bytes, .. Encoding.UTF8.GetBytes(contentType ?? "")]))[..40] + "\"";
            if (ctx.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } inm && inm == etag)
            {
                status = 304;
                bytes = null;
                contentType = null;
                counted = false;
            }
        }

        int limit, remaining, used;
        long reset;
        lock (state.Lock)
        {
            if (token is not null && counted)
            {
                token.Used++;
            }
            var t = token ?? state.Tokens[Auth.AnonymousKey];
            limit = t.RateLimit;
            used = t.Used;
            remaining = t.Remaining;
            reset = t.ResetAt.ToUnixTimeSeconds();
            if (fault?.Kind == FaultKind.PrimaryRateLimit || (reply.Status is 403 or 429 && reply.Headers.ContainsKey("x-ratelimit-remaining")))
            {
                remaining = 0;
                used = limit;
            }
        }

        var res = ctx.Response;
        res.StatusCode = status;
        res.Headers["x-ratelimit-limit"] = limit.ToString(CultureInfo.InvariantCulture);
        res.Headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        res.Headers["x-ratelimit-used"] = used.ToString(CultureInfo.InvariantCulture);
        res.Headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
        res.Headers["x-ratelimit-resource"] = "core";
        res.Headers["x-github-media-type"] = "github.v3; format=json";
        res.Headers["x-github-request-id"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        foreach (var (k, v) in reply.Headers)
        {
            if (!k.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase))
            {
                res.Headers[k] = v;
            }
        }
        if (etag is not null)
        {
            res.Headers.ETag = etag;
        }
        if (status == 304)
        {
            res.Headers.Remove("Link");
        }
        log.Add(new RequestLogEntry(
            method,
            rawPath,
            ctx.Request.QueryString.Value ?? "",
            status,
            counted,
            match?.Route.IsWrite ?? method is not ("GET" or "HEAD"),
            token?.Login,
            match?.Route.Template,
            body,
            state.Now,
            status == 304 ? null : contentType,
            bytes is null || status == 304 ? null : Encoding.UTF8.GetString(bytes),
            res.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            fault?.Kind));
        if (bytes is not null && status != 304 && status != 204)
        {
            res.ContentType = contentType;
            res.ContentLength = bytes.Length;
            await res.Body.WriteAsync(bytes, ctx.RequestAborted);
        }
    }

    private void RefreshWindow(TokenState token)
    {
        if (token.ResetAt <= state.Now)
        {
            token.Used = 0;
            token.ResetAt = state.Now.AddHours(1);
        }
    }

    private static Reply PrimaryExhausted(TokenState token, int status)
    {
        var who = token.Kind switch
        {
            TokenKind.Installation => "installation ID " + token.InstallationId?.ToString(CultureInfo.InvariantCulture),
            TokenKind.Anonymous => "127.0.0.1",
            _ => "user ID " + token.UserId.ToString(CultureInfo.InvariantCulture),
        };
        var r = Reply.Error(status, string.Format(CultureInfo.InvariantCulture, PrimaryRateLimitMessage, who),
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit");
        r.Headers["x-ratelimit-remaining"] = "0";
        return r;
    }

    private static Reply FaultReply(Fault fault, TokenState token)
    {
        Reply r;
        switch (fault.Kind)
        {
            case FaultKind.PrimaryRateLimit:
                r = PrimaryExhausted(token, fault.Status);
                break;
            case FaultKind.SecondaryRateLimit:
                r = Reply.Error(fault.Status, fault.Message ?? SecondaryRateLimitMessage,
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
                break;
            default:
                var message = fault.Message ?? fault.Status switch
                {
                    500 => "Server Error",
                    502 => "Server Error",
                    503 => "Service Unavailable",
                    403 => "Forbidden",
                    404 => "Not Found",
                    409 => "Conflict",
                    422 => "Validation Failed",
                    429 => "Too Many Requests",
                    _ => "Error",
                };
                r = Reply.Error(fault.Status, message);
                break;
        }
        if (fault.RetryAfterSeconds is { } ra)
        {
            r.Headers["Retry-After"] = ra.ToString(CultureInfo.InvariantCulture);
        }
        return r;
    }
}
