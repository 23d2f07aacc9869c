using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class JobPermissionsRuleTests
{
    private static RuleRun Run(string workflow, IReadOnlyDictionary<string, string>? files = null) => RuleRun.Of(new JobPermissionsRule(), workflow, otherFiles: files);

    [Fact]
    public void A_checkout_only_job_gets_contents_read_before_its_steps()
    {
        var run = Run("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: make test\n");
        Assert.Equal("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v6\n      - run: make test\n", run.Output);
        Assert.Contains(run.Findings, f => f.Rule == "job-permissions" && f.Fixed && f.Line == 3);
    }

    [Fact]
    public void Release_commands_and_actions_need_contents_write()
    {
        var run = Run("on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: gh release create v1 dist/*\n");
        Assert.Contains("    permissions:\n      contents: write\n", run.Output, StringComparison.Ordinal);
        var push = Run("on: push\njobs:\n  tag:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          git tag v1\n          git push origin v1\n");
        Assert.Contains("      contents: write\n", push.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trusted_publishing_needs_id_token_and_is_reported_without_an_environment()
    {
        const string gated = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    steps:\n      - uses: actions/download-artifact@v8\n      - uses: pypa/gh-action-pypi-publish@v1.14.0\n";
        var run = Run(gated);
        Assert.Contains("    permissions:\n      contents: read\n      id-token: write\n    steps:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Findings, f => f.Message.Contains("without an `environment:`", StringComparison.Ordinal));

        var ungated = Run(gated.Replace("    environment: pypi\n", "", StringComparison.Ordinal));
        Assert.Contains(ungated.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("without an `environment:`", StringComparison.Ordinal));
    }

    [Fact]
    public void Sarif_upload_and_pages_deploys_get_their_scopes()
    {
        var run = Run("on: push\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/upload-sarif@v4\n  deploy:\n    runs-on: ubuntu-latest\n    environment: github-pages\n    steps:\n      - uses: actions/deploy-pages@v4\n");
        Assert.Contains("    permissions:\n      contents: read\n      security-events: write\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("    permissions:\n      contents: read\n      id-token: write\n      pages: write\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_grant_is_narrowed_but_never_widened_and_keeps_its_comments()
    {
        const string before = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      # for checkout\n      contents: read\n      # left over\n      issues: write\n    steps:\n      - uses: actions/checkout@v6\n      - run: git push origin HEAD\n";
        var run = Run(before);
        Assert.Equal("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      # for checkout\n      contents: read\n    steps:\n      - uses: actions/checkout@v6\n      - run: git push origin HEAD\n", run.Output);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("contents: write for git push", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_all_becomes_the_computed_grant()
    {
        var run = Run("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - uses: actions/checkout@v6\n");
        Assert.Contains("    permissions:\n      contents: read\n    steps:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_actions_keep_the_job_grant_and_say_so()
    {
        const string before = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - uses: some-org/mystery-action@v1\n";
        var run = Run(before);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("some-org/mystery-action", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_actions_under_a_root_grant_get_a_copy_of_it()
    {
        var run = Run("on: push\npermissions:\n  contents: write\n  packages: write\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n");
        Assert.Contains("    permissions:\n      contents: write\n      packages: write\n    steps:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_reusable_workflow_caller_gets_what_the_callee_needs()
    {
        var callee = "on: workflow_call\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: gh release create v1\n";
        var run = Run("on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    with:\n      x: 1\n", new Dictionary<string, string> { [".github/workflows/release.yml"] = callee });
        Assert.Equal("on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    permissions:\n      contents: write\n    with:\n      x: 1\n", run.Output);
    }

    [Fact]
    public void A_remote_reusable_workflow_caller_is_reported_as_unknown()
    {
        var run = Run("on: push\njobs:\n  call:\n    uses: acme/shared/.github/workflows/verify.yml@v1\n");
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("acme/shared/.github/workflows/verify.yml@v1", StringComparison.Ordinal));
        Assert.Contains("    permissions:\n      contents: read\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_publishing_upload_keeps_id_token_only_when_granted()
    {
        const string withToken = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: npm\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - run: npm publish --access public\n";
        Assert.False(Run(withToken).Changed);
        var without = Run("on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish --access public\n");
        Assert.DoesNotContain("id-token", without.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_under_an_empty_root_grant_that_needs_nothing_more_is_left_alone()
    {
        Assert.False(Run("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n").Changed);
    }

    [Fact]
    public void Anchored_permissions_are_reported_not_edited()
    {
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: &perms\n      contents: write\n    steps:\n      - uses: actions/checkout@v6\n  b:\n    runs-on: ubuntu-latest\n    permissions: *perms\n    steps:\n      - uses: actions/checkout@v6\n");
        Assert.False(run.Changed);
        Assert.Equal(2, run.Findings.Count(f => f.Message.Contains("anchor or alias", StringComparison.Ordinal)));
    }

    [Fact]
    public void Npm_provenance_from_the_environment_needs_id_token()
    {
        var run = Run("on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: npm\n    steps:\n      - run: npm publish\n        env:\n          NPM_CONFIG_PROVENANCE: true\n");
        Assert.Contains("    permissions:\n      contents: read\n      id-token: write\n", run.Output, StringComparison.Ordinal);
    }
}
