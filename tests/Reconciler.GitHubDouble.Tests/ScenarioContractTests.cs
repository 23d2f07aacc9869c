using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.State;
using Reconciler.GitHubDouble.Tests.OpenApi;

namespace Reconciler.GitHubDouble.Tests;

/// <summary>
/// Drives every route of the double over HTTP (success and error paths) and validates every exchange
/// against the OpenAPI description: statuses, response bodies and accepted request bodies.
/// </summary>
public sealed class ScenarioContractTests
{
    private const string R = "repos/acme/api";

    [Fact]
    public async Task Every_route_answers_per_spec_in_a_realistic_scenario()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var app = gh.AddApp(42, "reconcile-bot");
        var installationId = gh.AddInstallation(42, "acme");
        gh.AddRuleset("acme", "api", """
            {"name":"main rules","enforcement":"active","target":"branch",
             "conditions":{"ref_name":{"include":["~DEFAULT_BRANCH"],"exclude":[]}},
             "rules":[{"type":"deletion"},{"type":"non_fast_forward"},
                      {"type":"pull_request","parameters":{"dismiss_stale_reviews_on_push":true,"require_code_owner_review":false,
                       "require_last_push_approval":false,"required_approving_review_count":1,"required_review_thread_resolution":false}}],
             "bypass_actors":[{"actor_id":5,"actor_type":"Team","bypass_mode":"always"}]}
            """);
        gh.AddRuleset("acme", "api", """{"name":"evaluate only","enforcement":"evaluate","conditions":{"ref_name":{"include":["~ALL"],"exclude":[]}},"rules":[{"type":"creation"}]}""");
        using var api = new Api(gh);
        var readOnly = gh.AddToken("reader", new TokenSeed { DefaultAccess = Access.Read });
        using var reader = new Api(gh, readOnly);

        // Core.
        Assert.Equal(200, (await api.Get("rate_limit")).Code);
        Assert.Equal(200, (await api.Get("user")).Code);
        Assert.Equal(200, (await api.Get("users/reader")).Code);
        Assert.Equal(404, (await api.Get("users/nobody-at-all")).Code);
        gh.AddTeam("acme", "release-managers");
        Assert.Equal(200, (await api.Get("orgs/acme/teams/release-managers")).Code);
        Assert.Equal(404, (await api.Get("orgs/acme/teams/nobody")).Code);
        Assert.Equal(200, (await api.Get("orgs/acme")).Code);
        Assert.Equal(404, (await api.Get("orgs/nope")).Code);
        Assert.Equal(200, (await api.Get("orgs/acme/repos?type=sources&sort=full_name&per_page=2")).Code);
        Assert.Equal(404, (await api.Get("orgs/nope/repos")).Code);
        Assert.Equal(200, (await api.Get(R)).Code);
        Assert.Equal(404, (await api.Get("repos/acme/missing")).Code);
        Assert.Equal(401, (await new Api(gh, "ghp_wrong").Get(R)).Code);

        // App authentication.
        using var jwt = new Api(gh, app.CreateJwt(gh.State.Now), scheme: "Bearer");
        Assert.Equal(200, (await jwt.Get("orgs/acme/installation")).Code);
        Assert.Equal(404, (await jwt.Get("orgs/other/installation")).Code);
        var tokenResp = await jwt.Post($"app/installations/{installationId}/access_tokens", null, rawBody: "");
        Assert.Equal(201, tokenResp.Code);
        var scoped = await jwt.Post($"app/installations/{installationId}/access_tokens", new JsonObject
        {
            ["repositories"] = new JsonArray("api"),
            ["permissions"] = new JsonObject { ["contents"] = "write", ["metadata"] = "read" },
        });
        Assert.Equal(201, scoped.Code);
        Assert.Equal(404, (await jwt.Post("app/installations/999/access_tokens", null, rawBody: "")).Code);
        using var inst = new Api(gh, tokenResp.Json!["token"]!.ToString());
        Assert.Equal(200, (await inst.Get("installation/repositories?per_page=2")).Code);
        Assert.Equal(403, (await api.Get("installation/repositories")).Code);

        // Contents.
        Assert.Equal(200, (await api.Get(R + "/contents/README.md")).Code);
        Assert.Equal(200, (await api.Get(R + "/contents/.github/workflows")).Code);
        Assert.Equal(200, (await api.Get(R + "/contents/src/main.go?ref=main")).Code);
        Assert.Equal(404, (await api.Get(R + "/contents/nope.txt")).Code);
        Assert.Equal(404, (await api.Get("repos/acme/empty/contents/README.md")).Code);

        // Git data: refs, blobs, trees, commits, tags.
        var head = (await api.Get(R + "/git/ref/heads/main")).Json!["object"]!["sha"]!.ToString();
        Assert.Equal(404, (await api.Get(R + "/git/ref/heads/nope")).Code);
        Assert.Equal(409, (await api.Get("repos/acme/empty/git/ref/heads/main")).Code);
        Assert.Equal(200, (await api.Get(R + "/git/refs/heads/main")).Code);
        Assert.Equal(200, (await api.Get(R + "/git/matching-refs/heads/")).Code);
        var commit = (await api.Get(R + "/git/commits/" + head)).Json!;
        var baseTree = commit["tree"]!["sha"]!.ToString();
        Assert.Equal(404, (await api.Get(R + "/git/commits/" + new string('a', 40))).Code);
        var blob = await api.Post(R + "/git/blobs", new JsonObject { ["content"] = "aGVsbG8=", ["encoding"] = "base64" });
        Assert.Equal(201, blob.Code);
        Assert.Equal(200, (await api.Get(R + "/git/blobs/" + blob.Json!["sha"])).Code);
        var tree = await api.Post(R + "/git/trees", new JsonObject
        {
            ["base_tree"] = baseTree,
            ["tree"] = new JsonArray(
                new JsonObject { ["path"] = "hello.txt", ["mode"] = "100644", ["type"] = "blob", ["sha"] = blob.Json!["sha"]!.ToString() },
                new JsonObject { ["path"] = ".github/workflows/release.yml", ["mode"] = "100644", ["type"] = "blob", ["content"] = "on: release\n" },
                new JsonObject { ["path"] = "src/main.go", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null }),
        });
        Assert.Equal(201, tree.Code);
        Assert.Equal(422, (await api.Post(R + "/git/trees", new JsonObject
        {
            ["base_tree"] = baseTree,
            ["tree"] = new JsonArray(new JsonObject { ["path"] = "absent.txt", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null }),
        })).Code);
        Assert.Equal(200, (await api.Get(R + "/git/trees/" + tree.Json!["sha"] + "?recursive=1")).Code);
        Assert.Equal(404, (await api.Get(R + "/git/trees/" + new string('b', 40))).Code);
        var newCommit = await api.Post(R + "/git/commits", new JsonObject
        {
            ["message"] = "policy: sync",
            ["tree"] = tree.Json!["sha"]!.ToString(),
            ["parents"] = new JsonArray(head),
            ["author"] = new JsonObject { ["name"] = "Reconcile", ["email"] = "bot@example.com" },
        });
        Assert.Equal(201, newCommit.Code);
        var newSha = newCommit.Json!["sha"]!.ToString();
        Assert.Equal(422, (await api.Post(R + "/git/commits", new JsonObject { ["message"] = "x", ["tree"] = new string('c', 40) })).Code);
        var created = await api.Post(R + "/git/refs", new JsonObject { ["ref"] = "refs/heads/policy/sync", ["sha"] = newSha });
        Assert.Equal(201, created.Code);
        Assert.Equal("Reference already exists", (await api.Post(R + "/git/refs", new JsonObject { ["ref"] = "refs/heads/policy/sync", ["sha"] = newSha })).Message);
        Assert.Equal(409, (await api.Post("repos/acme/empty/git/refs", new JsonObject { ["ref"] = "refs/heads/x", ["sha"] = newSha })).Code);
        Assert.Equal(200, (await api.Patch(R + "/git/refs/heads/policy/sync", new JsonObject { ["sha"] = newSha, ["force"] = true })).Code);
        Assert.Equal("Update is not a fast forward", (await api.Patch(R + "/git/refs/heads/policy/sync", new JsonObject { ["sha"] = head })).Message);
        var tag = await api.Post(R + "/git/tags", new JsonObject { ["tag"] = "v1", ["message"] = "v1", ["object"] = head, ["type"] = "commit" });
        Assert.Equal(201, tag.Code);
        Assert.Equal(200, (await api.Get(R + "/git/tags/" + tag.Json!["sha"])).Code);
        Assert.Equal(404, (await api.Get(R + "/git/tags/" + head)).Code);
        Assert.Equal(201, (await api.Post(R + "/git/refs", new JsonObject { ["ref"] = "refs/heads/tmp", ["sha"] = head })).Code);
        Assert.Equal(204, (await api.Delete(R + "/git/refs/heads/tmp")).Code);
        Assert.Equal(422, (await api.Delete(R + "/git/refs/heads/tmp")).Code);

        // Commits and branches.
        Assert.Equal(200, (await api.Get(R + "/commits/main")).Code);
        Assert.Equal(200, (await api.Get(R + "/commits/policy/sync")).Code);
        Assert.Equal(422, (await api.Get(R + "/commits/nope")).Code);
        Assert.Equal(200, (await api.Get(R + "/branches")).Code);
        Assert.Equal(200, (await api.Get(R + "/branches/policy/sync")).Code);
        Assert.Equal(404, (await api.Get(R + "/branches/nope")).Code);

        // Pull requests and labels.
        var pr = await api.Post(R + "/pulls", new JsonObject { ["title"] = "Policy sync", ["head"] = "policy/sync", ["base"] = "main", ["body"] = "Managed by Reconcile" });
        Assert.Equal(201, pr.Code);
        Assert.Equal(422, (await api.Post(R + "/pulls", new JsonObject { ["title"] = "again", ["head"] = "acme:policy/sync", ["base"] = "main" })).Code);
        Assert.Equal(422, (await api.Post(R + "/pulls", new JsonObject { ["title"] = "none", ["head"] = "ghost", ["base"] = "main" })).Code);
        Assert.Equal(200, (await api.Get(R + "/pulls?state=open&head=acme:policy/sync&base=main")).Code);
        Assert.Equal(200, (await api.Get(R + "/pulls/1")).Code);
        Assert.Equal(404, (await api.Get(R + "/pulls/99")).Code);
        Assert.Equal(200, (await api.Patch(R + "/pulls/1", new JsonObject { ["body"] = "Updated", ["title"] = "Policy sync (2)" })).Code);
        Assert.Equal(404, (await api.Get(R + "/pulls/1/merge")).Code);
        Assert.Equal(200, (await api.Get(R + "/labels")).Code);
        Assert.Equal(201, (await api.Post(R + "/labels", new JsonObject { ["name"] = "policy", ["color"] = "5319e7", ["description"] = "Reconcile" })).Code);
        Assert.Equal(422, (await api.Post(R + "/labels", new JsonObject { ["name"] = "policy", ["color"] = "5319e7" })).Code);
        Assert.Equal(200, (await api.Post(R + "/issues/1/labels", new JsonObject { ["labels"] = new JsonArray("policy") })).Code);
        Assert.Equal(200, (await api.Post(R + "/issues/1/labels", new JsonArray("automated"))).Code);
        Assert.Equal(200, (await api.Get(R + "/issues/1/labels")).Code);
        Assert.Equal(200, (await api.Patch(R + "/pulls/1", new JsonObject { ["state"] = "closed" })).Code);

        // Branch protection and rulesets.
        Assert.Equal("Branch not protected", (await api.Get(R + "/branches/main/protection")).Message);
        Assert.Equal("Not Found", (await reader.Get(R + "/branches/main/protection")).Message);
        var protectionBody = JsonNode.Parse("""
            {"required_status_checks":{"strict":true,"contexts":[],"checks":[{"context":"ci/build","app_id":-1}]},
             "enforce_admins":true,
             "required_pull_request_reviews":{"dismiss_stale_reviews":true,"require_code_owner_reviews":true,
                                              "required_approving_review_count":1,"require_last_push_approval":false},
             "restrictions":null,"required_linear_history":true,"allow_force_pushes":false,"allow_deletions":false,
             "required_conversation_resolution":true}
            """);
        Assert.Equal(200, (await api.Put(R + "/branches/main/protection", protectionBody)).Code);
        Assert.Equal(422, (await api.Put(R + "/branches/main/protection", new JsonObject { ["enforce_admins"] = true })).Code);
        var both = protectionBody!.DeepClone();
        both["required_status_checks"]!["contexts"] = new JsonArray("ci/build");
        Assert.Equal(422, (await api.Put(R + "/branches/main/protection", both)).Code); // contexts and checks both non-empty
        Assert.Equal(403, (await reader.Put(R + "/branches/main/protection", protectionBody)).Code);
        Assert.Equal(200, (await api.Get(R + "/branches/main/protection")).Code);
        Assert.Equal(200, (await api.Get(R + "/branches/main")).Code);
        Assert.Equal(204, (await api.Delete(R + "/branches/main/protection")).Code);
        Assert.Equal(404, (await api.Delete(R + "/branches/main/protection")).Code);
        Assert.Equal(200, (await api.Get(R + "/rulesets?includes_parents=true")).Code);
        var rulesetId = (await api.Get(R + "/rulesets")).Json![0]!["id"]!.ToString();
        Assert.Equal(200, (await api.Get(R + "/rulesets/" + rulesetId)).Code);
        Assert.Equal(404, (await api.Get(R + "/rulesets/12345")).Code);
        Assert.Equal(200, (await api.Get(R + "/rules/branches/main")).Code);

        // Environments and deployment branch policies.
        Assert.Equal(200, (await api.Put(R + "/environments/production", new JsonObject
        {
            ["wait_timer"] = 30,
            ["prevent_self_review"] = true,
            ["reviewers"] = new JsonArray(new JsonObject { ["type"] = "Team", ["id"] = 9 }, new JsonObject { ["type"] = "User", ["id"] = 1 }),
            ["deployment_branch_policy"] = new JsonObject { ["protected_branches"] = false, ["custom_branch_policies"] = true },
        })).Code);
        Assert.Equal(200, (await api.Put(R + "/environments/prod%2Feu", null)).Code);
        Assert.Equal(422, (await api.Put(R + "/environments/staging", new JsonObject
        {
            ["deployment_branch_policy"] = new JsonObject { ["protected_branches"] = true, ["custom_branch_policies"] = true },
        })).Code);
        Assert.Equal(200, (await api.Get(R + "/environments")).Code);
        Assert.Equal(200, (await api.Get(R + "/environments/production")).Code);
        Assert.Equal(200, (await api.Get(R + "/environments/prod%2Feu")).Code);
        Assert.Equal(404, (await api.Get(R + "/environments/nope")).Code);
        const string policies = R + "/environments/production/deployment-branch-policies";
        var policy = await api.Post(policies, new JsonObject { ["name"] = "release/*", ["type"] = "branch" });
        Assert.Equal(200, policy.Code);
        Assert.Equal(303, (await api.Post(policies, new JsonObject { ["name"] = "release/*", ["type"] = "branch" })).Code);
        Assert.Equal(404, (await api.Post(R + "/environments/prod%2Feu/deployment-branch-policies", new JsonObject { ["name"] = "main" })).Code);
        Assert.Equal(200, (await api.Get(policies)).Code);
        var policyId = policy.Json!["id"]!.ToString();
        Assert.Equal(200, (await api.Get(policies + "/" + policyId)).Code);
        Assert.Equal(200, (await api.Put(policies + "/" + policyId, new JsonObject { ["name"] = "release/v*" })).Code);
        Assert.Equal(204, (await api.Delete(policies + "/" + policyId)).Code);
        Assert.Equal(404, (await api.Get(policies + "/" + policyId)).Code);
        Assert.Equal(204, (await api.Delete(R + "/environments/prod%2Feu")).Code);

        // Actions settings.
        Assert.Equal(200, (await api.Get(R + "/actions/permissions")).Code);
        Assert.Equal(204, (await api.Put(R + "/actions/permissions", new JsonObject { ["enabled"] = true, ["allowed_actions"] = "selected", ["sha_pinning_required"] = true })).Code);
        Assert.Equal(200, (await api.Get(R + "/actions/permissions/selected-actions")).Code);
        Assert.Equal(204, (await api.Put(R + "/actions/permissions/selected-actions", new JsonObject { ["github_owned_allowed"] = true, ["patterns_allowed"] = new JsonArray("acme/*") })).Code);
        Assert.Equal(200, (await api.Get(R + "/actions/permissions/workflow")).Code);
        Assert.Equal(204, (await api.Put(R + "/actions/permissions/workflow", new JsonObject { ["default_workflow_permissions"] = "read", ["can_approve_pull_request_reviews"] = false })).Code);
        Assert.Equal(403, (await reader.Get(R + "/actions/permissions")).Code);
        gh.SetWorkflowPermissions("acme", "api", "write", true, lockedByOrg: true);
        Assert.Equal(409, (await api.Put(R + "/actions/permissions/workflow", new JsonObject { ["default_workflow_permissions"] = "read" })).Code);

        var seen = ContractAssert.LogConformsToSpec(gh);
        var unexercised = gh.Routes.Select(r => r.ToString()).Where(r => !seen.Contains(r)).ToList();
        Assert.True(unexercised.Count == 0, "Routes the scenario never exercised: " + string.Join(", ", unexercised));
    }
}
