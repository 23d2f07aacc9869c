using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Handlers;

/// <summary>Environments, deployment branch policies and Actions settings.</summary>
internal static partial class SettingsHandlers
{
    private const string EnvDocs = "https://docs.github.com/rest/deployments/environments";
    private const string PolicyDocs = "https://docs.github.com/rest/deployments/branch-policies";
    private const string ActionsDocs = "https://docs.github.com/rest/actions/permissions";

    public static void Map(RouteTable t)
    {
        t.Get("/repos/{owner}/{repo}/environments", ListEnvironments);
        t.Get("/repos/{owner}/{repo}/environments/{environment_name}", GetEnvironment);
        t.Put("/repos/{owner}/{repo}/environments/{environment_name}", PutEnvironment);
        t.Delete("/repos/{owner}/{repo}/environments/{environment_name}", DeleteEnvironment);
        t.Get("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies", ListPolicies);
        t.Post("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies", CreatePolicy);
        t.Get("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", GetPolicy);
        t.Put("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", UpdatePolicy);
        t.Delete("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", DeletePolicy);
        t.Get("/repos/{owner}/{repo}/actions/permissions", GetActions);
        t.Put("/repos/{owner}/{repo}/actions/permissions", PutActions);
        t.Get("/repos/{owner}/{repo}/actions/permissions/workflow", GetWorkflow);
        t.Put("/repos/{owner}/{repo}/actions/permissions/workflow", PutWorkflow);
        t.Get("/repos/{owner}/{repo}/actions/permissions/selected-actions", GetSelected);
        t.Put("/repos/{owner}/{repo}/actions/permissions/selected-actions", PutSelected);
    }

    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    internal static JsonObject Environment(Req req, Repo r, EnvironmentState e)
    {
        var rules = new JsonArray();
        if (e.WaitTimer > 0)
        {
            rules.Add(new JsonObject { ["id"] = e.WaitTimerRuleId, ["node_id"] = Shapes.NodeId("GA", e.WaitTimerRuleId), ["type"] = "wait_timer", ["wait_timer"] = e.WaitTimer });
        }
        if (e.Reviewers.Count > 0)
        {
            var reviewers = new JsonArray();
            foreach (var (type, id) in e.Reviewers)
            {
                JsonObject reviewer;
                if (type == "Team")
                {
                    var slug = req.State.Teams.FirstOrDefault(t => t.Value == id && t.Key.StartsWith(r.Owner.Login + "/", StringComparison.OrdinalIgnoreCase)).Key?.Split('/')[1];
                    reviewer = ProtectionHandlers.Team(req.ApiBase, r.Owner.Login, slug ?? "team-" + S(id), id);
                }
                else
                {
                    var acct = req.State.Accounts.Values.FirstOrDefault(a => a.Id == id);
                    reviewer = Shapes.SimpleUser(req.ApiBase, acct?.Login ?? "user-" + S(id), id, "User");
                }
                reviewers.Add(new JsonObject { ["type"] = type, ["reviewer"] = reviewer });
            }
            rules.Add(new JsonObject
            {
                ["id"] = e.ReviewersRuleId,
                ["node_id"] = Shapes.NodeId("GA", e.ReviewersRuleId),
                ["type"] = "required_reviewers",
                ["prevent_self_review"] = e.PreventSelfReview,
                ["reviewers"] = reviewers,
            });
        }
        if (e.BranchPolicy is not null)
        {
            rules.Add(new JsonObject { ["id"] = e.BranchPolicyRuleId, ["node_id"] = Shapes.NodeId("GA", e.BranchPolicyRuleId), ["type"] = "branch_policy" });
        }
        return new JsonObject
        {
            ["id"] = e.Id,
            ["node_id"] = Shapes.NodeId("EN", e.Id),
            ["name"] = e.Name,
            ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/environments/" + Uri.EscapeDataString(e.Name),
            ["html_url"] = Shapes.Html + "/" + r.FullName + "/deployments/activity_log?environments_filter=" + Uri.EscapeDataString(e.Name),
            ["created_at"] = Shapes.Iso(e.CreatedAt),
            ["updated_at"] = Shapes.Iso(e.UpdatedAt),
            ["protection_rules"] = rules,
            ["deployment_branch_policy"] = e.BranchPolicy is { } bp
                ? new JsonObject { ["protected_branches"] = bp.ProtectedBranches, ["custom_branch_policies"] = bp.CustomBranchPolicies }
                : null,
        };
    }

    private static EnvironmentState FindEnv(Req req, Repo r, string docs) =>
        r.Environments.FirstOrDefault(e => string.Equals(e.Name, req["environment_name"], StringComparison.OrdinalIgnoreCase))
            ?? throw new ReplyException(Reply.NotFound(docs));

    private static Reply ListEnvironments(Req req)
    {
        var r = req.Repo(Access.Read, EnvDocs + "#list-environments");
        var list = r.Environments.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        return req.Page(list, e => Environment(req, r, e), arr => new JsonObject { ["total_count"] = list.Count, ["environments"] = arr });
    }

    private static Reply GetEnvironment(Req req)
    {
        var r = req.Repo(Access.Read, EnvDocs + "#get-an-environment");
        return Reply.Ok(Environment(req, r, FindEnv(req, r, EnvDocs + "#get-an-environment")));
    }

    [GeneratedRegex("^[A-Za-z0-9 _./-]{1,255}$")]
    private static partial Regex EnvName();

    private static Reply PutEnvironment(Req req)
    {
        const string docs = EnvDocs + "#create-or-update-an-environment";
        var r = req.Repo(Access.Admin, docs);
        var name = req["environment_name"];
        if (!EnvName().IsMatch(name) || name.Trim() != name)
        {
            return Reply.Error(422, "Invalid environment name", docs);
        }
        var body = req.Json() as JsonObject ?? [];
        foreach (var (k, _) in body)
        {
            if (k is not ("wait_timer" or "prevent_self_review" or "reviewers" or "deployment_branch_policy"))
            {
                return Reply.Error(422, $"Invalid request.\n\n{k} is not a permitted key.", docs);
            }
        }
        int? wait = null;
        if (body["wait_timer"] is JsonValue wv)
        {
            if (!wv.TryGetValue<int>(out var w) || w is < 0 or > 43200)
            {
                return Reply.Error(422, "Invalid request.\n\nwait_timer must be between 0 and 43200.", docs);
            }
            wait = w;
        }
        List<(string, long)>? reviewers = null;
        if (body.ContainsKey("reviewers"))
        {
            reviewers = [];
            foreach (var rv in body["reviewers"] as JsonArray ?? [])
            {
                var type = rv?["type"]?.ToString();
                if (type is not ("User" or "Team") || rv?["id"] is not JsonValue idv || !idv.TryGetValue<long>(out var id))
                {
                    return Reply.Error(422, "Invalid request.\n\nInvalid reviewer.", docs);
                }
                reviewers.Add((type, id));
            }
            if (reviewers.Count > 6)
            {
                return Reply.Error(422, "Invalid request.\n\nA maximum of 6 reviewers is allowed.", docs);
            }
        }
        var hasPolicy = body.ContainsKey("deployment_branch_policy");
        (bool, bool)? policy = null;
        if (body["deployment_branch_policy"] is JsonObject dbp)
        {
            if (dbp["protected_branches"] is not JsonValue pv || !pv.TryGetValue<bool>(out var pb)
                || dbp["custom_branch_policies"] is not JsonValue cv || !cv.TryGetValue<bool>(out var cb))
            {
                return Reply.Error(422, "Invalid request.\n\n\"protected_branches\", \"custom_branch_policies\" weren't supplied.", docs);
            }
            if (pb == cb)
            {
                return Reply.Error(422, "Invalid deployment_branch_policy, only one of protected_branches and custom_branch_policies may be true.", docs);
            }
            policy = (pb, cb);
        }
        var env = r.Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (env is null)
        {
            env = new EnvironmentState
            {
                Id = req.State.NextId(),
                Name = name,
                CreatedAt = req.Now,
                UpdatedAt = req.Now,
                WaitTimerRuleId = req.State.NextId(),
                ReviewersRuleId = req.State.NextId(),
                BranchPolicyRuleId = req.State.NextId(),
            };
            r.Environments.Add(env);
        }
        env.UpdatedAt = req.Now;
        if (wait is { } wt)
        {
            env.WaitTimer = wt;
        }
        if (body["prevent_self_review"] is JsonValue ps && ps.TryGetValue<bool>(out var psb))
        {
            env.PreventSelfReview = psb;
        }
        if (reviewers is not null)
        {
            env.Reviewers = reviewers;
        }
        if (hasPolicy)
        {
            env.BranchPolicy = policy;
        }
        return Reply.Ok(Environment(req, r, env));
    }

    private static Reply DeleteEnvironment(Req req)
    {
        const string docs = EnvDocs + "#delete-an-environment";
        var r = req.Repo(Access.Admin, docs);
        var env = FindEnv(req, r, docs);
        r.Environments.Remove(env);
        return Reply.NoContent();
    }

    private static JsonObject Policy(BranchPolicyState p) => new()
    {
        ["id"] = p.Id,
        ["node_id"] = Shapes.NodeId("DBP", p.Id),
        ["name"] = p.Name,
        ["type"] = p.Type,
    };

    private static Reply ListPolicies(Req req)
    {
        const string docs = PolicyDocs + "#list-deployment-branch-policies";
        var r = req.Repo(Access.Read, docs);
        var env = FindEnv(req, r, docs);
        return req.Page(env.Policies, Policy, arr => new JsonObject { ["total_count"] = env.Policies.Count, ["branch_policies"] = arr });
    }

    private static Reply CreatePolicy(Req req)
    {
        const string docs = PolicyDocs + "#create-a-deployment-branch-policy";
        var r = req.Repo(Access.Admin, docs);
        var env = FindEnv(req, r, docs);
        if (env.BranchPolicy is not { CustomBranchPolicies: true })
        {
            return Reply.NotFound(docs);
        }
        var body = req.JsonObjectBody(docs);
        if (body["name"]?.ToString() is not { Length: > 0 } name)
        {
            return Reply.Validation(docs, Reply.ValidationItem("missing_field", "DeploymentBranchPolicy", "name"));
        }
        var type = body["type"]?.ToString() ?? "branch";
        if (type is not ("branch" or "tag"))
        {
            return Reply.Validation(docs, Reply.ValidationItem("invalid", "DeploymentBranchPolicy", "type"));
        }
        var existing = env.Policies.FirstOrDefault(p => p.Name == name && p.Type == type);
        var url = Shapes.RepoApi(req.ApiBase, r) + "/environments/" + Uri.EscapeDataString(env.Name) + "/deployment-branch-policies/";
        if (existing is not null)
        {
            return new Reply { Status = 303 }.WithHeader("Location", url + S(existing.Id));
        }
        var policy = new BranchPolicyState { Id = req.State.NextId(), Name = name, Type = type };
        env.Policies.Add(policy);
        return Reply.Ok(Policy(policy));
    }

    private static BranchPolicyState FindPolicy(Req req, EnvironmentState env, string docs) =>
        env.Policies.FirstOrDefault(p => S(p.Id) == req["branch_policy_id"]) ?? throw new ReplyException(Reply.NotFound(docs));

    private static Reply GetPolicy(Req req)
    {
        const string docs = PolicyDocs + "#get-a-deployment-branch-policy";
        var r = req.Repo(Access.Read, docs);
        return Reply.Ok(Policy(FindPolicy(req, FindEnv(req, r, docs), docs)));
    }

    private static Reply UpdatePolicy(Req req)
    {
        const string docs = PolicyDocs + "#update-a-deployment-branch-policy";
        var r = req.Repo(Access.Admin, docs);
        var p = FindPolicy(req, FindEnv(req, r, docs), docs);
        var body = req.JsonObjectBody(docs);
        if (body["name"]?.ToString() is not { Length: > 0 } name)
        {
            return Reply.Validation(docs, Reply.ValidationItem("missing_field", "DeploymentBranchPolicy", "name"));
        }
        p.Name = name;
        return Reply.Ok(Policy(p));
    }

    private static Reply DeletePolicy(Req req)
    {
        const string docs = PolicyDocs + "#delete-a-deployment-branch-policy";
        var r = req.Repo(Access.Admin, docs);
        var env = FindEnv(req, r, docs);
        env.Policies.Remove(FindPolicy(req, env, docs));
        return Reply.NoContent();
    }

    private static Reply GetActions(Req req)
    {
        var r = req.Repo(Access.Admin, ActionsDocs + "#get-github-actions-permissions-for-a-repository");
        var a = r.Actions;
        var o = new JsonObject { ["enabled"] = a.Enabled };
        if (a.Enabled)
        {
            o["allowed_actions"] = a.AllowedActions;
            if (a.AllowedActions == "selected")
            {
                o["selected_actions_url"] = Shapes.RepoApi(req.ApiBase, r) + "/actions/permissions/selected-actions";
            }
            o["sha_pinning_required"] = a.ShaPinningRequired;
        }
        return Reply.Ok(o);
    }

    private static Reply PutActions(Req req)
    {
        const string docs = ActionsDocs + "#set-github-actions-permissions-for-a-repository";
        var r = req.Repo(Access.Admin, docs);
        var body = req.JsonObjectBody(docs);
        if (body["enabled"] is not JsonValue ev || !ev.TryGetValue<bool>(out var enabled))
        {
            return Reply.Error(422, "Invalid request.\n\n\"enabled\" wasn't supplied.", docs);
        }
        var allowed = body["allowed_actions"]?.ToString();
        if (allowed is not (null or "all" or "local_only" or "selected"))
        {
            return Reply.Error(422, "Invalid request.\n\nInvalid allowed_actions.", docs);
        }
        r.Actions.Enabled = enabled;
        if (allowed is not null)
        {
            r.Actions.AllowedActions = allowed;
        }
        if (body["sha_pinning_required"] is JsonValue sv && sv.TryGetValue<bool>(out var pin))
        {
            r.Actions.ShaPinningRequired = pin;
        }
        return Reply.NoContent();
    }

    private static Reply GetWorkflow(Req req)
    {
        var r = req.Repo(Access.Admin, ActionsDocs + "#get-default-workflow-permissions-for-a-repository");
        return Reply.Ok(new JsonObject
        {
            ["default_workflow_permissions"] = r.Workflow.DefaultWorkflowPermissions,
            ["can_approve_pull_request_reviews"] = r.Workflow.CanApprovePullRequestReviews,
        });
    }

    private static Reply PutWorkflow(Req req)
    {
        const string docs = ActionsDocs + "#set-default-workflow-permissions-for-a-repository";
        var r = req.Repo(Access.Admin, docs);
        var body = req.Json() as JsonObject ?? [];
        var perms = body["default_workflow_permissions"]?.ToString();
        if (perms is not (null or "read" or "write"))
        {
            return Reply.Error(422, "Invalid request.\n\nInvalid default_workflow_permissions.", docs);
        }
        if (r.WorkflowSettingsLockedByOrg)
        {
            return Reply.Error(409, "Conflict: the change is prevented by the owning organization's settings.", docs);
        }
        if (perms is not null)
        {
            r.Workflow.DefaultWorkflowPermissions = perms;
        }
        if (body["can_approve_pull_request_reviews"] is JsonValue cv && cv.TryGetValue<bool>(out var can))
        {
            r.Workflow.CanApprovePullRequestReviews = can;
        }
        return Reply.NoContent();
    }

    private static Reply GetSelected(Req req)
    {
        var r = req.Repo(Access.Admin, ActionsDocs + "#get-allowed-actions-and-reusable-workflows-for-a-repository");
        return Reply.Ok(new JsonObject
        {
            ["github_owned_allowed"] = r.Actions.GitHubOwnedAllowed,
            ["verified_allowed"] = r.Actions.VerifiedAllowed,
            ["patterns_allowed"] = new JsonArray([.. r.Actions.PatternsAllowed.Select(p => (JsonNode)p)]),
        });
    }

    private static Reply PutSelected(Req req)
    {
        const string docs = ActionsDocs + "#set-allowed-actions-and-reusable-workflows-for-a-repository";
        var r = req.Repo(Access.Admin, docs);
        if (r.Actions.AllowedActions != "selected")
        {
            return Reply.Error(409, "Conflict: allowed_actions must be 'selected'.", docs);
        }
        var body = req.Json() as JsonObject ?? [];
        if (body["github_owned_allowed"] is JsonValue g && g.TryGetValue<bool>(out var gb))
        {
            r.Actions.GitHubOwnedAllowed = gb;
        }
        if (body["verified_allowed"] is JsonValue v && v.TryGetValue<bool>(out var vb))
        {
            r.Actions.VerifiedAllowed = vb;
        }
        if (body["patterns_allowed"] is JsonArray pa)
        {
            r.Actions.PatternsAllowed = [.. pa.Select(x => x!.ToString())];
        }
        return Reply.NoContent();
    }
}
