using System.Text.Json;
using Json.Schema;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Cli;

/// <summary>The real <c>reconcile plan</c> on folders: output formats, exit codes, errors that don't stop the sweep.</summary>
public class PlanCommandTests
{
    private static readonly JsonSchema PlanSchema = JsonSchema.FromText(File.ReadAllText(Repo.PathOf("docs", "plan.schema.json")));

    private const string Drifting = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n";

    private const string InSync = "name: ci\non: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: npm test\n";

    [Fact]
    public async Task The_sample_org_plans_as_json_that_matches_the_documented_schema()
    {
        var result = await Support.Cli.RunAsync("plan", "--path", Repo.PathOf("examples", "org"), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var evaluation = PlanSchema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, string.Join("\n", (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var repos = doc.RootElement.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("in-sync", repos["acme-hardened"]);
        Assert.Equal("drift", repos["acme-python"]);
        Assert.Equal(5, repos.Count);
    }

    [Fact]
    public async Task Planning_is_deterministic()
    {
        var first = await Support.Cli.RunAsync("plan", "--path", Repo.PathOf("examples", "org"), "--format", "json");
        var second = await Support.Cli.RunAsync("plan", "--path", Repo.PathOf("examples", "org"), "--format", "json");
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task Text_output_has_a_status_line_findings_and_a_diff_per_repository()
    {
        using var tree = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("~ svc  drift", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("error root-permissions .github/workflows/ci.yml:1:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+permissions: {}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("settings rules were not checked", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detailed_exit_code_is_2_on_drift_and_0_when_in_sync()
    {
        using var drift = new TempTree().Write("a/.github/workflows/ci.yml", Drifting);
        using var clean = new TempTree().Write("a/.github/workflows/ci.yml", InSync).Write("a/" + UpdatesConfig.Path, UpdatesConfig.Text);
        Assert.Equal(2, (await Support.Cli.RunAsync("plan", "--path", drift.Root, "--detailed-exitcode")).ExitCode);
        Assert.Equal(0, (await Support.Cli.RunAsync("plan", "--path", drift.Root)).ExitCode);
        Assert.Equal(0, (await Support.Cli.RunAsync("plan", "--path", clean.Root, "--detailed-exitcode")).ExitCode);
    }

    [Fact]
    public async Task The_folder_host_reads_dependabot_and_renovate_configs_and_creates_dependabot_yml_without_them()
    {
        using var tree = new TempTree()
            .Write("renovate/.github/workflows/ci.yml", InSync).Write("renovate/.gitlab/renovate.json", "{}")
            .Write("dependabot/.github/workflows/ci.yml", InSync).Write("dependabot/.github/dependabot.yaml", UpdatesConfig.Text)
            .Write("neither/.github/workflows/ci.yml", InSync);
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var repos = doc.RootElement.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!);
        Assert.Equal("in-sync", repos["renovate"].GetProperty("status").GetString());
        Assert.Equal("in-sync", repos["dependabot"].GetProperty("status").GetString());
        Assert.Equal("drift", repos["neither"].GetProperty("status").GetString());
        var change = Assert.Single(repos["neither"].GetProperty("changes").EnumerateArray());
        Assert.Equal((".github/dependabot.yml", "create"), (change.GetProperty("path").GetString(), change.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_repository_with_a_broken_workflow_is_an_error_and_the_others_are_still_planned()
    {
        using var tree = new TempTree()
            .Write("broken/.github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: [ubuntu\n")
            .Write("fine/.github/workflows/ci.yml", Drifting);
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--format", "json", "--detailed-exitcode");
        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var repos = doc.RootElement.GetProperty("repositories").EnumerateArray().ToList();
        var broken = repos.Single(r => r.GetProperty("repository").GetString() == "broken");
        Assert.Equal("error", broken.GetProperty("status").GetString());
        Assert.Matches(@"^\.github/workflows/ci\.yml:\d+:\d+: invalid YAML", broken.GetProperty("error").GetString());
        Assert.Equal("drift", repos.Single(r => r.GetProperty("repository").GetString() == "fine").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Output_goes_to_a_file_when_asked()
    {
        using var tree = new TempTree().Write("a/.github/workflows/ci.yml", Drifting);
        var file = Path.Combine(tree.Root, "plan.json");
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--format", "json", "--output", file);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("summary").GetProperty("drift").GetInt32());
    }

    [Fact]
    public async Task A_malformed_policy_exits_1_with_every_error_located()
    {
        using var tree = new TempTree()
            .Write("policy.yml", "apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata:\n  name: Bad Name\nrules:\n  concurrency: {cancelInProgress: sometimes}\n")
            .Write("a/.github/workflows/ci.yml", Drifting);
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--policy", Path.Combine(tree.Root, "policy.yml"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("policy.yml:4:9: metadata.name:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("policy.yml:6:35: rules.concurrency.cancelInProgress: expected one of except-default-branch, never, found 'sometimes'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_repository_can_opt_out()
    {
        using var tree = new TempTree()
            .Write("a/.github/workflows/ci.yml", Drifting)
            .Write("a/.github/reconcile.yml", "enabled: false\n");
        var result = await Support.Cli.RunAsync("plan", "--path", tree.Root, "--format", "json");
        var repo = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("repositories")[0];
        Assert.Equal("skipped", repo.GetProperty("status").GetString());
        Assert.Contains("opted out", repo.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_path_is_a_clear_error()
    {
        var result = await Support.Cli.RunAsync("plan", "--path", "/nonexistent/reconcile");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such directory", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_repository_working_tree_is_planned_as_one_repository()
    {
        using var tree = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        var result = await Support.Cli.RunAsync("plan", "--path", Path.Combine(tree.Root, "svc"), "--format", "json");
        var repos = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("repositories");
        Assert.Equal("svc", Assert.Single(repos.EnumerateArray()).GetProperty("repository").GetString());
    }
}
