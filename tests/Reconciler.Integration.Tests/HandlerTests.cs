using System.Net;
using Reconciler.Core.Hosts.GitHub;

namespace Reconciler.Integration.Tests;

/// <summary>The rate-limit handler and the write guard on their own, with a scripted transport and a fake clock.</summary>
public sealed class HandlerTests
{
    private sealed class Scripted(FakeClock clock, Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpMethod Method, DateTimeOffset At)> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add((request.Method, clock.GetUtcNow()));
                return Task.FromResult(answer(request, Seen.Count));
            }
        }
    }

    private static HttpResponseMessage Status(HttpStatusCode code, string body = "{}", params (string, string)[] headers)
    {
        var r = new HttpResponseMessage(code) { Content = new StringContent(body) };
        foreach (var (k, v) in headers)
        {
            r.Headers.TryAddWithoutValidation(k, v);
        }

        return r;
    }

    private static HttpClient Client(FakeClock clock, Scripted transport, GitHubPacing? pacing = null) =>
        new(new RateLimitHandler(pacing ?? clock.Pacing()) { InnerHandler = transport });

    [Fact]
    public async Task Writes_are_spaced_at_least_a_second_apart_and_kept_within_80_a_minute()
    {
        var clock = new FakeClock();
        var transport = new Scripted(clock, (_, _) => Status(HttpStatusCode.Created));
        using var http = Client(clock, transport);
        for (var i = 0; i < 90; i++)
        {
            (await http.PostAsync(new Uri("http://127.0.0.1/repos/o/r/git/blobs"), new StringContent("{}"))).Dispose();
        }

        var times = transport.Seen.Select(s => s.At).ToList();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(1)));
        Assert.True(times[80] - times[0] >= TimeSpan.FromMinutes(1));
        Assert.True(times[79] - times[0] < TimeSpan.FromMinutes(1.5));
    }

    [Fact]
    public async Task The_hourly_content_budget_of_500_is_respected()
    {
        var clock = new FakeClock();
        var transport = new Scripted(clock, (_, _) => Status(HttpStatusCode.Created));
        using var http = Client(clock, transport, new GitHubPacing { Time = clock, Delay = clock.Delay, WriteSpacing = TimeSpan.Zero });
        for (var i = 0; i < 501; i++)
        {
            (await http.PostAsync(new Uri("http://127.0.0.1/repos/o/r/git/trees"), new StringContent("{}"))).Dispose();
        }

        Assert.True(transport.Seen[500].At - transport.Seen[0].At >= TimeSpan.FromHours(1));
        Assert.True(new GitHubPacing().EstimateDuration(600) >= TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(49), new GitHubPacing().EstimateDuration(50));
    }

    [Fact]
    public async Task Only_writes_that_created_content_count_against_the_budget()
    {
        var clock = new FakeClock();
        // Refused writes (422), retried 502s and DELETEs create nothing: 70 writes created content (under 80 a minute), over 200 were attempted.
        var transport = new Scripted(clock, (request, n) =>
            request.Method == HttpMethod.Delete ? Status(HttpStatusCode.NoContent)
            : request.RequestUri!.AbsolutePath.EndsWith("/refused", StringComparison.Ordinal) ? Status(HttpStatusCode.UnprocessableEntity)
            : n % 2 == 1 ? Status(HttpStatusCode.BadGateway)
            : Status(HttpStatusCode.Created));
        using var http = Client(clock, transport, new GitHubPacing { Time = clock, Delay = clock.Delay, WriteSpacing = TimeSpan.Zero, BackoffBase = TimeSpan.Zero });
        for (var i = 0; i < 70; i++)
        {
            (await http.PostAsync(new Uri("http://127.0.0.1/repos/o/r/git/trees"), new StringContent("{}"))).Dispose();
            (await http.PostAsync(new Uri("http://127.0.0.1/repos/o/r/refused"), new StringContent("{}"))).Dispose();
            (await http.DeleteAsync(new Uri("http://127.0.0.1/repos/o/r/environments/e/deployment-branch-policies/1"))).Dispose();
        }

        Assert.True(transport.Seen.Count >= 210);
        Assert.True(transport.Seen[^1].At - transport.Seen[0].At < TimeSpan.FromMinutes(1), "a budget wait was taken for writes that created nothing");

        // The 81st write that creates content within a minute waits.
        for (var i = 0; i < 11; i++)
        {
            (await http.PostAsync(new Uri("http://127.0.0.1/repos/o/r/git/trees"), new StringContent("{}"))).Dispose();
        }

        Assert.Contains(clock.Waits, w => w >= TimeSpan.FromSeconds(50));
    }

    [Fact]
    public async Task Retry_after_is_honoured_then_the_reset_then_a_backoff()
    {
        var clock = new FakeClock();
        var reset = clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var transport = new Scripted(clock, (_, n) => n switch
        {
            1 => Status(HttpStatusCode.Forbidden, "{\"message\":\"You have exceeded a secondary rate limit.\"}", ("Retry-After", "30")),
            2 => Status(HttpStatusCode.TooManyRequests, "{}", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)),
            3 => Status(HttpStatusCode.Forbidden, "{\"message\":\"You have exceeded a secondary rate limit.\"}", ("x-ratelimit-remaining", "4000")),
            4 => Status(HttpStatusCode.BadGateway),
            _ => Status(HttpStatusCode.OK),
        });
        using var http = Client(clock, transport);
        using var response = await http.GetAsync(new Uri("http://127.0.0.1/repos/o/r"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, transport.Seen.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), clock.Waits[0]);
        Assert.InRange(clock.Waits[1], TimeSpan.FromMinutes(9.4), TimeSpan.FromMinutes(10.1));
        Assert.Equal(TimeSpan.FromSeconds(60), clock.Waits[2]);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Waits[3]);
    }

    [Fact]
    public async Task A_plain_403_is_not_retried_and_persistent_5xx_gives_up_after_the_retries()
    {
        var clock = new FakeClock();
        var forbidden = new Scripted(clock, (_, _) => Status(HttpStatusCode.Forbidden, "{\"message\":\"Resource not accessible by integration\"}"));
        using (var http = Client(clock, forbidden))
        {
            using var r = await http.GetAsync(new Uri("http://127.0.0.1/repos/o/r"));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Single(forbidden.Seen);
        }

        var broken = new Scripted(clock, (_, _) => Status(HttpStatusCode.InternalServerError));
        using (var http = Client(clock, broken))
        {
            using var r = await http.GetAsync(new Uri("http://127.0.0.1/repos/o/r"));
            Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
            Assert.Equal(4, broken.Seen.Count);
        }
    }

    [Fact]
    public async Task When_the_budget_is_known_to_be_spent_the_next_request_waits_for_the_reset()
    {
        var clock = new FakeClock();
        var reset = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var transport = new Scripted(clock, (_, n) => n == 1
            ? Status(HttpStatusCode.OK, "{}", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset))
            : Status(HttpStatusCode.OK, "{}", ("x-ratelimit-remaining", "4999")));
        using var http = Client(clock, transport);
        (await http.GetAsync(new Uri("http://127.0.0.1/a"))).Dispose();
        (await http.GetAsync(new Uri("http://127.0.0.1/b"))).Dispose();
        Assert.True(transport.Seen[1].At - transport.Seen[0].At >= TimeSpan.FromMinutes(4.9));
    }

    [Fact]
    public void The_write_guard_refuses_every_write_to_a_default_branch_and_to_branches_that_are_not_ours()
    {
        var guard = new WriteGuard([Env.Branch]);
        guard.KnowDefaultBranch("acme/api", "main");
        guard.KnowDefaultBranch("acme/odd", Env.Branch);

        guard.Check(HttpMethod.Post, "/repos/acme/api/git/refs", "{\"ref\":\"refs/heads/" + Env.Branch + "\",\"sha\":\"x\"}");
        guard.Check(HttpMethod.Patch, "/api/v3/repos/acme/api/git/refs/heads/" + Env.Branch, "{\"sha\":\"x\",\"force\":true}");
        guard.Check(HttpMethod.Post, "/repos/acme/api/git/trees", "{}");
        guard.Check(HttpMethod.Get, "/repos/acme/api/git/refs/heads/main", null);

        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Post, "/repos/acme/api/git/refs", "{\"ref\":\"refs/heads/main\",\"sha\":\"x\"}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Patch, "/repos/acme/api/git/refs/heads/main", "{\"sha\":\"x\",\"force\":true}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Delete, "/repos/acme/api/git/refs/heads/main", null));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Patch, "/repos/acme/api/git/refs/heads/feature", "{}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Post, "/repos/acme/api/git/refs", "{\"ref\":\"refs/tags/v1\",\"sha\":\"x\"}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Put, "/repos/acme/api/contents/README.md", "{}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Put, "/repos/acme/api/pulls/3/merge", "{}"));
        // A repository whose default branch is our branch name, or one we know nothing about: fail closed.
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Patch, "/repos/acme/odd/git/refs/heads/" + Env.Branch, "{}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Patch, "/repos/acme/unknown/git/refs/heads/" + Env.Branch, "{}"));
    }

    [Fact]
    public void The_write_guard_lets_settings_be_set_but_refuses_writes_reconcile_never_makes()
    {
        var guard = new WriteGuard([Env.Branch]);
        guard.Check(HttpMethod.Put, "/repos/acme/api/environments/pypi-production", "{}");
        guard.Check(HttpMethod.Put, "/repos/acme/api/environments/prod%2Feu", "{}");
        guard.Check(HttpMethod.Post, "/repos/acme/api/environments/pypi-production/deployment-branch-policies", "{}");
        guard.Check(HttpMethod.Delete, "/repos/acme/api/environments/pypi-production/deployment-branch-policies/12", null);
        guard.Check(HttpMethod.Put, "/api/v3/repos/acme/api/branches/release/1.x/protection", "{}");
        guard.Check(HttpMethod.Put, "/repos/acme/api/actions/permissions", "{}");
        guard.Check(HttpMethod.Put, "/repos/acme/api/actions/permissions/workflow", "{}");

        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Delete, "/repos/acme/api/environments/pypi-production", null));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Delete, "/repos/acme/api/branches/main/protection", null));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Delete, "/repos/acme/api", null));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Patch, "/repos/acme/api", "{\"default_branch\":\"x\"}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Put, "/repos/acme/api/actions/permissions/selected-actions", "{}"));
        Assert.Throws<UnsafeWriteException>(() => guard.Check(HttpMethod.Post, "/repos/acme/api/git/blobs", "{}"));
    }

    [Fact]
    public async Task The_guard_stops_a_default_branch_write_before_it_reaches_the_network()
    {
        await using var env = await Env.StartAsync();
        var connection = env.Connect(writable: ["main", Env.Branch]);
        connection.Guard.KnowDefaultBranch("acme/acme-python", "main");
        var head = env.GitHub.GetRef(Env.Org, "acme-python", "heads/main")!;
        var mark = env.Mark;
        await Assert.ThrowsAsync<UnsafeWriteException>(() => connection.Api.Patch<Octokit.Reference>(
            new Uri("repos/acme/acme-python/git/refs/heads/main", UriKind.Relative), new Dictionary<string, object> { ["sha"] = head, ["force"] = true }));
        Assert.Empty(env.Since(mark));
    }

    [Fact]
    public void Secrets_are_redacted_from_messages()
    {
        Secrets.Register("s3cr3t-value-that-is-long");
        var text = Secrets.Redact("failed with s3cr3t-value-that-is-long and ghp_abcdefghijklmnop123 and Authorization: token abcdefghijkl and ghs_1234567890abcdef");
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_abc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijkl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_123", text, StringComparison.Ordinal);
        Assert.Equal("TokenCredentials { Token = *** }", new TokenCredentials("ghp_zzzzzzzzzzzzzzzzzz").ToString());
    }
}
