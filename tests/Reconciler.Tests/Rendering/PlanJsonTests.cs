using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Rendering;

namespace Reconciler.Tests.Rendering;

public class PlanJsonTests
{
    private static Plan PlanWith(params PlannedChange[] changes) => new()
    {
        Policy = new PlanPolicy("default", "sha256:0"),
        Repositories = [new RepositoryPlan { Repository = "acme/sdk", Status = RepositoryStatus.Drift, Changes = changes }],
    };

    private static JsonObject ChangeIn(string json, int index) => JsonNode.Parse(json)!["repositories"]![0]!["changes"]![index]!.AsObject();

    [Fact]
    public void A_setting_with_nothing_today_says_current_null()
    {
        var created = new SettingChange { Target = "environment:pypi-production", Action = ChangeAction.Create, Current = null, Desired = new JsonObject { ["wait_timer"] = 0 }, Rules = ["environment-protection"] };
        var json = PlanJson.Serialize(PlanWith(created));

        var change = ChangeIn(json, 0);
        Assert.True(change.ContainsKey("current"));
        Assert.Null(change["current"]);
        Assert.Equal(0, (int)change["desired"]!["wait_timer"]!);
        Assert.Contains("\"current\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_with_a_value_today_carries_it_and_other_nulls_stay_out()
    {
        var updated = new SettingChange { Target = "actions:workflow-permissions", Action = ChangeAction.Update, Current = new JsonObject { ["default_workflow_permissions"] = "write" }, Desired = new JsonObject { ["default_workflow_permissions"] = "read" } };
        var manual = new ManualChange { Target = "pypi:acme-sdk", Instructions = "bind the trusted publisher" };
        var json = PlanJson.Serialize(PlanWith(updated, manual));

        Assert.Equal("write", (string?)ChangeIn(json, 0)["current"]!["default_workflow_permissions"]);
        Assert.False(ChangeIn(json, 0).ContainsKey("reason")); // other absent values are still left out
        Assert.False(ChangeIn(json, 1).ContainsKey("current"));
        var repository = JsonNode.Parse(json)!["repositories"]![0]!.AsObject();
        Assert.False(repository.ContainsKey("error"));
    }

    [Fact]
    public void A_plan_with_current_null_reads_back_the_same()
    {
        var created = new SettingChange { Target = "environment:npm-production", Action = ChangeAction.Create, Desired = new JsonObject { ["deployment_branch_policy"] = null } };
        var json = PlanJson.Serialize(PlanWith(created));

        var read = (SettingChange)PlanJson.Deserialize(json).Repositories.Single().Changes.Single();
        Assert.Null(read.Current);
        Assert.Equal("environment:npm-production", read.Target);
        Assert.Equal(json, PlanJson.Serialize(PlanJson.Deserialize(json)));
    }
}
