using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.State;
using static Reconciler.Integration.Tests.Settings.SettingsScenario;

namespace Reconciler.Integration.Tests.Settings;

/// <summary><c>reconcile plan</c> reads repository settings from GitHub and plans them as current → desired.</summary>
public sealed class SettingsPlanTests
{
    [Fact]
    public async Task The_plan_shows_each_setting_change_with_current_and_desired()
    {
        await using var env = await StartAsync("svc");
        env.GitHub.SetWorkflowPermissions(Env.Org, "svc", "write", canApprovePullRequestReviews: true);

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.True(plan.Exit == 0, plan.ToString());
        Assert.Equal("drift", Status(plan, "svc"));
        var changes = SettingChanges(plan, "svc");
        Assert.Equal(
            ["actions:workflow-permissions", "branch-protection:main", $"environment:{EnvName}", $"environment:{EnvName}/deployment-branch-policy:main"],
            changes.Keys.Order(StringComparer.Ordinal));

        var environment = changes[$"environment:{EnvName}"];
        Assert.Equal("create", environment.GetProperty("action").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, environment.GetProperty("current").ValueKind); // nothing today
        Assert.True(environment.GetProperty("desired").GetProperty("deployment_branch_policy").GetProperty("custom_branch_policies").GetBoolean());
        Assert.Equal("main", changes[$"environment:{EnvName}/deployment-branch-policy:main"].GetProperty("desired").GetProperty("name").GetString());

        var protection = changes["branch-protection:main"].GetProperty("desired");
        Assert.Equal(1, protection.GetProperty("required_pull_request_reviews").GetProperty("required_approving_review_count").GetInt32());
        Assert.True(protection.GetProperty("required_pull_request_reviews").GetProperty("dismiss_stale_reviews").GetBoolean());
        Assert.False(protection.GetProperty("allow_force_pushes").GetBoolean());

        var token = changes["actions:workflow-permissions"];
        Assert.Equal("write", token.GetProperty("current").GetProperty("default_workflow_permissions").GetString());
        Assert.True(token.GetProperty("current").GetProperty("can_approve_pull_request_reviews").GetBoolean());
        Assert.Equal("read", token.GetProperty("desired").GetProperty("default_workflow_permissions").GetString());
        Assert.False(token.GetProperty("desired").GetProperty("can_approve_pull_request_reviews").GetBoolean());
        Assert.Contains(Findings(plan, "svc"), f => f.StartsWith("environment-protection: environment 'pypi-production' does not exist", StringComparison.Ordinal));

        var text = await env.RunAsync("plan", "--repo", "acme/svc", "--no-color");
        Assert.Contains("setting branch-protection:main: (absent) -> {", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not checked", text.Stdout + text.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_that_meet_the_policy_plan_no_change()
    {
        await using var env = await StartAsync("svc");
        env.MakeCompliant("svc", Hardened());

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.True(plan.Exit == 0, plan.ToString());
        Assert.Empty(SettingChanges(plan, "svc"));
        Assert.Equal("in-sync", Status(plan, "svc"));
    }

    [Fact]
    public async Task Environment_names_match_case_insensitively_as_on_GitHub()
    {
        await using var env = await StartAsync("svc");
        env.GitHub.SetBranchProtection(Env.Org, "svc", "main", Env.CompliantProtection());
        env.GitHub.AddEnvironment(Env.Org, "svc", "PyPI-Production", new EnvironmentSeed { BranchPolicy = (false, true), Policies = [("main", "branch")] });

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.True(plan.Exit == 0, plan.ToString());
        Assert.Empty(SettingChanges(plan, "svc"));
    }

    [Fact]
    public async Task A_ruleset_that_enforces_the_minimums_counts_and_classic_protection_is_neither_read_nor_added()
    {
        await using var env = await StartAsync("svc");
        env.MakeCompliant("svc", Hardened());
        env.GitHub.Inspect(s => s.FindRepo(Env.Org, "svc")!.Protection.Remove("main"));
        env.GitHub.AddRuleset(Env.Org, "svc", """
            {"name": "main", "target": "branch", "enforcement": "active",
             "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
             "rules": [
               {"type": "deletion"}, {"type": "non_fast_forward"},
               {"type": "pull_request", "parameters": {"required_approving_review_count": 2, "dismiss_stale_reviews_on_push": true,
                 "require_code_owner_review": false, "require_last_push_approval": false, "required_review_thread_resolution": false}}]}
            """);

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.True(plan.Exit == 0, plan.ToString());
        Assert.Equal("in-sync", Status(plan, "svc"));
        Assert.DoesNotContain(env.Log, e => e.Path.EndsWith("/protection", StringComparison.Ordinal));

        var mark = env.Mark;
        var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--yes");
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
        Assert.Null(env.GitHub.GetBranchProtection(Env.Org, "svc", "main"));
    }

    [Fact]
    public async Task A_ruleset_that_falls_short_does_not_count_and_classic_protection_fills_the_gap()
    {
        await using var env = await StartAsync("svc");
        env.GitHub.AddRuleset(Env.Org, "svc", """
            {"name": "no-deletion", "target": "branch", "enforcement": "active",
             "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}}, "rules": [{"type": "deletion"}]}
            """);

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        var protection = SettingChanges(plan, "svc")["branch-protection:main"];
        Assert.DoesNotContain("branch can be deleted", protection.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("force pushes are allowed", protection.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(env.Log, e => e.Path.EndsWith("/branches/main/protection", StringComparison.Ordinal) && e.Status == 404);
    }

    [Fact]
    public async Task Settings_are_read_only_when_their_rules_are_on_and_environments_only_where_there_are_workflows()
    {
        await using var env = await StartAsync("svc");
        env.GitHub.AddRepo(Env.Org, "lib", new RepoSeed { Files = Env.FilesOf(Path.Combine(Env.Examples, "acme-python")) });
        env.GitHub.AddRepo(Env.Org, "notes", new RepoSeed { Files = new Dictionary<string, string> { ["README.md"] = "# notes\n" } });

        var plan = await env.RunAsync("plan", "--repo", "acme/lib", "--repo", "acme/notes", "--format", "json");
        Assert.True(plan.Exit == 0, plan.ToString());
        Assert.DoesNotContain(env.Log, e => e.Path.StartsWith("/repos/acme/notes/environments", StringComparison.Ordinal));

        // Workflows that name no environment may still get a publishing job under a registry environment from the
        // rewrite, so the list is read; branch policies only for environments that exist.
        Assert.Contains(env.Log, e => e.Path == "/repos/acme/lib/environments");
        Assert.DoesNotContain(env.Log, e => e.Path.Contains("/deployment-branch-policies", StringComparison.Ordinal));
        Assert.Contains(env.Log, e => e.Path == "/repos/acme/lib/actions/permissions/workflow");
        Assert.DoesNotContain(env.Log, e => e.Path == "/repos/acme/lib/actions/permissions"); // SHA pinning not asked for

        var policy = await ApplyTests.WritePolicyAsync(p => p
            .Replace("  environment-protection: {}", "  environment-protection: {enabled: false}", StringComparison.Ordinal)
            .Replace("  branch-protection: {}", "  branch-protection: {enabled: false}", StringComparison.Ordinal)
            .Replace("  actions-settings: {}", "  actions-settings: {enabled: false}", StringComparison.Ordinal));
        try
        {
            var mark = env.Mark;
            var off = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json", "--policy", policy);
            Assert.True(off.Exit == 0, off.ToString());
            Assert.DoesNotContain(env.Since(mark), IsSettings);
            Assert.Empty(SettingChanges(off, "svc"));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task A_token_without_admin_on_one_repository_makes_that_repository_an_error_naming_what_is_missing_and_the_others_proceed()
    {
        await using var env = await StartAsync("svc", "other");
        env.Variables["GITHUB_TOKEN"] = env.GitHub.AddToken("maintainer", new TokenSeed { RepoAccess = new Dictionary<string, Access> { ["acme/svc"] = Access.Write } });

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--repo", "acme/other", "--format", "json");
        Assert.Equal(1, plan.Exit);
        Assert.Equal("error", Status(plan, "svc"));
        var error = PlanTests.Repositories(plan.Json)["acme/svc"].GetProperty("error").GetString()!;
        Assert.Contains("the token lacks admin on acme/svc (GET /repos/acme/svc/branches/main/protection answered 404 Not Found); an App needs the administration (read) permission", error, StringComparison.Ordinal);
        Assert.Contains("Actions settings could not be read: the token lacks admin on acme/svc (GET /repos/acme/svc/actions/permissions/workflow answered 403 Must have admin rights to Repository.)", error, StringComparison.Ordinal);
        Assert.Equal("drift", Status(plan, "other"));

        var mark = env.Mark;
        var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--repo", "acme/other", "--yes");
        Assert.Equal(1, apply.Exit);
        Assert.Contains("acme/svc: error: not applied, the plan failed: ", apply.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite && e.Path.StartsWith("/repos/acme/svc/", StringComparison.Ordinal));
        Assert.NotNull(env.GitHub.GetBranchProtection(Env.Org, "other", "main"));
        Assert.NotNull(env.GitHub.GetEnvironment(Env.Org, "other", EnvName));
        Assert.Null(env.GitHub.GetEnvironment(Env.Org, "svc", EnvName));
    }

    [Fact]
    public async Task A_GitHub_App_without_the_administration_permission_gets_an_error_naming_it()
    {
        await using var env = await StartAsync("svc");
        var app = env.GitHub.AddApp(4242, "reconcile-bot");
        env.GitHub.AddInstallation(app.Id, Env.Org, new System.Text.Json.Nodes.JsonObject
        {
            ["contents"] = "write",
            ["pull_requests"] = "write",
            ["workflows"] = "write",
            ["metadata"] = "read",
        });
        env.Variables["GITHUB_TOKEN"] = null;
        env.Variables["GITHUB_APP_ID"] = app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env.Variables["GITHUB_APP_PRIVATE_KEY"] = app.PrivateKeyPem;

        var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.Equal(1, plan.Exit);
        var error = PlanTests.Repositories(plan.Json)["acme/svc"].GetProperty("error").GetString()!;
        Assert.Contains("branch protection of 'main' could not be read: the token lacks admin on acme/svc", error, StringComparison.Ordinal);
        Assert.Contains("an App needs the administration (read) permission", error, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Log, e => e.IsWrite && e.Path.StartsWith("/repos/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_plan_says_settings_were_not_checked_and_a_github_plan_does_not()
    {
        await using var env = await Env.StartAsync();
        var folder = await env.RunAsync("plan", "--path", Env.Examples, "--no-color");
        Assert.Contains("settings rules were not checked", folder.Stdout + folder.Stderr, StringComparison.Ordinal);
        var github = await env.RunAsync("plan", "--org", Env.Org, "--no-color");
        Assert.DoesNotContain("not checked", github.Stdout + github.Stderr, StringComparison.Ordinal);
    }
}
