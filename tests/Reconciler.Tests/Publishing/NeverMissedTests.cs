using Reconciler.Core.Publishing;

namespace Reconciler.Tests.Publishing;

/// <summary>
/// Jobs that publish in ways Reconcile doesn't split (a repository script, a third-party release tool)
/// are still reported, with what they run and a fix by hand, and left byte-identical.
/// </summary>
public sealed class NeverMissedTests
{
    private const string Head = "name: release\non:\n  push:\n    tags: ['v*']\njobs:\n";

    private static string Job(string steps, string permissions = "") =>
        Head + "  release:\n    runs-on: ubuntu-latest\n" + permissions + "    steps:\n      - uses: actions/checkout@v4\n" + steps;

    private const string Oidc = "    permissions:\n      contents: read\n      id-token: write\n";

    [Fact]
    public void A_script_that_uploads_with_uv_is_named_with_its_command() =>
        PublishPlanning.LeftUnchanged(
            Job("      - uses: astral-sh/setup-uv@v6\n      - name: Publish\n        run: bash ./bin/publish-pypi\n", Oidc),
            "runs the repository script `bin/publish-pypi`, which uploads to PyPI with `uv publish`",
            ("bin/publish-pypi", "#!/usr/bin/env bash\nset -eux\nrm -rf dist\nuv build\nuv publish --trusted-publishing always\n"));

    [Fact]
    public void A_script_that_uploads_with_npm_through_a_token_names_the_token_and_the_fix() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: ./bin/publish-npm\n        env:\n          NPM_TOKEN: ${{ secrets.ACME_NPM_TOKEN || secrets.NPM_TOKEN }}\n"),
            "it holds `ACME_NPM_TOKEN` and runs the repository script `bin/publish-npm`, which uploads to npm with `npm publish`; Reconcile doesn't rewrite scripts. Split it by hand: `npm pack",
            ("bin/publish-npm", "#!/usr/bin/env bash\nset -eux\nnpm config set '//registry.npmjs.org/:_authToken' \"$NPM_TOKEN\"\npnpm build\ncd dist\nnpm publish --access public --tag \"$TAG\"\n"));

    [Fact]
    public void The_upload_is_found_in_a_script_that_another_script_calls() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: scripts/release\n", Oidc),
            "`scripts/release`, which uploads to PyPI with `twine upload`",
            ("scripts/release", "#!/bin/sh\nset -e\n# twine upload is in the helper\nscripts/lib/upload.sh dist\n"),
            ("scripts/lib/upload.sh", "python -m build\ntwine upload --skip-existing \"$1\"/*\n"));

    [Fact]
    public void A_python_script_that_runs_cargo_publish_is_named() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: python3 scripts/publish_crates.py --no-verify\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES_TOKEN }}\n"),
            "uploads to crates.io with `cargo publish`",
            ("scripts/publish_crates.py", "import subprocess\n\ndef main(cargo):\n    subprocess.run([*cargo, \"publish\", \"--workspace\"], check=True)\n"));

    [Fact]
    public void An_oidc_job_that_uploads_build_output_with_curl_names_the_grant() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: ./scripts/build\n      - name: Upload tarball\n        run: ./scripts/utils/upload-artifact.sh\n        env:\n          URL: https://storage.example.com/sdk\n", Oidc),
            "it holds `id-token: write` and runs the repository script `scripts/utils/upload-artifact.sh`, which uploads to a storage service with a `curl` upload",
            ("scripts/build", "#!/bin/sh\nnpm run build\n"),
            ("scripts/utils/upload-artifact.sh", "#!/bin/bash\nTOKEN=$(curl -sS -H \"Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN\" \"$ACTIONS_ID_TOKEN_REQUEST_URL\")\ncurl -sS -X PUT --data-binary @dist.tgz \"$URL\"\n"));

    [Fact]
    public void An_oidc_job_whose_scripts_upload_nothing_is_told_to_drop_the_grant_or_move_the_step() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: ./scripts/bootstrap\n      - run: ./scripts/build\n", Oidc),
            "if nothing in the job needs an OIDC token, remove `id-token: write`",
            ("scripts/bootstrap", "#!/bin/sh\npnpm install\n"),
            ("scripts/build", "#!/bin/sh\npnpm build\n"));

    [Fact]
    public void A_release_doctor_holding_a_token_is_told_to_pass_a_boolean() =>
        PublishPlanning.LeftUnchanged(
            Head + "  release_doctor:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Check release environment\n        run: bash ./bin/check-release-environment\n        env:\n          PYPI_TOKEN: ${{ secrets.ACME_PYPI_TOKEN || secrets.PYPI_TOKEN }}\n",
            "pass it `${{ secrets.ACME_PYPI_TOKEN != '' }}` instead of the secret",
            ("bin/check-release-environment", "#!/usr/bin/env bash\nif [ -z \"${PYPI_TOKEN}\" ]; then\n  echo 'PYPI_TOKEN is not set'\n  exit 1\nfi\n"));

    [Fact]
    public void The_workflow_grant_counts_for_a_job_that_sets_none() =>
        PublishPlanning.LeftUnchanged(
            "name: release\non:\n  release:\n    types: [published]\npermissions:\n  contents: read\n  id-token: write\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: yarn install\n      - run: |\n          bash ./bin/publish-npm\n",
            "it holds `id-token: write` and runs the repository script `bin/publish-npm`, which uploads to npm with `npm publish`",
            ("bin/publish-npm", "#!/usr/bin/env bash\nset -eux\nyarn build\ncd dist\nnpm publish --provenance\n"));

    [Fact]
    public void A_script_outside_the_snapshot_is_still_reported() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: bash scripts/deploy/ship/it.sh\n", Oidc),
            "which isn't among the files Reconcile read");

    [Fact]
    public void An_unreadable_script_is_no_error_for_the_repository()
    {
        var workflow = Job("      - run: ./bin/publish-npm\n", Oidc);
        var snapshot = new Reconciler.Core.Repositories.RepositorySnapshot
        {
            FullName = "acme/sdk",
            DefaultBranch = "main",
            Files = new Dictionary<string, string> { [PublishPlanning.WorkflowPath] = workflow },
            Unreadable = new Dictionary<string, string> { ["bin/publish-npm"] = "is binary", ["scripts/tool"] = "is 2000000 bytes, over the limit" },
        };
        var plan = PublishPlanning.Planner().PlanRepository(snapshot);
        Assert.Null(plan.Error);
        Assert.NotEqual(Reconciler.Core.Planning.RepositoryStatus.Error, plan.Status);
        Assert.Contains("`bin/publish-npm`, which isn't among the files Reconcile read", Assert.Single(plan.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_a_credential_that_runs_scripts_is_not_publishing()
    {
        var plan = PublishPlanning.Plan(Job("      - run: ./scripts/test\n"), null, ("scripts/test", "npm publish --dry-run\n"));
        Assert.DoesNotContain(plan.Findings, f => f.Rule == "publish-topology");
    }

    [Theory]
    [InlineData("      - uses: changesets/action/publish@v1\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n", "changesets", "`changeset publish`")]
    [InlineData("      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n", "changesets", "`changeset publish`")]
    [InlineData("      - run: pnpm changeset publish\n", "changesets", "only open the version PR")]
    [InlineData("      - run: npx semantic-release@24\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", "semantic-release", "`npmPublish: false`")]
    [InlineData("      - uses: cycjimmy/semantic-release-action@v4\n", "semantic-release", "`npmPublish: false`")]
    [InlineData("      - uses: python-semantic-release/python-semantic-release@v9\n", "python-semantic-release", "`pypa/gh-action-pypi-publish`")]
    [InlineData("      - uses: release-plz/action@v0.5\n        with:\n          command: release\n", "release-plz", "`release-plz release-pr`")]
    [InlineData("      - run: release-plz release --git-token \"$GITHUB_TOKEN\"\n", "release-plz", "`publish = false`")]
    [InlineData("      - uses: rubygems/release-gem@v1\n", "rubygems/release-gem", "`rubygems/configure-rubygems-credentials`")]
    [InlineData("      - run: deno run -A jsr:@scope/publish-on-tag@0.1\n", "jsr", "no dependency install")]
    [InlineData("      - run: npx jsr publish\n", "jsr", "no dependency install")]
    [InlineData("      - run: npm stage publish --provenance --access public\n", "npm stage publish", "`npm stage publish <tarball>`")]
    [InlineData("      - run: npm dist-tag add acme@${{ inputs.version }} ${{ inputs.tag }}\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n", "npm dist-tag", "no checkout and no other step")]
    public void A_release_tool_is_reported_with_its_own_way_to_separate_build_from_publish(string steps, string tool, string fix)
    {
        var workflow = Job("      - run: npm ci\n" + steps, Oidc);
        PublishPlanning.LeftUnchanged(workflow, $"it publishes through {tool} (step");
        Assert.Contains(fix, Assert.Single(PublishPlanning.Plan(workflow).Findings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      - uses: changesets/action@v1\n        with:\n          version: pnpm changeset version\n")]
    [InlineData("      - uses: release-plz/action@v0.5\n        with:\n          command: release-pr\n")]
    public void A_release_tool_that_only_versions_is_not_publishing(string steps)
    {
        var plan = PublishPlanning.Plan(Job(steps), null);
        Assert.DoesNotContain(plan.Findings, f => f.Rule == "publish-topology");
    }

    [Fact]
    public void An_expression_in_an_upload_argument_is_one_word() =>
        Assert.Equal(
            ["npm", "publish", "--tag", "${{ steps.v.outputs.tag || 'latest' }}", "\"a b\""],
            ShellScript.Words("npm publish  --tag ${{ steps.v.outputs.tag || 'latest' }} \"a b\""));

    [Fact]
    public void An_expression_tag_is_carried_to_the_publish_job_and_not_taken_for_a_folder()
    {
        var text = PublishPlanning.Split(
            Job("      - run: npm ci\n      - run: npm publish --access public --tag ${{ github.event.inputs.tag || 'latest' }}\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
            ("package.json", "{\"name\": \"acme\"}"));
        Assert.Contains("--tag ${{ github.event.inputs.tag || 'latest' }}", text, StringComparison.Ordinal);
        Assert.Contains("run: npm pack --pack-destination npm-package\n", text, StringComparison.Ordinal);
    }
}
