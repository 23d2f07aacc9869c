using System.Diagnostics;
using System.Text.Json;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Planning;

/// <summary><c>.github/reconcile.yml</c>: a repository's opt-out never reads as "go ahead" unless it says so.</summary>
public class OptOutTests
{
    private const string Drifting = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

    private static async Task<Dictionary<string, JsonElement>> PlanAsync(string optOut)
    {
        using var org = new TempTree()
            .Write("neighbour/.github/workflows/ci.yml", Drifting)
            .Write("repo/.github/workflows/ci.yml", Drifting)
            .Write("repo/.github/reconcile.yml", optOut);
        return await PlanAsync(org);
    }

    private static async Task<Dictionary<string, JsonElement>> PlanAsync(TempTree org)
    {
        var run = await Support.Cli.RunAsync("plan", "--path", org.Root, "--format", "json");
        var repos = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repositories").EnumerateArray()
            .ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.Clone());
        Assert.Equal("drift", repos["neighbour"].GetProperty("status").GetString());
        return repos;
    }

    [Theory]
    [InlineData("enabled: false\n", "false")]
    [InlineData("enabled: False\n", "False")]
    [InlineData("enabled: FALSE\n", "FALSE")]
    [InlineData("enabled: no\n", "no")]
    [InlineData("enabled: No\n", "No")]
    [InlineData("enabled: off\n", "off")]
    [InlineData("enabled: OFF\n", "OFF")]
    [InlineData("enabled: n\n", "n")]
    [InlineData("enabled: \"false\"\n", "false")]
    [InlineData("# opted out while we migrate\nenabled: 'off'  # see ticket\n", "off")]
    public async Task Every_yaml_spelling_of_false_opts_out(string file, string said)
    {
        var repo = (await PlanAsync(file))["repo"];
        Assert.Equal("skipped", repo.GetProperty("status").GetString());
        Assert.Equal($"opted out (.github/reconcile.yml sets enabled: {said})", repo.GetProperty("reason").GetString());
        Assert.Empty(repo.GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [InlineData("enabled: true\n")]
    [InlineData("enabled: Yes\n")]
    [InlineData("enabled: on\n")]
    [InlineData("owner: team-sdk\n")]
    [InlineData("# nothing yet\n")]
    [InlineData("")]
    public async Task True_or_no_enabled_key_plans_the_repository(string file)
    {
        Assert.Equal("drift", (await PlanAsync(file))["repo"].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("enabled: [false\n", 2, null)]
    [InlineData("enabled: maybe\n", 1, 10)]
    [InlineData("enabled: 0\n", 1, 10)]
    [InlineData("enabled:\n", 1, 9)]
    [InlineData("enabled: {value: false}\n", 1, 10)]
    [InlineData("- enabled: false\n", 1, 1)]
    [InlineData("false\n", 1, 1)]
    public async Task A_malformed_opt_out_skips_the_repository_with_a_located_finding(string file, int line, int? column)
    {
        var repo = (await PlanAsync(file))["repo"];
        Assert.Equal("skipped", repo.GetProperty("status").GetString());
        Assert.Contains("not planned until it is fixed", repo.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(repo.GetProperty("changes").EnumerateArray());
        var finding = Assert.Single(repo.GetProperty("findings").EnumerateArray());
        Assert.Equal("opt-out", finding.GetProperty("rule").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(".github/reconcile.yml", finding.GetProperty("path").GetString());
        Assert.Equal(line, finding.GetProperty("line").GetInt32());
        if (column is { } c)
        {
            Assert.Equal(c, finding.GetProperty("column").GetInt32());
        }
    }

    [Fact]
    public async Task An_unreadable_opt_out_file_skips_the_repository_until_fixed()
    {
        using var org = new TempTree()
            .Write("neighbour/.github/workflows/ci.yml", Drifting)
            .Write("repo/.github/workflows/ci.yml", Drifting);
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(org.Root, "repo", ".github", "reconcile.yml")))
        {
            mkfifo.WaitForExit();
        }

        var repo = (await PlanAsync(org))["repo"];

        Assert.Equal("skipped", repo.GetProperty("status").GetString());
        Assert.Equal("the opt-out file can't be read (.github/reconcile.yml is not a regular file (a FIFO); not read); not planned until it is fixed", repo.GetProperty("reason").GetString());
        Assert.Equal("opt-out", Assert.Single(repo.GetProperty("findings").EnumerateArray()).GetProperty("rule").GetString());
    }
}
