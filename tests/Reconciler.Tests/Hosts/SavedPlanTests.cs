using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Planning;
using Reconciler.Core.Rendering;
using Reconciler.Core.Repositories;

namespace Reconciler.Tests.Hosts;

/// <summary>What a saved plan can make apply do: request paths, file paths, and the saved entry against a fresh plan.</summary>
public sealed class SavedPlanTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    [InlineData("acme/svc", "repos/acme/svc")]
    [InlineData("acme/svc.js", "repos/acme/svc.js")]
    [InlineData("my_org/a-b_c", "repos/my_org/a-b_c")]
    public void A_repository_name_becomes_two_escaped_segments(string name, string path) => Assert.Equal(path, ApiPath.Repository(name));

    [Theory]
    [InlineData("acme/..")]
    [InlineData("acme/.")]
    [InlineData("../svc")]
    [InlineData("acme/svc/../other")]
    [InlineData("acme")]
    [InlineData("acme/svc?x=1")]
    [InlineData("acme/svc%2F..")]
    [InlineData("acme/s vc")]
    public void Anything_but_owner_slash_name_is_refused(string name)
    {
        Assert.False(ApiPath.IsRepositoryName(name));
        Assert.Throws<HostException>(() => ApiPath.Repository(name));
    }

    [Fact]
    public void Branch_names_keep_their_slashes_and_escape_the_rest_and_dot_segments_are_refused()
    {
        Assert.Equal("release/1.x", ApiPath.Segments("release/1.x"));
        Assert.Equal("a%3Fb/%23c", ApiPath.Segments("a?b/#c"));
        Assert.Equal("pypi%2Fproduction", ApiPath.Segment("pypi/production"));
        Assert.Throws<HostException>(() => ApiPath.Segments("../../other/branches/main"));
        Assert.Throws<HostException>(() => ApiPath.Segment(".."));
        Assert.Throws<HostException>(() => ApiPath.Segment(""));
    }

    [Theory]
    [InlineData(".github/actions/../../src/action.yml")]
    [InlineData(".github/workflows/../../x.yml")]
    [InlineData("./action.yml")]
    [InlineData(".github//workflows/ci.yml")]
    [InlineData("/action.yml")]
    [InlineData(".github\\workflows\\ci.yml")]
    [InlineData(".github/workflows/ci.yml\n")]
    public void A_path_not_in_normal_form_is_never_writable(string path) => Assert.False(FilesOfInterest.IsWritable(path, []));

    [Theory]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData(".github/actions/build/action.yml")]
    [InlineData("action.yml")]
    public void Normal_paths_of_files_the_rules_write_stay_writable(string path) => Assert.True(FilesOfInterest.IsWritable(path, []));

    [Theory]
    [InlineData("""{"schemaVersion":1,"policy":{"name":"p","digest":"d"},"repositories":[null]}""", "repositories[0]")]
    [InlineData("""{"schemaVersion":1,"policy":{"name":"p","digest":"d"},"repositories":[{"repository":"a/b","status":"drift","changes":[null]}]}""", "a finding or change of repositories[0]")]
    [InlineData("""{"schemaVersion":1,"policy":{"name":"p","digest":"d"},"repositories":[{"repository":"a/b","status":"drift","changes":[{"kind":"manual","target":"t","instructions":"i","rules":[null]}]}]}""", "a rule or explanation of repositories[0]")]
    public void A_plan_with_nulls_in_its_lists_is_a_located_json_error(string json, string where)
    {
        var ex = Assert.Throws<JsonException>(() => PlanJson.Deserialize(json));
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_alone_refuses_bad_names_duplicates_contradicting_statuses_and_drift_without_a_head()
    {
        var file = new FileChange { Path = ".github/workflows/ci.yml", Action = ChangeAction.Update, Content = "x", Diff = "d" };
        var plan = new Plan
        {
            Policy = new PlanPolicy("p", "d"),
            Repositories =
            [
                Drift("acme/a", file),
                Drift("ACME/A", file),
                Drift("acme/..", file),
                Drift("acme/b", file) with { Status = RepositoryStatus.InSync },
                Drift("acme/c", file) with { HeadSha = null },
                Drift("acme/d", file) with { HeadSha = "HEAD" },
                Drift("acme/e"),
                Drift("acme/f", file),
                new RepositoryPlan { Repository = "acme/g", Status = RepositoryStatus.Error },
                RepositoryPlan.Skipped("acme/h", "archived"),
            ],
        };

        var refused = SavedPlanCheck.CheckDocument(plan);
        Assert.Contains("lists acme/a 2 times", refused["acme/a"], StringComparison.Ordinal);
        Assert.Contains("is not a repository name", refused["acme/.."], StringComparison.Ordinal);
        Assert.Contains("its status 'in-sync' doesn't fit the entry (it lists 1 change(s))", refused["acme/b"], StringComparison.Ordinal);
        Assert.Contains("(defaultBranch, headSha)", refused["acme/c"], StringComparison.Ordinal);
        Assert.Contains("(defaultBranch, headSha)", refused["acme/d"], StringComparison.Ordinal);
        Assert.Contains("no changes and no unfixed error findings", refused["acme/e"], StringComparison.Ordinal);
        Assert.Contains("gives no error", refused["acme/g"], StringComparison.Ordinal);
        Assert.False(refused.ContainsKey("acme/f"));
        Assert.False(refused.ContainsKey("acme/h"));
    }

    [Fact]
    public void A_saved_entry_matches_only_the_fresh_plan_it_is()
    {
        var setting = new SettingChange { Target = "branch-protection:main", Action = ChangeAction.Create, Desired = new JsonObject { ["allow_force_pushes"] = false } };
        var file = new FileChange { Path = ".github/workflows/ci.yml", Action = ChangeAction.Update, Content = "x", Diff = "d", Explanations = ["why"] };
        var fresh = Drift("acme/a", file, setting);

        Assert.Null(SavedPlanCheck.Compare(fresh, fresh with { Changes = [.. fresh.Changes] }));
        Assert.Null(SavedPlanCheck.Compare(fresh, fresh with { Status = RepositoryStatus.InSync, Changes = [] }));
        Assert.Contains("GitHub didn't answer for it", SavedPlanCheck.Compare(fresh, null), StringComparison.Ordinal);
        Assert.Contains("main moved since the plan (planned at 0123456, now fedcba9)", SavedPlanCheck.Compare(fresh, fresh with { HeadSha = "fedcba9876543210fedcba9876543210fedcba98" }), StringComparison.Ordinal);
        Assert.Contains("the default branch changed since the plan (main → trunk)", SavedPlanCheck.Compare(fresh, fresh with { DefaultBranch = "trunk" }), StringComparison.Ordinal);
        Assert.Contains("planning it again failed (boom)", SavedPlanCheck.Compare(fresh, fresh with { Status = RepositoryStatus.Error, Error = "boom" }), StringComparison.Ordinal);

        var weaker = setting with { Desired = new JsonObject { ["allow_force_pushes"] = true } };
        Assert.Contains("'create branch-protection:main' differs in its desired value", SavedPlanCheck.Compare(fresh with { Changes = [file, weaker] }, fresh), StringComparison.Ordinal);
        Assert.Contains("differs in its content", SavedPlanCheck.Compare(fresh with { Changes = [file with { Content = "y" }, setting] }, fresh), StringComparison.Ordinal);
        Assert.Contains("differs in its explanations", SavedPlanCheck.Compare(fresh with { Changes = [file with { Explanations = ["nothing to see"] }, setting] }, fresh), StringComparison.Ordinal);
        Assert.Contains("the policy now makes setting change 'create branch-protection:main', which the plan doesn't list", SavedPlanCheck.Compare(fresh with { Changes = [file] }, fresh), StringComparison.Ordinal);
        Assert.Contains("'delete actions:workflow-permissions' is not a change the policy makes now", SavedPlanCheck.Compare(fresh with { Changes = [file, setting, new SettingChange { Target = "actions:workflow-permissions", Action = ChangeAction.Delete }] }, fresh), StringComparison.Ordinal);
    }

    private static RepositoryPlan Drift(string name, params PlannedChange[] changes) => new()
    {
        Repository = name,
        Status = RepositoryStatus.Drift,
        DefaultBranch = "main",
        HeadSha = Head,
        Changes = changes,
    };
}
