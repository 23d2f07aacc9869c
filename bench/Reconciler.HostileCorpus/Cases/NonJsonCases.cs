using System.Net;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue items 7 and 11: answers that aren't the expected JSON (a proxy's sign-in page, a wrong <c>--api-url</c>)
/// must be an error, never "0 repositories" and exit 0 or a crash; the token must never follow a redirect to
/// another origin, nor be printed.
/// </summary>
public static class NonJsonCases
{
    public const string Token = "ghp_hostileCorpusToken0123456789";

    private static readonly (string Name, Func<HttpListenerRequest, (int, string, string, string?)> Answer)[] Answers =
    [
        ("html-200", HttpStub.Html),
        ("html-body-json-type", _ => (200, "application/json", "<html>proxy</html>", null)),
        ("json-null", _ => (200, "application/json", "null", null)),
        ("json-object-for-everything", _ => (200, "application/json", "{}", null)),
        ("json-numbers", _ => (200, "application/json", "[1, 2, 3]", null)),
        ("empty-200", _ => (200, "application/json", "", null)),
        ("truncated-json", _ => (200, "application/json", "{\"login\": \"acme\", \"id\":", null)),
        ("html-404", _ => (404, "text/html", "<html>Not Found</html>", null)),
    ];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var (name, answer) in Answers)
        {
            foreach (var target in new[] { "org", "repo" })
            {
                yield return new HostileCase($"non-json/{name}/{target}", "non-json", "7", f =>
                {
                    var stub = new HttpStub(answer);
                    return Against(stub, target);
                }, Expect.CleanError, TokenNotPrinted);
            }
        }

        yield return Redirect("redirect/other-port", (stub, other) => $"http://127.0.0.1:{other.Port}");
        yield return Redirect("redirect/other-host", (stub, _) => $"http://localhost:{stub.Port}");
    }

    /// <summary>Every request redirected to another origin (307, so the method is kept); the other origin must never see the token.</summary>
    private static HostileCase Redirect(string id, Func<HttpStub, HttpStub, string> origin) =>
        new(id, "non-json", "11", f =>
        {
            var other = new HttpStub(HttpStub.Html);
            HttpStub? self = null;
            self = new HttpStub(r => r.Headers["Host"]?.StartsWith("localhost", StringComparison.Ordinal) == true
                ? HttpStub.Html(r)
                : (307, "text/html", "", origin(self!, other) + r.Url!.PathAndQuery));
            Leaks[f.Dir] = (self, other);
            return Against(new Both(self, other), "org", self.Url);
        }, Expect.CleanError, (f, o) =>
        {
            var (self, other) = Leaks[f.Dir];
            var leaked = other.Requests.Any(r => r.Authorization?.Contains(Token, StringComparison.Ordinal) == true)
                || self.Requests.Any(r => r.Host.StartsWith("localhost", StringComparison.Ordinal) && r.Authorization?.Contains(Token, StringComparison.Ordinal) == true);
            return leaked ? "sent the token to another origin after a redirect" : TokenNotPrinted(f, o);
        });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (HttpStub Self, HttpStub Other)> Leaks = new();

    private static Invocation Against(IAsyncDisposable server, string target, string? url = null)
    {
        url ??= ((HttpStub)server).Url;
        string[] args = target == "org"
            ? ["plan", "--org", "acme", "--api-url", url, "--format", "json"]
            : ["plan", "--repo", "acme/sdk", "--api-url", url, "--format", "json"];
        return new Invocation(args) { Server = server, Environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token } };
    }

    private static string? TokenNotPrinted(CaseFolder f, Outcome o) =>
        o.Stdout.Contains(Token, StringComparison.Ordinal) || o.Stderr.Contains(Token, StringComparison.Ordinal) ? "printed the token" : null;

    private sealed class Both(HttpStub a, HttpStub b) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }
}
