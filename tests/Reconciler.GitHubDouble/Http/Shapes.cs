using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Git;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Http;

/// <summary>Spec-shaped JSON factories (every required key of the OpenAPI schemas is present).</summary>
internal static class Shapes
{
    public const string Html = "https://github.com";

    public static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? IsoOrNull(DateTimeOffset? d) => d is { } v ? Iso(v) : null;

    public static string NodeId(string kind, long id) =>
        kind + "_" + Convert.ToBase64String(Encoding.ASCII.GetBytes(kind + id.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    public static string NodeId(string kind, string key) =>
        kind + "_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JsonObject SimpleUser(string api, string login, long id, string type)
    {
        var u = api + "/users/" + login;
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = NodeId(type == "Organization" ? "O" : "U", id),
            ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{id}?v=4",
            ["gravatar_id"] = "",
            ["url"] = u,
            ["html_url"] = Html + "/" + login,
            ["followers_url"] = u + "/followers",
            ["following_url"] = u + "/following{/other_user}",
            ["gists_url"] = u + "/gists{/gist_id}",
            ["starred_url"] = u + "/starred{/owner}{/repo}",
            ["subscriptions_url"] = u + "/subscriptions",
            ["organizations_url"] = u + "/orgs",
            ["repos_url"] = u + "/repos",
            ["events_url"] = u + "/events{/privacy}",
            ["received_events_url"] = u + "/received_events",
            ["type"] = type,
            ["user_view_type"] = "public",
            ["site_admin"] = false,
        };
    }

    public static JsonObject SimpleUser(string api, Account a) => SimpleUser(api, a.Login, a.Id, a.Type);

    public static JsonObject Repository(string api, Repo r, Access access)
    {
        var u = api + "/repos/" + r.FullName;
        var html = Html + "/" + r.FullName;
        var topics = new JsonArray();
        foreach (var t in r.Topics)
        {
            topics.Add(t);
        }
        return new JsonObject
        {
            ["id"] = r.Id,
            ["node_id"] = NodeId("R", r.Id),
            ["name"] = r.Name,
            ["full_name"] = r.FullName,
            ["private"] = r.Visibility != "public",
            ["owner"] = SimpleUser(api, r.Owner),
            ["html_url"] = html,
            ["description"] = r.Description,
            ["fork"] = r.Fork,
            ["url"] = u,
            ["archive_url"] = u + "/{archive_format}{/ref}",
            ["assignees_url"] = u + "/assignees{/user}",
            ["blobs_url"] = u + "/git/blobs{/sha}",
            ["branches_url"] = u + "/branches{/branch}",
            ["collaborators_url"] = u + "/collaborators{/collaborator}",
            ["comments_url"] = u + "/comments{/number}",
            ["commits_url"] = u + "/commits{/sha}",
            ["compare_url"] = u + "/compare/{base}...{head}",
            ["contents_url"] = u + "/contents/{+path}",
            ["contributors_url"] = u + "/contributors",
            ["deployments_url"] = u + "/deployments",
            ["downloads_url"] = u + "/downloads",
            ["events_url"] = u + "/events",
            ["forks_url"] = u + "/forks",
            ["git_commits_url"] = u + "/git/commits{/sha}",
            ["git_refs_url"] = u + "/git/refs{/sha}",
            ["git_tags_url"] = u + "/git/tags{/sha}",
            ["git_url"] = "git://github.com/" + r.FullName + ".git",
            ["issue_comment_url"] = u + "/issues/comments{/number}",
            ["issue_events_url"] = u + "/issues/events{/number}",
            ["issues_url"] = u + "/issues{/number}",
            ["keys_url"] = u + "/keys{/key_id}",
            ["labels_url"] = u + "/labels{/name}",
            ["languages_url"] = u + "/languages",
            ["merges_url"] = u + "/merges",
            ["milestones_url"] = u + "/milestones{/number}",
            ["notifications_url"] = u + "/notifications{?since,all,participating}",
            ["pulls_url"] = u + "/pulls{/number}",
            ["releases_url"] = u + "/releases{/id}",
            ["ssh_url"] = "git@github.com:" + r.FullName + ".git",
            ["stargazers_url"] = u + "/stargazers",
            ["statuses_url"] = u + "/statuses/{sha}",
            ["subscribers_url"] = u + "/subscribers",
            ["subscription_url"] = u + "/subscription",
            ["tags_url"] = u + "/tags",
            ["teams_url"] = u + "/teams",
            ["trees_url"] = u + "/git/trees{/sha}",
            ["clone_url"] = html + ".git",
            ["mirror_url"] = null,
            ["hooks_url"] = u + "/hooks",
            ["svn_url"] = html,
            ["homepage"] = null,
            ["language"] = r.Language,
            ["forks_count"] = 0,
            ["stargazers_count"] = 0,
            ["watchers_count"] = 0,
            ["size"] = 0,
            ["default_branch"] = r.DefaultBranch,
            ["open_issues_count"] = r.Pulls.Count(p => p.State == "open"),
            ["is_template"] = r.IsTemplate,
            ["topics"] = topics,
            ["has_issues"] = true,
            ["has_projects"] = true,
            ["has_wiki"] = true,
            ["has_pages"] = false,
            ["has_downloads"] = true,
            ["has_discussions"] = false,
            ["archived"] = r.Archived,
            ["disabled"] = r.Disabled,
            ["visibility"] = r.Visibility,
            ["pushed_at"] = Iso(r.PushedAt ?? r.CreatedAt),
            ["created_at"] = Iso(r.CreatedAt),
            ["updated_at"] = Iso(r.UpdatedAt),
            ["permissions"] = new JsonObject
            {
                ["admin"] = access >= Access.Admin,
                ["maintain"] = access >= Access.Admin,
                ["push"] = access >= Access.Write,
                ["triage"] = access >= Access.Write,
                ["pull"] = access >= Access.Read,
            },
            ["allow_rebase_merge"] = true,
            ["allow_squash_merge"] = true,
            ["allow_merge_commit"] = true,
            ["allow_auto_merge"] = false,
            ["delete_branch_on_merge"] = false,
            ["allow_forking"] = true,
            ["web_commit_signoff_required"] = false,
            ["subscribers_count"] = 0,
            ["network_count"] = 0,
            ["license"] = null,
            ["forks"] = 0,
            ["open_issues"] = r.Pulls.Count(p => p.State == "open"),
            ["watchers"] = 0,
        };
    }

    public static JsonObject GitUser(GitSignature s) => new()
    {
        ["name"] = s.Name,
        ["email"] = s.Email,
        ["date"] = Iso(s.Date),
    };

    public static JsonObject Unsigned() => new()
    {
        ["verified"] = false,
        ["reason"] = "unsigned",
        ["signature"] = null,
        ["payload"] = null,
        ["verified_at"] = null,
    };

    public static string RepoApi(string api, Repo r) => api + "/repos/" + r.FullName;

    public static JsonObject GitRef(string api, Repo r, string refName, string sha)
    {
        var obj = r.Git.Get(sha)!;
        var kind = obj.Type switch { "tag" => "tags", "tree" => "trees", "blob" => "blobs", _ => "commits" };
        return new JsonObject
        {
            ["ref"] = refName,
            ["node_id"] = NodeId("REF", r.FullName + ":" + refName),
            ["url"] = RepoApi(api, r) + "/git/" + refName,
            ["object"] = new JsonObject
            {
                ["sha"] = sha,
                ["type"] = obj.Type,
                ["url"] = RepoApi(api, r) + "/git/" + kind + "/" + sha,
            },
        };
    }

    public static JsonObject GitCommitJson(string api, Repo r, GitCommit c)
    {
        var parents = new JsonArray();
        foreach (var p in c.Parents)
        {
            parents.Add(new JsonObject
            {
                ["sha"] = p,
                ["url"] = RepoApi(api, r) + "/git/commits/" + p,
                ["html_url"] = Html + "/" + r.FullName + "/commit/" + p,
            });
        }
        return new JsonObject
        {
            ["sha"] = c.Sha,
            ["node_id"] = NodeId("C", c.Sha),
            ["url"] = RepoApi(api, r) + "/git/commits/" + c.Sha,
            ["html_url"] = Html + "/" + r.FullName + "/commit/" + c.Sha,
            ["author"] = GitUser(c.Author),
            ["committer"] = GitUser(c.Committer),
            ["tree"] = new JsonObject { ["sha"] = c.TreeSha, ["url"] = RepoApi(api, r) + "/git/trees/" + c.TreeSha },
            ["message"] = c.Message,
            ["parents"] = parents,
            ["verification"] = Unsigned(),
        };
    }

    /// <summary>The REST "commit" shape (GET commits/{ref}).</summary>
    public static JsonObject Commit(string api, Repo r, GitCommit c)
    {
        var parents = new JsonArray();
        foreach (var p in c.Parents)
        {
            parents.Add(new JsonObject
            {
                ["sha"] = p,
                ["url"] = RepoApi(api, r) + "/commits/" + p,
                ["html_url"] = Html + "/" + r.FullName + "/commit/" + p,
            });
        }
        return new JsonObject
        {
            ["sha"] = c.Sha,
            ["node_id"] = NodeId("C", c.Sha),
            ["url"] = RepoApi(api, r) + "/commits/" + c.Sha,
            ["html_url"] = Html + "/" + r.FullName + "/commit/" + c.Sha,
            ["comments_url"] = RepoApi(api, r) + "/commits/" + c.Sha + "/comments",
            ["commit"] = new JsonObject
            {
                ["url"] = RepoApi(api, r) + "/git/commits/" + c.Sha,
                ["author"] = GitUser(c.Author),
                ["committer"] = GitUser(c.Committer),
                ["message"] = c.Message,
                ["comment_count"] = 0,
                ["tree"] = new JsonObject { ["sha"] = c.TreeSha, ["url"] = RepoApi(api, r) + "/git/trees/" + c.TreeSha },
                ["verification"] = Unsigned(),
            },
            ["author"] = null,
            ["committer"] = null,
            ["parents"] = parents,
        };
    }

    public static JsonObject Label(string api, Repo r, LabelState l) => new()
    {
        ["id"] = l.Id,
        ["node_id"] = NodeId("LA", l.Id),
        ["url"] = RepoApi(api, r) + "/labels/" + Uri.EscapeDataString(l.Name),
        ["name"] = l.Name,
        ["description"] = l.Description,
        ["color"] = l.Color,
        ["default"] = l.Default,
    };

    public static JsonObject RateLimit(int limit, int remaining, long reset, int used) => new()
    {
        ["limit"] = limit,
        ["remaining"] = remaining,
        ["reset"] = reset,
        ["used"] = used,
    };
}
