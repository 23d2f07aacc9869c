using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class JobPermissionsRuleTests
{
    private static RuleRun Run(string workflow, IReadOnlyDictionary<string, string>? files = null) => RuleRun.Of(new JobPermissionsRule(), workflow, otherFiles: files);

    [Fact]
    public void A_checkout_only_job_gets_contents_read_before_its_steps()
    {
        var run = Run("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: npm ci && npm test\n");
        Assert.Equal("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v6\n      - run: npm ci && npm test\n", run.Output);
        Assert.Contains(run.Findings, f => f.Rule == "job-permissions" && f.Fixed && f.Line == 3);
    }

    [Fact]
    public void Release_actions_need_contents_write()
    {
        var run = Run("on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - uses: softprops/action-gh-release@v2\n");
        Assert.Contains("    permissions:\n      contents: write\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_commands_on_the_default_token_get_no_grant_and_a_warning_naming_the_step()
    {
        var run = Run("on: push\njobs:\n  tag:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - name: Tag\n        run: |\n          git tag v1\n          git push origin v1\n");
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Line == 3
            && f.Message.Contains("job tag has the repository's default token permissions and runs `git tag v1` in step 2 (Tag)", StringComparison.Ordinal));
    }

    [Fact]
    public void Trusted_publishing_keeps_id_token_and_is_reported_without_an_environment()
    {
        const string gated = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions: write-all\n    steps:\n      - uses: actions/download-artifact@v8\n      - uses: pypa/gh-action-pypi-publish@v1.14.0\n";
        var run = Run(gated);
        Assert.Contains("    permissions:\n      contents: read\n      id-token: write\n    steps:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Findings, f => f.Message.Contains("without an `environment:`", StringComparison.Ordinal));

        var ungated = Run(gated.Replace("    environment: pypi\n", "", StringComparison.Ordinal));
        Assert.Contains(ungated.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("without an `environment:`", StringComparison.Ordinal));
    }

    [Fact]
    public void Sarif_upload_and_pages_deploys_get_their_scopes()
    {
        var run = Run("on: push\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/upload-sarif@v4\n  deploy:\n    runs-on: ubuntu-latest\n    environment: github-pages\n    permissions: write-all\n    steps:\n      - uses: actions/deploy-pages@v4\n");
        Assert.Contains("    permissions:\n      contents: read\n      security-events: write\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("    permissions:\n      contents: read\n      id-token: write\n      pages: write\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_grant_is_narrowed_but_never_widened_and_keeps_its_comments()
    {
        const string before = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      # for checkout\n      contents: read\n      # left over\n      issues: write\n    steps:\n      - uses: actions/checkout@v6\n      - uses: ncipollo/release-action@v1\n";
        var run = Run(before);
        Assert.Equal("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      # for checkout\n      contents: read\n    steps:\n      - uses: actions/checkout@v6\n      - uses: ncipollo/release-action@v1\n", run.Output);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("contents: write for ncipollo/release-action", StringComparison.Ordinal));
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
        var callee = "on: workflow_call\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - uses: softprops/action-gh-release@v2\n";
        var run = Run("on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    with:\n      x: 1\n", new Dictionary<string, string> { [".github/workflows/release.yml"] = callee });
        Assert.Equal("on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    permissions:\n      contents: write\n    with:\n      x: 1\n", run.Output);
    }

    [Fact]
    public void A_remote_reusable_workflow_caller_is_reported_as_unknown()
    {
        var run = Run("on: push\njobs:\n  call:\n    uses: acme/shared/.github/workflows/verify.yml@v1\n");
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("acme/shared/.github/workflows/verify.yml@v1", StringComparison.Ordinal));
        Assert.False(run.Changed);
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
    public void Npm_provenance_from_the_environment_is_a_publish_that_keeps_the_grant()
    {
        var run = Run("on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: npm\n    permissions:\n      contents: write\n      id-token: write\n    steps:\n      - name: Publish\n        run: npm publish\n        env:\n          NPM_CONFIG_PROVENANCE: true\n");
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("runs `npm publish` in step 1 (Publish), which Reconcile can't assess; its grant (contents: write, id-token: write) was kept", StringComparison.Ordinal));
    }

    [Fact]
    public void A_semantic_release_job_keeps_every_grant_it_has()
    {
        const string before = "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    environment: npm\n    permissions:\n      contents: write # tags and GitHub releases\n      issues: write # comments on released issues\n      pull-requests: write\n      id-token: write # npm provenance\n    steps:\n      - uses: actions/checkout@v6\n      - run: npm ci\n      - name: Release\n        run: npx semantic-release\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n";
        var run = Run(before);
        Assert.False(run.Changed);
        var note = Assert.Single(run.Findings, f => f.Rule == "job-permissions" && f.Severity == Severity.Note);
        Assert.Contains("step 3 (Release)", note.Message, StringComparison.Ordinal);
        Assert.Contains("was kept", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bundle exec rake release", "contents: write")]
    [InlineData("bash ./bin/publish-pypi", "id-token: write")]
    [InlineData("./bin/publish-npm", "contents: read, id-token: write")]
    [InlineData("make release", "contents: write, packages: write")]
    [InlineData("python scripts/release.py --tag", "contents: write")]
    public void A_repository_script_or_release_task_keeps_the_grant_moved_onto_the_job(string command, string grant)
    {
        var root = string.Concat(grant.Split(", ").Select(g => $"  {g}\n"));
        var run = Run($"on: push\npermissions:\n{root}jobs:\n  release:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v6\n      - run: {command}\n");
        var moved = string.Concat(grant.Split(", ").Select(g => $"      {g}\n"));
        Assert.Contains($"    environment: production\n    permissions:\n{moved}    steps:", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.Findings, f => f.Message.Contains($"`{command}` in step 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("      - run: npm ci\n        env:\n          GH_TOKEN: ${{ github.token }}\n")]
    [InlineData("      - run: |\n          curl -H \"Authorization: Bearer ${{ secrets.GITHUB_TOKEN }}\" https://api.github.com/repos/acme/sdk\n")]
    [InlineData("      - uses: docker://alpine:3\n        with:\n          args: ${{ github['token'] }}\n")]
    [InlineData("      - run: print('hi')\n        shell: python\n")]
    public void A_step_handed_the_token_or_run_by_an_unknown_shell_keeps_the_grant(string step)
    {
        var run = Run($"on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n{step}");
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("in step 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_env_that_hands_out_the_token_keeps_the_grant()
    {
        var run = Run("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n    steps:\n      - run: npm test\n");
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Message.Contains("`the job's token` in the job's env:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_authenticating_with_a_password_never_gains_id_token()
    {
        const string steps = "    steps:\n      - uses: actions/download-artifact@v8\n      - uses: pypa/gh-action-pypi-publish@v1.14.0\n        with:\n          password: ${{ secrets.PYPI_TOKEN }}\n";
        var bare = Run("on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n" + steps);
        Assert.Contains("    permissions:\n      contents: read\n    steps:", bare.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("id-token", bare.Output, StringComparison.Ordinal);
        Assert.Contains(bare.Findings, f => f.Severity == Severity.Note && f.Message.Contains("may need id-token: write for pypa/gh-action-pypi-publish, which it doesn't have; not added", StringComparison.Ordinal));

        var underRoot = Run("on: push\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: ubuntu-latest\n" + steps);
        Assert.DoesNotContain("id-token", underRoot.Output, StringComparison.Ordinal);

        var pages = Run("on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: github-pages\n    steps:\n      - uses: actions/deploy-pages@v4\n");
        Assert.Contains("    permissions:\n      contents: read\n      pages: write\n    steps:", pages.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_explaining_a_grant_stays_with_it_and_goes_with_a_removed_one()
    {
        const string before = "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      # for the GitHub release\n      contents: write # softprops uploads the assets\n      # left from an old npm provenance step\n      id-token: write # OIDC\n      # labels\n      issues: write\n    steps:\n      - uses: actions/checkout@v6\n      - uses: softprops/action-gh-release@v2\n";
        var run = Run(before);
        Assert.Equal("on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      # for the GitHub release\n      contents: write # softprops uploads the assets\n    steps:\n      - uses: actions/checkout@v6\n      - uses: softprops/action-gh-release@v2\n", run.Output);

        // The kept grant last: the removed grants' comments must not end up above it.
        const string keptLast = "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      # OIDC, no longer used\n      id-token: write\n      # the release assets\n      contents: write\n    steps:\n      - uses: softprops/action-gh-release@v2\n";
        Assert.Equal("on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      # the release assets\n      contents: write\n    steps:\n      - uses: softprops/action-gh-release@v2\n", Run(keptLast).Output);
    }

    [Fact]
    public void The_root_grant_stays_while_a_job_has_none_of_its_own()
    {
        const string before = "on: push\npermissions:\n  contents: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./bin/release\n";
        var run = RuleRun.Of(new RootPermissionsRule(), before);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Rule == "root-permissions" && f.Message.Contains("job release declares no permissions of its own", StringComparison.Ordinal));

        var absent = RuleRun.Of(new RootPermissionsRule(), "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./bin/release\n");
        Assert.False(absent.Changed);

        var declared = RuleRun.Of(new RootPermissionsRule(), before.Replace("    steps:", "    permissions:\n      contents: write\n    steps:", StringComparison.Ordinal));
        Assert.Contains("permissions: {}\n", declared.Output, StringComparison.Ordinal);
    }
}
