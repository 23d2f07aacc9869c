using System.Net;
using System.Text.Json;
using Reconciler.Core.Hosts.GitHub;

namespace Reconciler.Integration.Tests;

/// <summary>
/// An API that doesn't answer as GitHub does: a proxy's HTML page, a wrong --api-url, a redirect to another origin,
/// rate-limit waits longer than any request timeout. Through the real CLI, Octokit and HTTP on loopback.
/// </summary>
public sealed class HostileApiTests
{
    private const string Html = "<!DOCTYPE html><html><body>Sign in to the corporate proxy</body></html>";

    private static Dictionary<string, JsonElement> Repositories(CliRun run) =>
        run.Json.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.Clone());

    [Fact]
    public async Task An_html_answer_to_the_org_listing_is_an_error_naming_the_url_and_content_type_not_zero_repositories()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        await using var proxy = Loopback.Start(Loopback.Page("text/html; charset=utf-8", Html));

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json", "--api-url", proxy.BaseUri.AbsoluteUri);

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Stdout);
        Assert.Contains($"GET {proxy.BaseUri}orgs/{Env.Org}/repos: expected a JSON answer from the GitHub API, got 200 text/html", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_answer_to_a_named_repository_is_that_repositorys_error_not_a_crash()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        await using var proxy = Loopback.Start(Loopback.Page("text/html", Html));

        var run = await env.RunAsync("plan", "--repo", "acme/acme-python", "--format", "json", "--api-url", proxy.BaseUri.AbsoluteUri);

        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("NullReference", run.Stdout + run.Stderr, StringComparison.Ordinal);
        var repo = Repositories(run)["acme/acme-python"];
        Assert.Equal("error", repo.GetProperty("status").GetString());
        Assert.Contains($"GET {proxy.BaseUri}repos/acme/acme-python: expected a JSON answer from the GitHub API, got 200 text/html", repo.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_that_is_not_a_repository_is_an_error_too()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        await using var proxy = Loopback.Start(Loopback.Page("application/json", "{\"ok\": true}"));

        var run = await env.RunAsync("plan", "--repo", "acme/acme-python", "--format", "json", "--api-url", proxy.BaseUri.AbsoluteUri);

        Assert.Equal(1, run.Exit);
        Assert.Contains("the answer for GET repos/acme/acme-python is not a repository", Repositories(run)["acme/acme-python"].GetProperty("error").GetString(), StringComparison.Ordinal);
        var listing = await env.RunAsync("plan", "--org", Env.Org, "--api-url", proxy.BaseUri.AbsoluteUri);
        Assert.Equal(1, listing.Exit);
        Assert.Contains("listing the repositories of 'acme'", listing.Stderr, StringComparison.Ordinal);
        Assert.Contains("the answer is not a list of repositories", listing.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "the answer is JSON Null where the GitHub API answers a read with an object or a list")]
    [InlineData("", "the answer is empty; the GitHub API answers a read with a JSON object or list")]
    [InlineData("{}", "the answer is not a list of repositories")]
    [InlineData("[1, 2, 3]", "listing the repositories of 'acme': the answer is not a list of repositories")]
    public async Task An_org_listing_that_is_not_a_list_of_repositories_fails_the_run_instead_of_planning_nothing(string body, string message)
    {
        await using var env = await Env.StartAsync(seedSample: false);
        await using var proxy = Loopback.Start(Loopback.Page("application/json", body));

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json", "--api-url", proxy.BaseUri.AbsoluteUri);

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Stdout);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_answer_is_refused_once_it_passes_the_limit_not_held_in_memory()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        await using var endless = Loopback.Start(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.SendChunked = true;
            var chunk = System.Text.Encoding.ASCII.GetBytes("[" + new string(' ', 1024 * 1024));
            try
            {
                for (var sent = 0L; sent < 4L * JsonAnswerHandler.MaxAnswerBytes; sent += chunk.Length)
                {
                    await context.Response.OutputStream.WriteAsync(chunk);
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client stopped reading: what the test expects.
            }
        });

        var run = await env.RunAsync("plan", "--org", Env.Org, "--api-url", endless.BaseUri.AbsoluteUri);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"GET {endless.BaseUri}orgs/{Env.Org}/repos: the answer is over {JsonAnswerHandler.MaxAnswerBytes} bytes", run.Stderr, StringComparison.Ordinal);
        Assert.Single(endless.Seen);
    }

    [Fact]
    public async Task One_repository_answered_by_a_proxy_page_fails_alone_and_the_neighbours_are_planned()
    {
        await using var env = await Env.StartAsync();
        await using var proxy = Loopback.Start(context =>
            context.Request.Url!.AbsolutePath.StartsWith("/repos/acme/acme-python/git/trees/", StringComparison.Ordinal)
                ? Loopback.Page("text/html", Html)(context)
                : Loopback.Forward(context, env.GitHub.BaseUri));

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json", "--api-url", proxy.BaseUri.AbsoluteUri);

        var repos = Repositories(run);
        Assert.Equal("error", repos["acme/acme-python"].GetProperty("status").GetString());
        Assert.Contains("expected a JSON answer from the GitHub API, got 200 text/html", repos["acme/acme-python"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(repos["acme/acme-python"].GetProperty("changes").EnumerateArray());
        Assert.All(repos.Where(r => r.Key != "acme/acme-python"), r => Assert.NotEqual("error", r.Value.GetProperty("status").GetString()));
        Assert.Contains(repos.Values, r => r.GetProperty("status").GetString() == "drift");
    }

    [Fact]
    public async Task The_token_is_not_sent_on_a_redirect_to_another_port_of_the_same_host()
    {
        await using var env = await Env.StartAsync();
        await using var front = Loopback.Start(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.RedirectLocation = new Uri(env.GitHub.BaseUri, context.Request.Url!.PathAndQuery.TrimStart('/')).AbsoluteUri;
            return Task.CompletedTask;
        });
        var mark = env.Mark;

        await env.RunAsync("plan", "--repo", "acme/acme-python", "--format", "json", "--api-url", front.BaseUri.AbsoluteUri);

        Assert.NotEmpty(front.Seen);
        Assert.All(front.Seen, s => Assert.Equal("token " + env.GitHub.DefaultToken, s.Authorization, ignoreCase: true));
        var redirected = env.Since(mark);
        Assert.NotEmpty(redirected);
        Assert.All(redirected, e => Assert.True(string.IsNullOrEmpty(e.TokenLogin), $"{e.Path} reached the other port with the token of {e.TokenLogin}"));
    }

    [Theory]
    [InlineData("https://api.example.test/repos/a/b", true)]
    [InlineData("https://API.example.test:443/repos/a/b", true)]
    [InlineData("http://api.example.test/repos/a/b", false)]
    [InlineData("https://api.example.test:8443/repos/a/b", false)]
    [InlineData("https://example.test/repos/a/b", false)]
    public async Task Credentials_go_only_to_the_api_origin(string url, bool keeps)
    {
        var seen = new List<string?>();
        using var http = new HttpClient(new SameOriginCredentialsHandler(new Uri("https://api.example.test/"))
        {
            InnerHandler = new Answer(request =>
            {
                seen.Add(request.Headers.Authorization?.ToString());
                return new HttpResponseMessage(HttpStatusCode.OK);
            }),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "token secret-value");

        (await http.SendAsync(request)).Dispose();

        Assert.Equal(keeps ? "token secret-value" : null, Assert.Single(seen));
    }

    [Fact]
    public async Task Rate_limit_waits_longer_than_any_request_timeout_are_ended_only_by_the_run()
    {
        await using var env = await Env.StartAsync();
        var waits = new List<(TimeSpan Wait, bool Cancellable)>();
        var pacing = new GitHubPacing
        {
            Time = env.Clock,
            Delay = (wait, ct) =>
            {
                lock (waits)
                {
                    waits.Add((wait, ct.CanBeCanceled));
                }

                return env.Clock.Delay(wait, ct);
            },
        };
        var connection = GitHubConnection.Create(new GitHubConnectionOptions
        {
            ApiUrl = env.GitHub.BaseUri,
            Credentials = new TokenCredentials(env.GitHub.DefaultToken),
            Pacing = pacing,
            WritableBranches = [Env.Branch],
        });
        env.GitHub.Faults.SecondaryRateLimit("GET", "/repos/acme/acme-python", retryAfterSeconds: 900);
        env.GitHub.Faults.SecondaryRateLimit("POST", "/repos/acme/acme-python/git/trees", retryAfterSeconds: 1800, status: 429);
        var head = env.GitHub.GetRef(Env.Org, "acme-python", "heads/main")!;

        var repo = await connection.Api.Get<GitHubRepositoryDto>(new Uri("repos/acme/acme-python", UriKind.Relative));
        var commit = await connection.Api.Get<Octokit.Commit>(new Uri($"repos/acme/acme-python/git/commits/{head}", UriKind.Relative));
        for (var i = 0; i < 2; i++)
        {
            await connection.Api.Post<Octokit.TreeResponse>(new Uri("repos/acme/acme-python/git/trees", UriKind.Relative), new { base_tree = commit.Tree.Sha, tree = new[] { new { path = $"f{i}.txt", mode = "100644", type = "blob", content = "x" } } });
        }

        Assert.Equal("acme/acme-python", repo.FullName);
        Assert.Contains(waits, w => w.Wait == TimeSpan.FromSeconds(900));
        Assert.Contains(waits, w => w.Wait == TimeSpan.FromSeconds(1800));
        Assert.Contains(waits, w => w.Wait > TimeSpan.Zero && w.Wait <= TimeSpan.FromSeconds(1)); // the second write's spacing
        // The requests were made without a cancellation token: nothing but the run could have ended these waits.
        Assert.All(waits, w => Assert.False(w.Cancellable, $"the {w.Wait} wait runs under a request timeout"));
    }

    [Fact]
    public async Task A_linked_github_folder_in_the_tree_fails_that_repository_alone()
    {
        await using var env = await Env.StartAsync();
        await CommitAsync(env, "acme-python", new { path = ".github", mode = "120000", type = "blob", content = "../elsewhere" });

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");

        var repos = Repositories(run);
        Assert.Equal("error", repos["acme/acme-python"].GetProperty("status").GetString());
        Assert.Contains(".github: is a symbolic link; not followed", repos["acme/acme-python"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(repos["acme/acme-python"].GetProperty("changes").EnumerateArray());
        Assert.Contains(repos.Values, r => r.GetProperty("status").GetString() == "drift");
    }

    /// <summary>Commits one tree entry onto the default branch with the double's own API (as a person pushing would).</summary>
    private static async Task CommitAsync(Env env, string repo, object entry)
    {
        using var http = new HttpClient { BaseAddress = env.GitHub.BaseUri };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token " + env.GitHub.DefaultToken);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("reconcile-tests");
        var head = env.GitHub.GetRef(Env.Org, repo, "heads/main")!;
        async Task<JsonElement> Send(HttpMethod method, string path, object body)
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent(body) });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        var commit = JsonDocument.Parse(await http.GetStringAsync($"repos/{Env.Org}/{repo}/git/commits/{head}")).RootElement;
        var tree = await Send(HttpMethod.Post, $"repos/{Env.Org}/{repo}/git/trees", new { base_tree = commit.GetProperty("tree").GetProperty("sha").GetString(), tree = new[] { entry } });
        var created = await Send(HttpMethod.Post, $"repos/{Env.Org}/{repo}/git/commits", new { message = "link", tree = tree.GetProperty("sha").GetString(), parents = new[] { head } });
        await Send(HttpMethod.Patch, $"repos/{Env.Org}/{repo}/git/refs/heads/main", new { sha = created.GetProperty("sha").GetString(), force = true });
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private sealed class Answer(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
