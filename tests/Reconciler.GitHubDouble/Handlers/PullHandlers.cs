using System.Globalization;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Handlers;

/// <summary>Pull requests and labels.</summary>
internal static class PullHandlers
{
    private const string CreateDocs = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request";

    public static void Map(RouteTable t)
    {
        t.Get("/repos/{owner}/{repo}/pulls", List);
        t.Post("/repos/{owner}/{repo}/pulls", Create);
        t.Get("/repos/{owner}/{repo}/pulls/{pull_number}", GetOne);
        t.Patch("/repos/{owner}/{repo}/pulls/{pull_number}", Update);
        t.Get("/repos/{owner}/{repo}/pulls/{pull_number}/merge", Merged);
        t.Get("/repos/{owner}/{repo}/labels", ListLabels);
        t.Post("/repos/{owner}/{repo}/labels", CreateLabel);
        t.Get("/repos/{owner}/{repo}/issues/{issue_number}/labels", IssueLabels);
        t.Post("/repos/{owner}/{repo}/issues/{issue_number}/labels", AddIssueLabels);
    }

    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Side(Req req, Repo r, string branch, string? sha) => new()
    {
        ["label"] = r.Owner.Login + ":" + branch,
        ["ref"] = branch,
        ["sha"] = sha ?? r.Git.GetRef("refs/heads/" + branch) ?? new string('0', 40),
        ["user"] = Shapes.SimpleUser(req.ApiBase, r.Owner),
        ["repo"] = Shapes.Repository(req.ApiBase, r, req.AccessOn(r)),
    };

    internal static JsonObject Render(Req req, Repo r, PullRequestState p, bool full)
    {
        var api = Shapes.RepoApi(req.ApiBase, r);
        var url = api + "/pulls/" + S(p.Number);
        var html = Shapes.Html + "/" + r.FullName + "/pull/" + S(p.Number);
        var issue = api + "/issues/" + S(p.Number);
        var headSha = r.Git.GetRef("refs/heads/" + p.Head) ?? p.MergeCommitSha;
        var user = req.State.Accounts.GetValueOrDefault(p.User);
        var labels = new JsonArray();
        foreach (var name in p.Labels)
        {
            var l = r.Labels.First(x => x.Name == name);
            var label = Shapes.Label(req.ApiBase, r, l);
            label["description"] ??= ""; // a pull request's labels carry description as a non-nullable string in the spec
            labels.Add(label);
        }
        JsonObject Href(string h) => new() { ["href"] = h };
        var o = new JsonObject
        {
            ["url"] = url,
            ["id"] = p.Id,
            ["node_id"] = Shapes.NodeId("PR", p.Id),
            ["html_url"] = html,
            ["diff_url"] = html + ".diff",
            ["patch_url"] = html + ".patch",
            ["issue_url"] = issue,
            ["commits_url"] = url + "/commits",
            ["review_comments_url"] = url + "/comments",
            ["review_comment_url"] = api + "/pulls/comments{/number}",
            ["comments_url"] = issue + "/comments",
            ["statuses_url"] = api + "/statuses/" + headSha,
            ["number"] = p.Number,
            ["state"] = p.State,
            ["locked"] = false,
            ["title"] = p.Title,
            ["user"] = Shapes.SimpleUser(req.ApiBase, p.User, user?.Id ?? 1, user?.Type ?? "User"),
            ["body"] = p.Body,
            ["labels"] = labels,
            ["milestone"] = null,
            ["active_lock_reason"] = null,
            ["created_at"] = Shapes.Iso(p.CreatedAt),
            ["updated_at"] = Shapes.Iso(p.UpdatedAt),
            ["closed_at"] = Shapes.IsoOrNull(p.ClosedAt),
            ["merged_at"] = Shapes.IsoOrNull(p.MergedAt),
            ["merge_commit_sha"] = p.MergeCommitSha,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["requested_reviewers"] = new JsonArray(),
            ["requested_teams"] = new JsonArray(),
            ["head"] = Side(req, r, p.Head, headSha),
            ["base"] = Side(req, r, p.Base, null),
            ["_links"] = new JsonObject
            {
                ["self"] = Href(url),
                ["html"] = Href(html),
                ["issue"] = Href(issue),
                ["comments"] = Href(issue + "/comments"),
                ["review_comments"] = Href(url + "/comments"),
                ["review_comment"] = Href(api + "/pulls/comments{/number}"),
                ["commits"] = Href(url + "/commits"),
                ["statuses"] = Href(api + "/statuses/" + headSha),
            },
            ["author_association"] = "MEMBER",
            ["auto_merge"] = null,
            ["draft"] = p.Draft,
        };
        if (full)
        {
            o["merged"] = p.MergedAt is not null;
            o["mergeable"] = p.State == "open" ? true : null;
            o["rebaseable"] = p.State == "open" ? true : null;
            o["mergeable_state"] = p.State == "open" ? "clean" : "unknown";
            o["merged_by"] = null;
            o["comments"] = 0;
            o["review_comments"] = 0;
            o["maintainer_can_modify"] = p.MaintainerCanModify;
            o["commits"] = 1;
            o["additions"] = 0;
            o["deletions"] = 0;
            o["changed_files"] = 0;
        }
        return o;
    }

    private static Reply List(Req req)
    {
        var r = req.Repo(Access.Read, "https://docs.github.com/rest/pulls/pulls#list-pull-requests");
        var state = req.Q("state") ?? "open";
        var head = req.Q("head");
        string? headOwner = null, headBranch = null;
        if (head is not null && head.Contains(':', StringComparison.Ordinal))
        {
            headOwner = head[..head.IndexOf(':', StringComparison.Ordinal)];
            headBranch = head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        var baseName = req.Q("base");
        var sort = req.Q("sort") ?? "created";
        var desc = (req.Q("direction") ?? (sort == "created" ? "desc" : "desc")) == "desc";
        var list = r.Pulls
            .Where(p => state == "all" || p.State == state)
            .Where(p => headBranch is null || (string.Equals(p.HeadOwner, headOwner, StringComparison.OrdinalIgnoreCase) && p.Head == headBranch))
            .Where(p => baseName is null || p.Base == baseName);
        Func<PullRequestState, DateTimeOffset> key = sort == "updated" ? p => p.UpdatedAt : p => p.CreatedAt;
        var ordered = (desc ? list.OrderByDescending(key).ThenByDescending(p => p.Number) : list.OrderBy(key).ThenBy(p => p.Number)).ToList();
        return req.Page(ordered, p => Render(req, r, p, full: false));
    }

    private static Reply Create(Req req)
    {
        var r = req.Repo(Access.Write, CreateDocs);
        var body = req.JsonObjectBody(CreateDocs);
        var head = body["head"]?.ToString();
        var baseName = body["base"]?.ToString();
        var title = body["title"]?.ToString();
        var missing = new List<JsonObject>();
        foreach (var (field, value) in new[] { ("head", head), ("base", baseName), ("title", title) })
        {
            if (string.IsNullOrEmpty(value))
            {
                missing.Add(Reply.ValidationItem("missing_field", "PullRequest", field));
            }
        }
        if (missing.Count > 0)
        {
            return Reply.Validation(CreateDocs, [.. missing]);
        }
        var headOwner = r.Owner.Login;
        var headBranch = head!;
        if (head!.Contains(':', StringComparison.Ordinal))
        {
            headOwner = head[..head.IndexOf(':', StringComparison.Ordinal)];
            headBranch = head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        var headSha = string.Equals(headOwner, r.Owner.Login, StringComparison.OrdinalIgnoreCase) ? r.Git.GetRef("refs/heads/" + headBranch) : null;
        if (headSha is null)
        {
            return Reply.Validation(CreateDocs, Reply.ValidationItem("invalid", "PullRequest", "head"));
        }
        var baseSha = r.Git.GetRef("refs/heads/" + baseName);
        if (baseSha is null)
        {
            return Reply.Validation(CreateDocs, Reply.ValidationItem("invalid", "PullRequest", "base"));
        }
        if (r.Pulls.Any(p => p.State == "open" && p.Head == headBranch && p.Base == baseName && string.Equals(p.HeadOwner, headOwner, StringComparison.OrdinalIgnoreCase)))
        {
            return Reply.Validation(CreateDocs, Reply.ValidationItem("custom", "PullRequest", message: $"A pull request already exists for {headOwner}:{headBranch}."));
        }
        if (headSha == baseSha || r.Git.IsAncestor(headSha, baseSha))
        {
            return Reply.Validation(CreateDocs, Reply.ValidationItem("custom", "PullRequest", message: $"No commits between {baseName} and {headBranch}"));
        }
        var pr = new PullRequestState
        {
            Id = req.State.NextId(),
            Number = r.Pulls.Count + 1,
            Title = title!,
            Body = body["body"]?.ToString(),
            HeadOwner = r.Owner.Login,
            Head = headBranch,
            Base = baseName!,
            Draft = body["draft"] is JsonValue d && d.TryGetValue<bool>(out var db) && db,
            MaintainerCanModify = body["maintainer_can_modify"] is not JsonValue m || !m.TryGetValue<bool>(out var mb) || mb,
            User = req.Token.Login,
            CreatedAt = req.Now,
            UpdatedAt = req.Now,
        };
        r.Pulls.Add(pr);
        var json = Render(req, r, pr, full: true);
        return Reply.Created(json, json["url"]!.ToString());
    }

    private static PullRequestState Find(Repo r, string number, string docs) =>
        int.TryParse(number, out var n) && r.Pulls.FirstOrDefault(p => p.Number == n) is { } p
            ? p
            : throw new ReplyException(Reply.NotFound(docs));

    private static Reply GetOne(Req req)
    {
        const string docs = "https://docs.github.com/rest/pulls/pulls#get-a-pull-request";
        var r = req.Repo(Access.Read, docs);
        return Reply.Ok(Render(req, r, Find(r, req["pull_number"], docs), full: true));
    }

    private static Reply Update(Req req)
    {
        const string docs = "https://docs.github.com/rest/pulls/pulls#update-a-pull-request";
        var r = req.Repo(Access.Write, docs);
        var p = Find(r, req["pull_number"], docs);
        var body = req.JsonObjectBody(docs);
        if (body["state"]?.ToString() is { } state)
        {
            if (state is not ("open" or "closed"))
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "PullRequest", "state"));
            }
            if (p.MergedAt is not null && state == "open")
            {
                return Reply.Validation(docs, Reply.ValidationItem("custom", "PullRequest", "state", "state cannot be changed. The pull request has been merged."));
            }
            if (state != p.State)
            {
                p.State = state;
                p.ClosedAt = state == "closed" ? req.Now : null;
            }
        }
        if (body["title"]?.ToString() is { } title)
        {
            p.Title = title;
        }
        if (body.ContainsKey("body"))
        {
            p.Body = body["body"]?.ToString();
        }
        if (body["base"]?.ToString() is { } b)
        {
            if (r.Git.GetRef("refs/heads/" + b) is null)
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "PullRequest", "base"));
            }
            p.Base = b;
        }
        if (body["maintainer_can_modify"] is JsonValue mv && mv.TryGetValue<bool>(out var mcm))
        {
            p.MaintainerCanModify = mcm;
        }
        p.UpdatedAt = req.Now;
        return Reply.Ok(Render(req, r, p, full: true));
    }

    private static Reply Merged(Req req)
    {
        const string docs = "https://docs.github.com/rest/pulls/pulls#check-if-a-pull-request-has-been-merged";
        var r = req.Repo(Access.Read, docs);
        var p = Find(r, req["pull_number"], docs);
        return p.MergedAt is not null ? Reply.NoContent() : Reply.NotFound(docs);
    }

    private static Reply ListLabels(Req req)
    {
        var r = req.Repo(Access.Read, "https://docs.github.com/rest/issues/labels#list-labels-for-a-repository");
        return req.Page(r.Labels, l => Shapes.Label(req.ApiBase, r, l));
    }

    internal static LabelState EnsureLabel(DoubleState state, Repo r, string name, string? color = null, string? description = null)
    {
        var l = r.Labels.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
        if (l is null)
        {
            l = new LabelState { Id = state.NextId(), Name = name, Color = color ?? "ededed", Description = description };
            r.Labels.Add(l);
        }
        return l;
    }

    private static Reply CreateLabel(Req req)
    {
        const string docs = "https://docs.github.com/rest/issues/labels#create-a-label";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        if (body["name"]?.ToString() is not { Length: > 0 } name)
        {
            return Reply.Validation(docs, Reply.ValidationItem("missing_field", "Label", "name"));
        }
        if (r.Labels.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Reply.Validation(docs, Reply.ValidationItem("already_exists", "Label", "name"));
        }
        var color = body["color"]?.ToString()?.TrimStart('#') ?? "ededed";
        var label = EnsureLabel(req.State, r, name, color, body["description"]?.ToString());
        var json = Shapes.Label(req.ApiBase, r, label);
        return Reply.Created(json, json["url"]!.ToString());
    }

    private static Reply IssueLabels(Req req)
    {
        const string docs = "https://docs.github.com/rest/issues/labels#list-labels-for-an-issue";
        var r = req.Repo(Access.Read, docs);
        var p = Find(r, req["issue_number"], docs);
        return req.Page(p.Labels, n => Shapes.Label(req.ApiBase, r, r.Labels.First(l => l.Name == n)));
    }

    private static Reply AddIssueLabels(Req req)
    {
        const string docs = "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue";
        var r = req.Repo(Access.Write, docs);
        var p = Find(r, req["issue_number"], docs);
        var body = req.Json();
        var items = body switch
        {
            JsonArray a => a,
            JsonObject o when o["labels"] is JsonArray a => a,
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            return Reply.Validation(docs, Reply.ValidationItem("missing_field", "Label", "labels"));
        }
        foreach (var item in items)
        {
            var name = item is JsonObject lo ? lo["name"]?.ToString() : item?.ToString();
            if (string.IsNullOrEmpty(name))
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "Label", "name"));
            }
            var label = EnsureLabel(req.State, r, name);
            if (!p.Labels.Contains(label.Name))
            {
                p.Labels.Add(label.Name);
            }
        }
        p.UpdatedAt = req.Now;
        var arr = new JsonArray();
        foreach (var n in p.Labels)
        {
            arr.Add(Shapes.Label(req.ApiBase, r, r.Labels.First(l => l.Name == n)));
        }
        return Reply.Ok(arr);
    }
}
