using System.Text;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Planning;

/// <summary>
/// A hostile repository ends as its own located error, and the sweep still plans its neighbour.
/// Every input is generated here; each used to crash the process or run for minutes.
/// </summary>
public class HostileRepositoryTests
{
    private const string Neighbour = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

    private static async Task<Plan> SweepAsync(string hostileWorkflow, Planner? planner = null)
    {
        using var tree = new TempTree()
            .Write("hostile/.github/workflows/ci.yml", hostileWorkflow)
            .Write("neighbour/.github/workflows/ci.yml", Neighbour);
        var policy = PolicyLoader.LoadBuiltIn();
        return await PlanSweep.RunAsync(new FolderHost(tree.Root, policy.Spec.Generators.IgnoreFiles), planner ?? new Planner(policy), CancellationToken.None);
    }

    private static RepositoryPlan Of(Plan plan, string name) => Assert.Single(plan.Repositories, r => r.Repository == name);

    private static void AssertNeighbourPlanned(Plan plan) => Assert.NotEqual(RepositoryStatus.Error, Of(plan, "neighbour").Status);

    public static TheoryData<string, string, string> DeepNesting() => new()
    {
        // 5,000 levels; the mapping at the root is level 1, so level 257 is the 256th bracket or dash.
        { "flow sequences", "on: push\nx: " + new string('[', 5000) + new string(']', 5000) + "\n", "2:259" },
        { "block sequences", "on: push\nx:\n" + string.Concat(Enumerable.Repeat("- ", 5000)) + "x\n", "3:511" },
        { "flow mappings", "on: push\nx: " + string.Concat(Enumerable.Repeat("{a: ", 5000)) + "1" + new string('}', 5000) + "\n", "2:1024" },
    };

    [Theory]
    [MemberData(nameof(DeepNesting))]
    public async Task Deep_nesting_is_a_located_error_of_its_repository(string shape, string workflow, string position)
    {
        var plan = await SweepAsync(workflow);

        var hostile = Of(plan, "hostile");
        Assert.Equal(RepositoryStatus.Error, hostile.Status);
        Assert.True(hostile.Error == $".github/workflows/ci.yml:{position}: invalid YAML: nested more than 256 levels deep", $"{shape}: {hostile.Error}");
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_mapping_of_96000_keys_is_refused_at_the_key_past_the_cap()
    {
        // About a megabyte, just under the folder host's file size limit.
        var workflow = new StringBuilder("on: push\n");
        for (var i = 0; i < 96_000; i++)
        {
            workflow.Append('k').Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append(": 1\n");
        }

        var plan = await SweepAsync(workflow.ToString());

        // "on" is the first key, so key 10,001 is on line 10,001.
        Assert.Equal(".github/workflows/ci.yml:10001:1: invalid YAML: more than 10000 keys in one mapping", Of(plan, "hostile").Error);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_duplicate_key_at_the_end_of_a_large_mapping_is_found()
    {
        var workflow = new StringBuilder("on: push\nenv:\n");
        for (var i = 0; i < 9_999; i++)
        {
            workflow.Append("  K").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(": v\n");
        }

        workflow.Append("  K17: again\n");
        var plan = await SweepAsync(workflow.ToString());

        Assert.Equal(".github/workflows/ci.yml:10002:3: invalid YAML: duplicate key 'K17'", Of(plan, "hostile").Error);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_170_byte_poetry_line_is_planned()
    {
        // Exponential for the old pattern poetry\s+(--?[\w-]+\s+)*publish: two ways to read each "--a".
        var line = "poetry " + string.Concat(Enumerable.Repeat("--a ", 40)) + "x";
        Assert.Equal(168, line.Length);
        var workflow = $"on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {line}\n";

        var plan = await SweepAsync(workflow);

        Assert.NotEqual(RepositoryStatus.Error, Of(plan, "hostile").Status);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_line_of_gradle_and_mvn_a_megabyte_long_is_planned()
    {
        // Quadratic for [^\n]* after each of the 180,000 command names.
        var line = string.Concat(Enumerable.Repeat("gradle mvn ", 90_000));
        var workflow = $"on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {line}\n";

        var plan = await SweepAsync(workflow);

        Assert.NotEqual(RepositoryStatus.Error, Of(plan, "hostile").Status);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_tab_is_reported_at_its_own_line_and_column()
    {
        var plan = await SweepAsync("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n\tsteps: []\n");

        Assert.Equal(".github/workflows/ci.yml:5:1: invalid YAML: a tab in indentation (YAML indents with spaces only)", Of(plan, "hostile").Error);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_tab_after_a_compact_dash_is_reported_on_its_own_line()
    {
        var plan = await SweepAsync("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      -\t- run: echo\n\t\n");

        Assert.Equal(".github/workflows/ci.yml:6:8: invalid YAML: a tab in indentation (YAML indents with spaces only)", Of(plan, "hostile").Error);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_line_repeating_a_computed_secrets_index_gives_a_few_short_findings()
    {
        // Each `secrets[` used to quote the rest of the line: quadratic text, gigabytes for 64 KiB.
        var line = string.Concat(Enumerable.Repeat("secrets[ ", 8_000));
        var plan = await SweepAsync($"on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ {line} }}}}\n");

        var findings = Of(plan, "hostile").Findings.Where(f => f.Rule == "overprovisioned-secrets").ToList();
        Assert.Equal(10, findings.Count);
        Assert.All(findings, f => Assert.True(f.Message.Length < 400, f.Message));
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task Past_the_planning_budget_a_repository_is_too_complex_to_plan_and_the_sweep_goes_on()
    {
        var plan = await SweepAsync(Neighbour, new Planner(PolicyLoader.LoadBuiltIn()) { Budget = TimeSpan.Zero });

        Assert.Equal(["hostile", "neighbour"], plan.Repositories.Select(r => r.Repository));
        Assert.All(plan.Repositories, r =>
        {
            Assert.Equal(RepositoryStatus.Error, r.Status);
            Assert.Equal("too complex to plan: took longer than the 0 s planning budget", r.Error);
        });
    }

    [Fact]
    public async Task The_command_line_reports_the_hostile_repository_and_plans_its_neighbour()
    {
        using var tree = new TempTree()
            .Write("hostile/.github/workflows/ci.yml", "on: push\nx:\n" + string.Concat(Enumerable.Repeat("- ", 5000)) + "x\n")
            .Write("neighbour/.github/workflows/ci.yml", Neighbour);

        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--plan-budget", "60", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var repositories = json.RootElement.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!);
        Assert.Equal("error", repositories["hostile"].GetProperty("status").GetString());
        Assert.Equal(".github/workflows/ci.yml:3:511: invalid YAML: nested more than 256 levels deep", repositories["hostile"].GetProperty("error").GetString());
        Assert.NotEqual("error", repositories["neighbour"].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public async Task A_planning_budget_must_be_a_positive_number_of_seconds(string seconds)
    {
        using var tree = new TempTree().Write("a/.github/workflows/ci.yml", Neighbour);

        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--plan-budget", seconds);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: --plan-budget takes seconds, more than 0 and at most 86400", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pattern_match_that_runs_past_its_timeout_makes_the_repository_too_complex_to_plan()
    {
        // Each of the 70,000 "github.event." starts a lazy scan to the end of the run: some 10^10 steps.
        var expression = string.Concat(Enumerable.Repeat("github.event.", 70_000));
        var workflow = $"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ {expression} }}}}\"\n";

        var plan = await SweepAsync(workflow);

        Assert.Equal($"too complex to plan: a pattern match over its files took longer than {PlanningLimits.RegexTimeoutMilliseconds} ms", Of(plan, "hostile").Error);
        AssertNeighbourPlanned(plan);
    }

    [Fact]
    public async Task A_long_line_of_poetry_versions_is_planned()
    {
        // Quadratic for a lookbehind that scanned back to the line's start after each "--version".
        var line = "poetry self update " + string.Concat(Enumerable.Repeat("--version 1.0 ", 70_000));
        var workflow = $"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {line}\n";

        var plan = await SweepAsync(workflow);

        Assert.NotEqual(RepositoryStatus.Error, Of(plan, "hostile").Status);
        AssertNeighbourPlanned(plan);
    }
}
