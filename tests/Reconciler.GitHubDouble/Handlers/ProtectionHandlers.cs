using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Handlers;

/// <summary>Classic branch protection, rulesets and the rules that apply to a branch.</summary>
internal static class ProtectionHandlers
{
    private const string GetDocs = "https://docs.github.com/rest/branches/branch-protection#get-branch-protection";
    private const string PutDocs = "https://docs.github.com/rest/branches/branch-protection#update-branch-protection";
    private const string DeleteDocs = "https://docs.github.com/rest/branches/branch-protection#delete-branch-protection";

    public static void Map(RouteTable t)
    {
        t.Get("/repos/{owner}/{repo}/branches/{branch}/protection", Get);
        t.Put("/repos/{owner}/{repo}/branches/{branch}/protection", Put);
        t.Delete("/repos/{owner}/{repo}/branches/{branch}/protection", Delete);
        t.Get("/repos/{owner}/{repo}/rulesets", ListRulesets);
        t.Get("/repos/{owner}/{repo}/rulesets/{ruleset_id}", GetRuleset);
        t.Get("/repos/{owner}/{repo}/rules/branches/{branch}", RulesForBranch);
    }

    private static long StableId(string s) => BitConverter.ToUInt32(SHA1.HashData(Encoding.UTF8.GetBytes(s)), 0) % 100_000_000 + 1;

    private static Reply Get(Req req)
    {
        var r = req.Repo(Access.Read, GetDocs);
        if (req.AccessOn(r) < Access.Admin)
        {
            return Reply.NotFound(GetDocs);
        }
        var branch = req["branch"];
        if (r.Git.GetRef("refs/heads/" + branch) is null)
        {
            return Reply.Error(404, "Branch not found", GetDocs);
        }
        return r.Protection.TryGetValue(branch, out var p)
            ? Reply.Ok(Render(req, r, branch, p, forPut: false))
            : Reply.Error(404, "Branch not protected", GetDocs);
    }

    private static Reply Delete(Req req)
    {
        var r = req.Repo(Access.Admin, DeleteDocs);
        var branch = req["branch"];
        if (r.Git.GetRef("refs/heads/" + branch) is null)
        {
            return Reply.Error(404, "Branch not found", DeleteDocs);
        }
        return r.Protection.Remove(branch) ? Reply.NoContent() : Reply.Error(404, "Branch not protected", DeleteDocs);
    }

    private static Reply Simple422(string message, params string[] errors)
    {
        var arr = new JsonArray();
        foreach (var e in errors)
        {
            arr.Add(e);
        }
        return new Reply
        {
            Status = 422,
            Json = new JsonObject { ["message"] = message, ["documentation_url"] = PutDocs, ["errors"] = arr, ["status"] = "422" },
        };
    }

    private static bool Flag(JsonObject body, string key) => body[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(x => x!.ToString())] : [];

    private static Reply Put(Req req)
    {
        var r = req.Repo(Access.Admin, PutDocs);
        var branch = req["branch"];
        if (r.Git.GetRef("refs/heads/" + branch) is null)
        {
            return Reply.Error(404, "Branch not found", PutDocs);
        }
        var body = req.JsonObjectBody(PutDocs);
        var missing = new[] { "required_status_checks", "enforce_admins", "required_pull_request_reviews", "restrictions" }
            .Where(k => !body.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing.Select(m => "\"" + m + "\""));
            var msg = $"Invalid request.\n\n{list} {(missing.Count == 1 ? "wasn't" : "weren't")} supplied.";
            return Simple422(msg, missing.Select(m => $"\"{m}\" wasn't supplied.").ToArray());
        }
        var p = new ProtectionState();
        if (body["required_status_checks"] is JsonObject rsc)
        {
            if (rsc["strict"] is not JsonValue || rsc["contexts"] is not JsonArray && rsc["checks"] is not JsonArray)
            {
                return Simple422("Invalid request.\n\nNo subschema in \"anyOf\" matched.", "No subschema in \"anyOf\" matched.");
            }
            if (rsc["contexts"] is JsonArray { Count: > 0 } && rsc["checks"] is JsonArray { Count: > 0 })
            {
                // What GitHub answers when both are given (ossf/allstar#155, google/go-github#2276).
                return Simple422(
                    "Invalid request.\n\nNo subschema in \"anyOf\" matched.\nMore than one subschema in \"oneOf\" matched.\nNot all subschemas of \"allOf\" matched.",
                    "No subschema in \"anyOf\" matched.", "More than one subschema in \"oneOf\" matched.", "Not all subschemas of \"allOf\" matched.");
            }
            var checks = new List<(string, long?)>();
            foreach (var c in rsc["checks"] as JsonArray ?? [])
            {
                var appId = c?["app_id"] is JsonValue av && av.TryGetValue<long>(out var a) && a != -1 ? a : (long?)null;
                checks.Add((c!["context"]!.ToString(), appId));
            }
            var contexts = Strings(rsc["contexts"]);
            foreach (var ctx in contexts.Where(ctx => checks.All(c => c.Item1 != ctx)))
            {
                checks.Add((ctx, null));
            }
            p.RequiredStatusChecks = new StatusChecks(Flag(rsc, "strict"), [.. checks.Select(c => c.Item1)], checks);
        }
        else if (body["required_status_checks"] is not null)
        {
            return Simple422("Invalid request.\n\nFor 'properties/required_status_checks', \"x\" is not an object or null.", "For 'properties/required_status_checks', is not an object or null.");
        }
        if (body["required_pull_request_reviews"] is JsonObject prr)
        {
            if (prr["required_approving_review_count"] is JsonValue cv && cv.TryGetValue<int>(out var count) && count is < 0 or > 6)
            {
                return Simple422("Invalid request.\n\nrequired_approving_review_count must be between 0 and 6.", "required_approving_review_count must be between 0 and 6.");
            }
            p.RequiredPullRequestReviews = prr.DeepClone().AsObject();
        }
        if (body["restrictions"] is JsonObject res)
        {
            p.Restrictions = (Strings(res["users"]), Strings(res["teams"]), Strings(res["apps"]));
        }
        p.EnforceAdmins = Flag(body, "enforce_admins");
        p.RequiredSignatures = Flag(body, "required_signatures");
        p.RequiredLinearHistory = Flag(body, "required_linear_history");
        p.AllowForcePushes = Flag(body, "allow_force_pushes");
        p.AllowDeletions = Flag(body, "allow_deletions");
        p.BlockCreations = Flag(body, "block_creations");
        p.RequiredConversationResolution = Flag(body, "required_conversation_resolution");
        p.LockBranch = Flag(body, "lock_branch");
        p.AllowForkSyncing = Flag(body, "allow_fork_syncing");
        r.Protection[branch] = p;
        return Reply.Ok(Render(req, r, branch, p, forPut: true));
    }

    /// <summary>Renders the branch-protection (GET) / protected-branch (PUT) shape.</summary>
    internal static JsonObject Render(Req req, Repo r, string branch, ProtectionState p, bool forPut)
    {
        var url = Shapes.RepoApi(req.ApiBase, r) + "/branches/" + branch + "/protection";
        JsonObject Enabled(bool on) => new() { ["enabled"] = on };
        var o = new JsonObject { ["url"] = url };
        if (p.RequiredStatusChecks is { } sc)
        {
            var checks = new JsonArray();
            foreach (var (ctx, app) in sc.Checks)
            {
                checks.Add(new JsonObject { ["context"] = ctx, ["app_id"] = app });
            }
            o["required_status_checks"] = new JsonObject
            {
                ["url"] = url + "/required_status_checks",
                ["strict"] = sc.Strict,
                ["contexts"] = new JsonArray([.. sc.Contexts.Select(c => (JsonNode)c)]),
                ["contexts_url"] = url + "/required_status_checks/contexts",
                ["checks"] = checks,
            };
        }
        if (p.RequiredPullRequestReviews is { } prr)
        {
            var reviews = new JsonObject
            {
                ["url"] = url + "/required_pull_request_reviews",
                ["dismiss_stale_reviews"] = prr["dismiss_stale_reviews"] is JsonValue d && d.GetValue<bool>(),
                ["require_code_owner_reviews"] = prr["require_code_owner_reviews"] is JsonValue c && c.GetValue<bool>(),
                ["required_approving_review_count"] = prr["required_approving_review_count"] is JsonValue n ? n.GetValue<int>() : 1,
                ["require_last_push_approval"] = prr["require_last_push_approval"] is JsonValue l && l.GetValue<bool>(),
            };
            if (prr["dismissal_restrictions"] is JsonObject dr && (Strings(dr["users"]).Count + Strings(dr["teams"]).Count) > 0)
            {
                reviews["dismissal_restrictions"] = Actors(req, r, Strings(dr["users"]), Strings(dr["teams"]), url + "/dismissal_restrictions");
            }
            if (prr["bypass_pull_request_allowances"] is JsonObject bp)
            {
                var actors = Actors(req, r, Strings(bp["users"]), Strings(bp["teams"]), null);
                actors["apps"] = new JsonArray();
                reviews["bypass_pull_request_allowances"] = actors;
            }
            o["required_pull_request_reviews"] = reviews;
        }
        o["required_signatures"] = new JsonObject { ["url"] = url + "/required_signatures", ["enabled"] = p.RequiredSignatures };
        o["enforce_admins"] = new JsonObject { ["url"] = url + "/enforce_admins", ["enabled"] = p.EnforceAdmins };
        o["required_linear_history"] = Enabled(p.RequiredLinearHistory);
        o["allow_force_pushes"] = Enabled(p.AllowForcePushes);
        o["allow_deletions"] = Enabled(p.AllowDeletions);
        o["block_creations"] = Enabled(p.BlockCreations);
        o["required_conversation_resolution"] = Enabled(p.RequiredConversationResolution);
        o["lock_branch"] = Enabled(p.LockBranch);
        o["allow_fork_syncing"] = Enabled(p.AllowForkSyncing);
        if (p.Restrictions is { } rs)
        {
            var restr = Actors(req, r, rs.Users, rs.Teams, url + "/restrictions");
            restr["users_url"] = url + "/restrictions/users";
            restr["teams_url"] = url + "/restrictions/teams";
            restr["apps_url"] = url + "/restrictions/apps";
            restr["apps"] = new JsonArray();
            o["restrictions"] = restr;
        }
        _ = forPut;
        return o;
    }

    private static JsonObject Actors(Req req, Repo r, List<string> users, List<string> teams, string? url)
    {
        var o = new JsonObject();
        if (url is not null)
        {
            o["url"] = url;
            o["users_url"] = url + "/users";
            o["teams_url"] = url + "/teams";
        }
        var u = new JsonArray();
        foreach (var login in users)
        {
            var acct = req.State.Accounts.GetValueOrDefault(login);
            u.Add(Shapes.SimpleUser(req.ApiBase, login, acct?.Id ?? StableId(login), "User"));
        }
        var t = new JsonArray();
        foreach (var slug in teams)
        {
            t.Add(Team(req.ApiBase, r.Owner.Login, slug));
        }
        o["users"] = u;
        o["teams"] = t;
        return o;
    }

    internal static JsonObject Team(string api, string org, string slug, long? id = null)
    {
        var tid = id ?? StableId(org + "/" + slug);
        var url = api + "/organizations/1/team/" + tid.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = tid,
            ["node_id"] = Shapes.NodeId("T", tid),
            ["name"] = slug,
            ["slug"] = slug,
            ["description"] = null,
            ["privacy"] = "closed",
            ["notification_setting"] = "notifications_enabled",
            ["permission"] = "pull",
            ["url"] = url,
            ["html_url"] = Shapes.Html + "/orgs/" + org + "/teams/" + slug,
            ["members_url"] = url + "/members{/member}",
            ["repositories_url"] = url + "/repos",
            ["type"] = "organization",
            ["parent"] = null,
        };
    }

    private static JsonObject RulesetSummary(Req req, Repo r, JsonObject rs, bool full)
    {
        var o = new JsonObject();
        foreach (var (k, v) in rs)
        {
            if (full || k is not ("rules" or "conditions"))
            {
                o[k] = v?.DeepClone();
            }
        }
        var id = rs["id"]!.GetValue<long>();
        o["source_type"] ??= "Repository";
        o["source"] ??= r.FullName;
        o["node_id"] ??= Shapes.NodeId("RRS", id);
        o["_links"] = new JsonObject
        {
            ["self"] = new JsonObject { ["href"] = Shapes.RepoApi(req.ApiBase, r) + "/rulesets/" + id.ToString(CultureInfo.InvariantCulture) },
            ["html"] = new JsonObject { ["href"] = Shapes.Html + "/" + r.FullName + "/rules/" + id.ToString(CultureInfo.InvariantCulture) },
        };
        if (full)
        {
            o["current_user_can_bypass"] = "never";
        }
        return o;
    }

    private static Reply ListRulesets(Req req)
    {
        var r = req.Repo(Access.Read, "https://docs.github.com/rest/repos/rules#get-all-repository-rulesets");
        var targets = req.Q("targets")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = r.Rulesets.Where(rs => targets is null || targets.Contains(rs["target"]?.ToString() ?? "branch")).ToList();
        return req.Page(list, rs => RulesetSummary(req, r, rs, full: false));
    }

    private static Reply GetRuleset(Req req)
    {
        const string docs = "https://docs.github.com/rest/repos/rules#get-a-repository-ruleset";
        var r = req.Repo(Access.Read, docs);
        var rs = r.Rulesets.FirstOrDefault(x => x["id"]!.ToString() == req["ruleset_id"]);
        return rs is null ? Reply.NotFound(docs) : Reply.Ok(RulesetSummary(req, r, rs, full: true));
    }

    private static Reply RulesForBranch(Req req)
    {
        var r = req.Repo(Access.Read, "https://docs.github.com/rest/repos/rules#get-rules-for-a-branch");
        var branch = req["branch"];
        var result = new List<JsonObject>();
        foreach (var rs in r.Rulesets)
        {
            if (rs["enforcement"]?.ToString() != "active" || (rs["target"]?.ToString() ?? "branch") != "branch")
            {
                continue;
            }
            if (!AppliesTo(rs["conditions"]?["ref_name"] as JsonObject, r, branch))
            {
                continue;
            }
            foreach (var rule in rs["rules"] as JsonArray ?? [])
            {
                var o = rule!.DeepClone().AsObject();
                o["ruleset_source_type"] = "Repository";
                o["ruleset_source"] = r.FullName;
                o["ruleset_id"] = rs["id"]!.GetValue<long>();
                result.Add(o);
            }
        }
        return req.Page(result, x => x);
    }

    internal static bool AppliesTo(JsonObject? refName, Repo r, string branch)
    {
        if (refName is null)
        {
            return false;
        }
        var full = "refs/heads/" + branch;
        bool Matches(string pattern) => pattern switch
        {
            "~ALL" => true,
            "~DEFAULT_BRANCH" => branch == r.DefaultBranch,
            _ => Glob(pattern.StartsWith("refs/", StringComparison.Ordinal) ? pattern : "refs/heads/" + pattern).IsMatch(full),
        };
        return Strings(refName["include"]).Any(Matches) && !Strings(refName["exclude"]).Any(Matches);
    }

    /// <summary>fnmatch-style glob: "*" does not cross "/", "**" does.</summary>
    internal static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*\\*", "\u0001").Replace("\\*", "[^/]*").Replace("\\?", "[^/]").Replace("\u0001", ".*") + "$", RegexOptions.CultureInvariant);
}
