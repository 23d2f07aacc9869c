using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rendering;

public class PlanSarifTests
{
    private static JsonNode Render(string workflow)
    {
        var planner = new Planner(PolicyLoader.LoadBuiltIn());
        var snapshot = new RepositorySnapshot
        {
            FullName = "acme/sdk",
            DefaultBranch = "main",
            Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = workflow, [".github/workflows/bad.yml"] = "on: push\njobs: [\n" },
        };
        return JsonNode.Parse(PlanSarif.Render(planner.Assemble([planner.PlanRepository(snapshot)])))!;
    }

    [Fact]
    public void Every_finding_is_a_result_with_its_rule_file_and_line()
    {
        var sarif = Render("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@main\n");
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        var run = sarif["runs"]!.AsArray().Single()!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        var results = run["results"]!.AsArray();
        var branch = results.Single(r => (string?)r!["ruleId"] == "pinned-actions")!;
        Assert.Equal("error", (string?)branch["level"]);
        var location = branch["locations"]![0]!["physicalLocation"]!;
        Assert.Equal(".github/workflows/ci.yml", (string?)location["artifactLocation"]!["uri"]);
        Assert.Equal(6, (int)location["region"]!["startLine"]!);
        Assert.Equal("pinned-actions", (string?)rules[(int)branch["ruleIndex"]!]!["id"]);
        Assert.Equal(new PinnedActionsRule().Help, (string?)rules[(int)branch["ruleIndex"]!]!["help"]!["text"]);

        var syntax = results.Single(r => (string?)r!["ruleId"] == Planner.SyntaxRuleId)!;
        Assert.Equal(Planner.SyntaxRuleId, (string?)rules[(int)syntax["ruleIndex"]!]!["id"]);
        Assert.Contains(results, r => (bool)r!["properties"]!["fixed"]! && (string?)r["ruleId"] == "root-permissions");
    }

    [Fact]
    public void Rule_metadata_covers_the_whole_catalogue()
    {
        var run = Render("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n")["runs"]![0]!;
        var ids = run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.All(RuleCatalog.All, r => Assert.Contains(r.Id, ids));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task The_plan_command_writes_sarif()
    {
        var input = new Golden.GoldenCase("fern-python-poetry").Input;
        var stdout = new StringWriter();
        var code = await Reconciler.Cli.CliApp.RunAsync(["plan", "--path", input, "--format", "sarif"], stdout, new StringWriter());
        Assert.Equal(0, code);
        var results = JsonNode.Parse(stdout.ToString())!["runs"]![0]!["results"]!.AsArray();
        Assert.Contains(results, r => (string?)r!["ruleId"] == "concurrency");
    }
}
