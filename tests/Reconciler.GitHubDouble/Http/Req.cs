using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Http;

/// <summary>A matched request as handlers see it.</summary>
public sealed class Req
{
    public required DoubleState State { get; init; }
    public required TokenState Token { get; init; }
    public required string Method { get; init; }
    /// <summary>Path without the optional /api/v3 prefix.</summary>
    public required string Path { get; init; }
    /// <summary>Absolute base of the API as the client addressed it, without a trailing slash (e.g. http://127.0.0.1:5000/api/v3).</summary>
    public required string ApiBase { get; init; }
    public required IReadOnlyDictionary<string, string> Values { get; init; }
    public required IQueryCollection Query { get; init; }
    public required IHeaderDictionary Headers { get; init; }
    public required string Body { get; init; }

    public string this[string name] => Values[name];

    public string Accept => Headers.Accept.ToString();

    public string? Q(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>The body parsed as JSON whatever the Content-Type; null when the body is empty.</summary>
    public JsonNode? Json()
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            throw new ReplyException(Reply.Error(400, "Problems parsing JSON"));
        }
    }

    public JsonObject JsonObjectBody(string docs) =>
        Json() as JsonObject ?? throw new ReplyException(Reply.Error(400, "Problems parsing JSON", docs));

    public DateTimeOffset Now => State.Now;

    /// <summary>The repository named by {owner}/{repo} when the token has at least <paramref name="min"/>.</summary>
    public Repo Repo(Access min = Access.Read, string docs = Reply.DocsBase)
    {
        var repo = State.FindRepo(this["owner"], this["repo"]);
        if (repo is null)
        {
            throw new ReplyException(Reply.NotFound(docs));
        }
        var access = DoubleState.AccessOf(Token, repo);
        if (access == Access.None)
        {
            throw new ReplyException(Reply.NotFound(docs));
        }
        if (access < min)
        {
            throw new ReplyException(min == Access.Admin
                ? Reply.Error(403, "Must have admin rights to Repository.", docs)
                : Reply.Error(403, Token.Kind == TokenKind.Installation
                    ? "Resource not accessible by integration"
                    : "Resource not accessible by personal access token", docs));
        }
        if (min >= Access.Write && repo.Archived)
        {
            throw new ReplyException(Reply.Error(403, "Repository was archived so is read-only.", docs));
        }
        return repo;
    }

    public Access AccessOn(Repo repo) => DoubleState.AccessOf(Token, repo);

    public int PerPage => Math.Clamp(int.TryParse(Q("per_page"), out var n) ? n : 30, 1, 100);

    public int PageNumber => Math.Max(1, int.TryParse(Q("page"), out var p) ? p : 1);

    /// <summary>Slices a list for the current page and adds an absolute Link header.</summary>
    public Reply Page<T>(IReadOnlyList<T> items, Func<T, JsonNode?> render, Func<JsonArray, JsonNode>? wrap = null)
    {
        var perPage = PerPage;
        var page = PageNumber;
        var arr = new JsonArray();
        foreach (var item in items.Skip((page - 1) * perPage).Take(perPage))
        {
            arr.Add(render(item));
        }
        var reply = Reply.Ok(wrap is null ? arr : wrap(arr));
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"<{PageUrl(page + 1, perPage)}>; rel=\"next\"");
            links.Add($"<{PageUrl(last, perPage)}>; rel=\"last\"");
        }
        if (page > 1)
        {
            links.Add($"<{PageUrl(1, perPage)}>; rel=\"first\"");
            links.Add($"<{PageUrl(Math.Min(page - 1, last), perPage)}>; rel=\"prev\"");
        }
        if (links.Count > 0)
        {
            reply.Headers["Link"] = string.Join(", ", links);
        }
        return reply;
    }

    private string PageUrl(int page, int perPage)
    {
        var parts = new List<string>();
        foreach (var (k, v) in Query)
        {
            if (k is "page" or "per_page")
            {
                continue;
            }
            parts.Add(Uri.EscapeDataString(k) + "=" + Uri.EscapeDataString(v.ToString()));
        }
        parts.Add("per_page=" + perPage.ToString(CultureInfo.InvariantCulture));
        parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return ApiBase + Path + "?" + string.Join("&", parts);
    }
}
