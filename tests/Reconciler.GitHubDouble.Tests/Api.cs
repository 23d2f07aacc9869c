using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Octokit;
using Octokit.Internal;

namespace Reconciler.GitHubDouble.Tests;

/// <summary>A response read by <see cref="Api"/>.</summary>
public sealed record Resp(HttpStatusCode Status, string Text, JsonNode? Json, HttpResponseHeaders Headers, string? ContentType)
{
    public int Code => (int)Status;

    public string Header(string name) => Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";

    public string? Message => Json is JsonObject o ? o["message"]?.ToString() : null;
}

/// <summary>Plain HttpClient calls against the double (bodies sent as JSON with Octokit's form content type).</summary>
public sealed class Api : IDisposable
{
    private readonly HttpClient _http;

    public Api(GitHubDouble gh, string? token = null, bool enterprise = false, string scheme = "token")
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = enterprise ? gh.EnterpriseBaseUri : gh.BaseUri };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("reconcile-tests/1.0");
        if (token != "")
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token ?? gh.DefaultToken);
        }
    }

    public async Task<Resp> Send(HttpMethod method, string path, JsonNode? body = null, string? accept = null, string? ifNoneMatch = null, string? rawBody = null)
    {
        using var req = new HttpRequestMessage(method, path.TrimStart('/'));
        req.Headers.Accept.ParseAdd(accept ?? "application/vnd.github.v3+json");
        if (ifNoneMatch is not null)
        {
            req.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        var text = rawBody ?? body?.ToJsonString();
        if (text is not null)
        {
            req.Content = new StringContent(text, Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        using var res = await _http.SendAsync(req);
        var s = await res.Content.ReadAsStringAsync();
        var ct = res.Content.Headers.ContentType?.ToString();
        JsonNode? json = null;
        if (ct?.StartsWith("application/json", StringComparison.Ordinal) == true && s.Length > 0)
        {
            json = JsonNode.Parse(s);
        }
        return new Resp(res.StatusCode, s, json, res.Headers, ct);
    }

    public Task<Resp> Get(string path, string? accept = null, string? ifNoneMatch = null) => Send(HttpMethod.Get, path, accept: accept, ifNoneMatch: ifNoneMatch);
    public Task<Resp> Post(string path, JsonNode? body, string? rawBody = null) => Send(HttpMethod.Post, path, body, rawBody: rawBody);
    public Task<Resp> Put(string path, JsonNode? body) => Send(HttpMethod.Put, path, body);
    public Task<Resp> Patch(string path, JsonNode? body) => Send(HttpMethod.Patch, path, body);
    public Task<Resp> Delete(string path) => Send(HttpMethod.Delete, path);

    public void Dispose() => _http.Dispose();

    /// <summary>An Octokit client over a Connection that keeps the double's base URI as is.</summary>
    public static GitHubClient Octokit(GitHubDouble gh, string? token = null, bool enterprise = false) =>
        new(new Connection(new Octokit.ProductHeaderValue("reconcile-tests"), enterprise ? gh.EnterpriseBaseUri : gh.BaseUri,
            new InMemoryCredentialStore(new Credentials(token ?? gh.DefaultToken))));
}
