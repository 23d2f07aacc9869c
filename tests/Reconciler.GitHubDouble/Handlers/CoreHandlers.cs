using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Handlers;

/// <summary>Rate limit, users, organizations, repositories and GitHub App authentication.</summary>
internal static class CoreHandlers
{
    public static void Map(RouteTable t)
    {
        t.Get("/rate_limit", RateLimit);
        t.Get("/user", User);
        t.Get("/users/{username}", UserByLogin);
        t.Get("/orgs/{org}/teams/{team_slug}", OrgTeam);
        t.Get("/orgs/{org}", Org);
        t.Get("/orgs/{org}/repos", OrgRepos);
        t.Get("/repos/{owner}/{repo}", GetRepo);
        t.Get("/orgs/{org}/installation", OrgInstallation);
        t.Post("/app/installations/{installation_id}/access_tokens", CreateInstallationToken);
        t.Get("/installation/repositories", InstallationRepositories);
    }

    private static Reply RateLimit(Req req)
    {
        var tk = req.Token;
        var reset = tk.ResetAt.ToUnixTimeSeconds();
        var core = Shapes.RateLimit(tk.RateLimit, tk.Remaining, reset, tk.Used);
        var resources = new JsonObject { ["core"] = core };
        foreach (var (name, limit) in new[] { ("search", 30), ("graphql", 5000), ("code_search", 10), ("integration_manifest", 5000), ("actions_runner_registration", 10000), ("scim", 15000), ("dependency_snapshots", 100), ("code_scanning_autofix", 10), ("source_import", 100) })
        {
            resources[name] = Shapes.RateLimit(limit, limit, reset, 0);
        }
        return Reply.Ok(new JsonObject { ["resources"] = resources, ["rate"] = core.DeepClone() });
    }

    private static Reply User(Req req)
    {
        var tk = req.Token;
        if (tk.Kind is TokenKind.Installation or TokenKind.App)
        {
            return Reply.Error(403, "Resource not accessible by integration", "https://docs.github.com/rest/users/users#get-the-authenticated-user");
        }
        if (tk.Kind == TokenKind.Anonymous)
        {
            return Reply.Error(401, "Requires authentication", "https://docs.github.com/rest/users/users#get-the-authenticated-user");
        }
        var acct = req.State.Accounts.GetValueOrDefault(tk.Login)!;
        var u = PublicUser(req, acct);
        u["twitter_username"] = null;
        u["private_gists"] = 0;
        u["total_private_repos"] = req.State.Repos.Values.Count(r => r.Owner == acct && r.Visibility != "public");
        u["owned_private_repos"] = u["total_private_repos"]!.DeepClone();
        u["disk_usage"] = 0;
        u["collaborators"] = 0;
        u["two_factor_authentication"] = true;
        return Reply.Ok(u);
    }

    /// <summary>GET /users/{username}: a public-user (how a required reviewer's id is found from a login).</summary>
    private static Reply UserByLogin(Req req)
    {
        var acct = req.State.Accounts.GetValueOrDefault(req["username"]);
        if (acct is null)
        {
            return Reply.NotFound("https://docs.github.com/rest/users/users#get-a-user");
        }
        return Reply.Ok(PublicUser(req, acct));
    }

    /// <summary>The public-user shape both user routes share; /user adds the private fields.</summary>
    private static System.Text.Json.Nodes.JsonObject PublicUser(Req req, Account acct)
    {
        var u = Shapes.SimpleUser(req.ApiBase, acct);
        u["name"] = acct.Name;
        u["company"] = null;
        u["blog"] = "";
        u["location"] = null;
        u["email"] = null;
        u["hireable"] = null;
        u["bio"] = null;
        u["public_repos"] = req.State.Repos.Values.Count(r => r.Owner == acct && r.Visibility == "public");
        u["public_gists"] = 0;
        u["followers"] = 0;
        u["following"] = 0;
        u["created_at"] = Shapes.Iso(acct.CreatedAt);
        u["updated_at"] = Shapes.Iso(acct.CreatedAt);
        return u;
    }

    private static Account VisibleOrg(Req req, string docs)
    {
        var acct = req.State.Accounts.GetValueOrDefault(req["org"]);
        if (acct is null || acct.Type != "Organization" || !DoubleState.CanSeeAccount(req.Token, acct))
        {
            throw new ReplyException(Reply.NotFound(docs));
        }
        return acct;
    }

    private static Reply Org(Req req) =>
        Reply.Ok(OrgJson(req, VisibleOrg(req, "https://docs.github.com/rest/orgs/orgs#get-an-organization")));

    private static JsonObject OrgJson(Req req, Account o)
    {
        var u = req.ApiBase + "/orgs/" + o.Login;
        return new JsonObject
        {
            ["login"] = o.Login,
            ["id"] = o.Id,
            ["node_id"] = Shapes.NodeId("O", o.Id),
            ["url"] = u,
            ["repos_url"] = u + "/repos",
            ["events_url"] = u + "/events",
            ["hooks_url"] = u + "/hooks",
            ["issues_url"] = u + "/issues",
            ["members_url"] = u + "/members{/member}",
            ["public_members_url"] = u + "/public_members{/member}",
            ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{o.Id}?v=4",
            ["description"] = o.Description,
            ["name"] = o.Name ?? o.Login,
            ["has_organization_projects"] = true,
            ["has_repository_projects"] = true,
            ["public_repos"] = req.State.Repos.Values.Count(r => r.Owner == o && r.Visibility == "public"),
            ["public_gists"] = 0,
            ["followers"] = 0,
            ["following"] = 0,
            ["html_url"] = Shapes.Html + "/" + o.Login,
            ["type"] = "Organization",
            ["created_at"] = Shapes.Iso(o.CreatedAt),
            ["updated_at"] = Shapes.Iso(o.CreatedAt),
            ["archived_at"] = null,
        };
    }

    /// <summary>GET /orgs/{org}/teams/{team_slug}: a seeded team (how a required reviewer's id is found from a slug).</summary>
    private static Reply OrgTeam(Req req)
    {
        const string docs = "https://docs.github.com/rest/teams/teams#get-a-team-by-name";
        var o = VisibleOrg(req, docs);
        if (!req.State.Teams.TryGetValue(o.Login + "/" + req["team_slug"], out var id))
        {
            return Reply.NotFound(docs);
        }
        var team = ProtectionHandlers.Team(req.ApiBase, o.Login, req["team_slug"], id);
        team["members_count"] = 0;
        team["repos_count"] = 0;
        team["created_at"] = Shapes.Iso(o.CreatedAt);
        team["updated_at"] = Shapes.Iso(o.CreatedAt);
        team["organization"] = OrgJson(req, o);
        return Reply.Ok(team);
    }

    private static Reply OrgRepos(Req req)
    {
        var o = VisibleOrg(req, "https://docs.github.com/rest/repos/repos#list-organization-repositories");
        var type = req.Q("type") ?? "all";
        var sort = req.Q("sort") ?? "created";
        var direction = req.Q("direction") ?? (sort == "full_name" ? "asc" : "desc");
        var repos = req.State.Repos.Values
            .Where(r => r.Owner == o && req.AccessOn(r) != Access.None)
            .Where(r => type switch
            {
                "public" => r.Visibility == "public",
                "private" => r.Visibility == "private",
                "internal" => r.Visibility == "internal",
                "forks" => r.Fork,
                "sources" => !r.Fork,
                _ => true,
            });
        Func<Repo, IComparable> key = sort switch
        {
            "full_name" => r => r.FullName.ToLowerInvariant(),
            "updated" => r => r.UpdatedAt,
            "pushed" => r => r.PushedAt ?? r.CreatedAt,
            _ => r => r.CreatedAt,
        };
        var ordered = (direction == "asc" ? repos.OrderBy(key).ThenBy(r => r.Id) : repos.OrderByDescending(key).ThenByDescending(r => r.Id)).ToList();
        return req.Page(ordered, r => Shapes.Repository(req.ApiBase, r, req.AccessOn(r)));
    }

    private static Reply GetRepo(Req req)
    {
        var r = req.Repo(Access.Read, "https://docs.github.com/rest/repos/repos#get-a-repository");
        var json = Shapes.Repository(req.ApiBase, r, req.AccessOn(r));
        if (r.Owner.Type == "Organization")
        {
            json["organization"] = Shapes.SimpleUser(req.ApiBase, r.Owner);
        }
        return Reply.Ok(json);
    }

    internal static JsonObject Installation(string api, InstallationState i, AppState app) => new()
    {
        ["id"] = i.Id,
        ["account"] = Shapes.SimpleUser(api, i.Account),
        ["repository_selection"] = i.Repositories is null ? "all" : "selected",
        ["access_tokens_url"] = api + "/app/installations/" + i.Id.ToString(CultureInfo.InvariantCulture) + "/access_tokens",
        ["repositories_url"] = api + "/installation/repositories",
        ["html_url"] = Shapes.Html + "/organizations/" + i.Account.Login + "/settings/installations/" + i.Id.ToString(CultureInfo.InvariantCulture),
        ["app_id"] = i.AppId,
        ["client_id"] = app.ClientId,
        ["target_id"] = i.Account.Id,
        ["target_type"] = i.Account.Type,
        ["permissions"] = i.Permissions.DeepClone(),
        ["events"] = new JsonArray(),
        ["created_at"] = Shapes.Iso(i.CreatedAt),
        ["updated_at"] = Shapes.Iso(i.CreatedAt),
        ["single_file_name"] = null,
        ["app_slug"] = app.Slug,
        ["suspended_by"] = null,
        ["suspended_at"] = null,
    };

    private static AppState RequireApp(Req req, string docs)
    {
        if (req.Token.Kind != TokenKind.App)
        {
            throw new ReplyException(Reply.Error(401, "A JSON web token could not be decoded", docs));
        }
        return req.State.Apps[req.Token.AppId!.Value];
    }

    private static Reply OrgInstallation(Req req)
    {
        const string docs = "https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app";
        var app = RequireApp(req, docs);
        var inst = req.State.Installations.Values.FirstOrDefault(i => i.AppId == app.Id && string.Equals(i.Account.Login, req["org"], StringComparison.OrdinalIgnoreCase));
        return inst is null ? Reply.NotFound(docs) : Reply.Ok(Installation(req.ApiBase, inst, app));
    }

    private static Reply CreateInstallationToken(Req req)
    {
        const string docs = "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app";
        var app = RequireApp(req, docs);
        if (!long.TryParse(req["installation_id"], out var id) || !req.State.Installations.TryGetValue(id, out var inst) || inst.AppId != app.Id)
        {
            return Reply.NotFound(docs);
        }
        var body = req.Json() as JsonObject;
        HashSet<string>? names = inst.Repositories is null ? null : new(inst.Repositories, StringComparer.OrdinalIgnoreCase);
        var ownRepos = req.State.Repos.Values.Where(r => r.Owner == inst.Account && (inst.Repositories is null || inst.Repositories.Contains(r.Name))).ToList();
        if (body?["repositories"] is JsonArray reqNames || body?["repository_ids"] is JsonArray)
        {
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var n in body["repositories"] as JsonArray ?? [])
            {
                var name = n!.ToString();
                if (!ownRepos.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Reply.Error(422, "There is at least one repository that does not exist or is not accessible to the parent installation.", docs);
                }
                wanted.Add(name);
            }
            foreach (var n in body["repository_ids"] as JsonArray ?? [])
            {
                var rid = n!.GetValue<long>();
                var repo = ownRepos.FirstOrDefault(r => r.Id == rid);
                if (repo is null)
                {
                    return Reply.Error(422, "There is at least one repository that does not exist or is not accessible to the parent installation.", docs);
                }
                wanted.Add(repo.Name);
            }
            names = wanted;
        }
        var perms = inst.Permissions.DeepClone().AsObject();
        if (body?["permissions"] is JsonObject requested)
        {
            foreach (var (k, v) in requested)
            {
                var have = inst.Permissions[k]?.ToString();
                var want = v?.ToString();
                if (have is null || (have == "read" && want == "write"))
                {
                    return Reply.Error(422, $"The permissions requested are not granted to this installation.", docs);
                }
            }
            perms = requested.DeepClone().AsObject();
        }
        var level = perms["administration"]?.ToString() == "write" ? Access.Admin
            : perms["contents"]?.ToString() == "write" || perms["pull_requests"]?.ToString() == "write" ? Access.Write
            : Access.Read;
        var token = new TokenState
        {
            Value = "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18)),
            Kind = TokenKind.Installation,
            Login = app.Slug + "[bot]",
            UserId = app.Id,
            InstallationId = inst.Id,
            ExpiresAt = req.Now.AddHours(1),
            ResetAt = req.Now.AddHours(1),
            DefaultAccess = Access.None,
            RepositoryNames = names,
            Permissions = perms,
            RateLimit = Math.Min(12500, 5000 + (50 * Math.Max(0, ownRepos.Count - 20))),
        };
        token.OrgAccess[inst.Account.Login] = level;
        req.State.Tokens[token.Value] = token;
        var json = new JsonObject
        {
            ["token"] = token.Value,
            ["expires_at"] = Shapes.Iso(token.ExpiresAt!.Value),
            ["permissions"] = perms.DeepClone(),
            ["repository_selection"] = names is null ? "all" : "selected",
        };
        if (names is not null)
        {
            var arr = new JsonArray();
            foreach (var r in ownRepos.Where(r => names.Contains(r.Name)).OrderBy(r => r.Id))
            {
                arr.Add(Shapes.Repository(req.ApiBase, r, level));
            }
            json["repositories"] = arr;
        }
        return Reply.Created(json, req.ApiBase + "/app/installations/" + id.ToString(CultureInfo.InvariantCulture) + "/access_tokens");
    }

    private static Reply InstallationRepositories(Req req)
    {
        if (req.Token.Kind != TokenKind.Installation)
        {
            return Reply.Error(403, "You must authenticate with an installation access token in order to list repositories for an installation.",
                "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation");
        }
        var repos = req.State.Repos.Values.Where(r => req.AccessOn(r) != Access.None && req.State.Installations[req.Token.InstallationId!.Value].Account == r.Owner)
            .OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase).ToList();
        return req.Page(repos, r => Shapes.Repository(req.ApiBase, r, req.AccessOn(r)), arr => new JsonObject
        {
            ["total_count"] = repos.Count,
            ["repository_selection"] = req.Token.RepositoryNames is null ? "all" : "selected",
            ["repositories"] = arr,
        });
    }
}
