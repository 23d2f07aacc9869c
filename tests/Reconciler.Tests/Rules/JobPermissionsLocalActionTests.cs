using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

/// <summary>job-permissions through local composite actions and policy-declared actions and reusable workflows.</summary>
public class JobPermissionsLocalActionTests
{
    private const string UsesSetup = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setup\n";

    private static RuleRun Run(string workflow, Dictionary<string, string>? files = null, string policyActions = "") =>
        RuleRun.Of(new JobPermissionsRule(), workflow, policy: policyActions.Length > 0 ? RuleRun.PolicyWith(actions: policyActions) : null, otherFiles: files);

    private static string Composite(params string[] steps) =>
        "name: setup\nruns:\n  using: composite\n  steps:\n" + string.Concat(steps.Select(s => $"    - {s}\n"));

    [Fact]
    public void A_composite_action_s_steps_count_as_the_job_s_own()
    {
        var run = Run(UsesSetup, new() { [".github/actions/setup/action.yml"] = Composite("uses: actions/checkout@v6", "run: npm run build\n      shell: bash", "uses: softprops/action-gh-release@v2") });
        Assert.Contains("    permissions:\n      contents: write\n    steps:", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.Findings, f => f.Fixed && f.Message.Contains("contents: write for softprops/action-gh-release", StringComparison.Ordinal));

        // A command in the composite that may use the token makes the job unknown, as in the job itself.
        var withRelease = Run(UsesSetup, new() { [".github/actions/setup/action.yml"] = Composite("run: gh release create v1\n      shell: bash") });
        Assert.False(withRelease.Changed);
        Assert.Contains(withRelease.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("`gh release create v1` in step 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_composite_action_that_only_builds_needs_contents_read_and_action_yaml_is_read_too()
    {
        var run = Run(UsesSetup, new() { [".github/actions/setup/action.yaml"] = Composite("uses: actions/setup-python@v6", "run: npm ci && npm run build\n      shell: bash") });
        Assert.Contains("    permissions:\n      contents: read\n    steps:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_grant_is_narrowed_through_a_composite_action()
    {
        var run = Run(UsesSetup.Replace("    steps:", "    permissions: write-all\n    steps:", StringComparison.Ordinal), new() { [".github/actions/setup/action.yml"] = Composite("run: dotnet build -c Release\n      shell: bash") });
        Assert.Contains("    permissions:\n      contents: read\n    steps:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_composites_resolve_from_the_repository_root_and_a_cycle_is_cut()
    {
        var files = new Dictionary<string, string>
        {
            [".github/actions/setup/action.yml"] = Composite("uses: ./.github/actions/tag", "run: cargo build\n      shell: bash"),
            [".github/actions/tag/action.yml"] = Composite("uses: ./.github/actions/setup", "uses: ncipollo/release-action@v1"),
        };
        var run = Run(UsesSetup, files);
        Assert.Contains("    permissions:\n      contents: write\n    steps:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Findings, f => f.Message.Contains("can't assess", StringComparison.Ordinal));
    }

    [Fact]
    public void An_action_repository_testing_itself_with_uses_dot_slash_is_read_from_its_root_action_yml()
    {
        var run = Run(UsesSetup.Replace("./.github/actions/setup", "./", StringComparison.Ordinal), new() { ["action.yml"] = Composite("run: go vet ./... && go test ./...\n      shell: bash") });
        Assert.Contains("    permissions:\n      contents: read\n    steps:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Findings, f => f.Message.Contains("can't assess", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_or_docker_local_action_stays_unknown_and_the_grant_is_kept()
    {
        var withGrant = UsesSetup.Replace("    steps:", "    permissions:\n      contents: write\n    steps:", StringComparison.Ordinal);
        var run = Run(withGrant, new() { [".github/actions/setup/action.yml"] = "runs:\n  using: node20\n  main: index.js\n" });
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("`./.github/actions/setup` runs `node20` code Reconcile can't read", StringComparison.Ordinal));
    }

    [Fact]
    public void A_local_action_without_metadata_says_to_add_its_action_yml()
    {
        var run = Run(UsesSetup);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("What to do: add .github/actions/setup/action.yml (neither it nor action.yaml was found)", StringComparison.Ordinal));
        var elsewhere = Run(UsesSetup.Replace("./.github/actions/setup", "./tools/setup", StringComparison.Ordinal), new() { ["tools/setup/action.yml"] = Composite("run: make\n      shell: bash") });
        Assert.Contains(elsewhere.Findings, f => f.Message.Contains("move `./tools/setup` below .github/actions/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_remote_action_unknown_to_the_policy_says_how_to_declare_it()
    {
        var run = Run("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: my-org/setup-action@v2\n");
        Assert.Contains(run.Findings, f => f.Message.Contains("declare what `my-org/setup-action` needs under `actions.permissions` in the policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_declared_actions_and_reusable_workflows_are_known()
    {
        const string policy = "  permissions:\n    my-org/setup-action: {}\n    my-org/shared/.github/workflows/verify.yml: {contents: read, pull-requests: write}\n";
        var step = Run("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - uses: my-org/setup-action@v2\n", policyActions: policy);
        Assert.Contains("    permissions:\n      contents: read\n    steps:", step.Output, StringComparison.Ordinal);

        var call = Run("on: push\njobs:\n  verify:\n    uses: my-org/shared/.github/workflows/verify.yml@v1\n", policyActions: policy);
        Assert.Equal("on: push\njobs:\n  verify:\n    uses: my-org/shared/.github/workflows/verify.yml@v1\n    permissions:\n      contents: read\n      pull-requests: write\n", call.Output);
        Assert.DoesNotContain(call.Findings, f => f.Message.Contains("can't assess", StringComparison.Ordinal));
    }

    [Fact]
    public void A_composite_action_using_a_policy_declared_action_gets_its_grant()
    {
        var run = Run(UsesSetup, new() { [".github/actions/setup/action.yml"] = Composite("uses: my-org/release-notes@v1") }, "  permissions:\n    my-org/release-*: {contents: write}\n");
        Assert.Contains("    permissions:\n      contents: write\n    steps:", run.Output, StringComparison.Ordinal);
    }
}
