using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Tests.Publishing;

public class PublishTopologyRuleTests
{
    private const string Head = "name: release\non:\n  push:\n    tags: ['v*']\njobs:\n";

    private static string Job(string steps, string extra = "") =>
        Head + "  publish:\n    runs-on: ubuntu-latest\n" + extra + "    steps:\n      - uses: actions/checkout@v4\n" + steps;

    [Fact]
    public void Yarn_classic_packs_with_yarn_into_a_folder_it_creates()
    {
        var text = PublishPlanning.Split(
            Job("      - run: yarn install --frozen-lockfile\n      - run: yarn publish --non-interactive --access public\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
            ("package.json", "{\"name\": \"acme\"}"),
            ("yarn.lock", "# yarn lockfile v1\n"));
        Assert.True(text.Contains("        run: |\n          mkdir -p npm-package\n          yarn pack --filename npm-package/package.tgz\n", StringComparison.Ordinal), text);
        Assert.Contains("npm publish ./npm-package/*.tgz --provenance --access public --ignore-scripts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NPM_TOKEN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Yarn_berry_packs_with_its_out_pattern()
    {
        var text = PublishPlanning.Split(
            Job("      - run: yarn install --immutable\n      - run: yarn npm publish --access public\n        env:\n          YARN_NPM_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
            ("package.json", "{\"name\": \"acme\"}"),
            ("yarn.lock", "__metadata:\n  version: 8\n"));
        Assert.Contains("run: yarn pack --out npm-package/%s-%v.tgz", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Twine_to_a_custom_folder_hands_that_folder_on()
    {
        var text = PublishPlanning.Split(Job(
            "      - run: pipx run cibuildwheel --output-dir wheelhouse\n      - run: twine upload wheelhouse/*\n        env:\n          TWINE_USERNAME: __token__\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n"));
        Assert.Contains("path: wheelhouse/\n", text, StringComparison.Ordinal);
        Assert.Contains("packages-dir: wheelhouse/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("twine", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_pypi_keeps_its_repository_url()
    {
        var text = PublishPlanning.Split(Job(
            "      - run: pip install build && python -m build\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.TEST_PYPI_TOKEN }}\n          repository-url: https://test.pypi.org/legacy/\n          skip-existing: true\n"));
        Assert.Contains("repository-url: https://test.pypi.org/legacy/\n", text, StringComparison.Ordinal);
        Assert.Contains("skip-existing: true\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEST_PYPI_TOKEN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_publishing_jobs_get_two_build_jobs()
    {
        var text = PublishPlanning.Split(
            Head +
            "  pypi:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: uv build\n      - run: uv publish\n        env:\n          UV_PUBLISH_TOKEN: ${{ secrets.PYPI_TOKEN }}\n" +
            "  npm:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
            ("package.json", "{\"name\": \"acme\"}"));
        Assert.Contains("  build-artifact:\n", text, StringComparison.Ordinal);
        Assert.Contains("  build-npm:\n", text, StringComparison.Ordinal);
        Assert.Contains("    needs: [build-npm]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_that_only_writes_the_npm_token_is_dropped()
    {
        var text = PublishPlanning.Split(
            Job("      - name: Configure npm\n        run: echo \"//registry.npmjs.org/:_authToken=${{ secrets.NPM_TOKEN }}\" > .npmrc\n      - run: npm ci\n      - run: npm publish --access public\n"),
            ("package.json", "{\"name\": \"acme\"}"));
        Assert.DoesNotContain("Configure npm", text, StringComparison.Ordinal);
        Assert.DoesNotContain("_authToken", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_only_policy_reports_and_changes_nothing()
    {
        var builtIn = PolicyLoader.LoadBuiltIn();
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("Reconciler.Core.Policies." + PolicyLoader.BuiltInName)!;
        var text = new StreamReader(stream).ReadToEnd().Replace("  publish-topology: {}", "  publish-topology: {fix: false}", StringComparison.Ordinal);
        var policy = PolicyLoader.Load(text, "test");
        var plan = PublishPlanning.Plan(Job("      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"), policy);
        Assert.Empty(plan.Changes);
        var finding = Assert.Single(plan.Findings);
        Assert.False(finding.Fixed);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.NotEqual(builtIn.Digest, policy.Digest);
    }

    [Fact]
    public void Ferns_npm_oidc_output_with_a_publish_function_is_split()
    {
        var text = PublishPlanning.Split(
            Job(
                "      - run: pnpm install\n      - run: pnpm build\n      - name: Publish to npm\n        run: |\n" +
                "          publish() {  # use latest npm to ensure OIDC support\n            npx -y npm@latest publish \"$@\"\n          }\n" +
                "          if [[ ${GITHUB_REF} == *beta* ]]; then\n            publish --access public --tag beta\n          else\n            publish --access public\n          fi\n",
                "    permissions:\n      id-token: write\n"),
            ("package.json", "{\"name\": \"@acme/sdk\"}"));
        Assert.Contains("run: npm pack --pack-destination npm-package\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "        run: |\n          if [[ ${GITHUB_REF} == *beta* ]]; then\n            npm publish ./npm-package/*.tgz --provenance --access public --tag beta --ignore-scripts\n" +
            "          else\n            npm publish ./npm-package/*.tgz --provenance --access public --ignore-scripts\n          fi\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_secrets_in_job_env_leave_the_build()
    {
        var text = PublishPlanning.Split(
            Head + "  publish:\n    runs-on: ubuntu-latest\n    env:\n      UV_PUBLISH_TOKEN: ${{ secrets.PYPI_TOKEN }}\n      FORCE_COLOR: '1'\n    steps:\n      - uses: actions/checkout@v4\n      - run: uv build\n      - run: uv publish --token \"$UV_PUBLISH_TOKEN\"\n");
        Assert.DoesNotContain("PYPI_TOKEN", text, StringComparison.Ordinal);
        Assert.Contains("      FORCE_COLOR: '1'\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folded_job_condition_is_copied_as_written()
    {
        var text = PublishPlanning.Split(
            Head + "  publish:\n    if: >-\n      github.repository == 'acme/sdk' &&\n      startsWith(github.ref, 'refs/tags/')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: hatch publish\n        env:\n          HATCH_INDEX_AUTH: ${{ secrets.PYPI_TOKEN }}\n");
        Assert.Equal(2, text.Split("    if: >-\n      github.repository == 'acme/sdk' &&\n      startsWith(github.ref, 'refs/tags/')\n").Length - 1);
    }

    [Fact]
    public void An_upload_hidden_in_a_script_is_reported() =>
        PublishPlanning.LeftUnchanged(Job("      - name: Publish to PyPI\n        run: bash ./bin/publish-pypi\n        env:\n          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n"), "runs the repository script `bin/publish-pypi`, which isn't among the files Reconcile read");

    [Fact]
    public void Crlf_files_without_a_final_newline_stay_crlf()
    {
        var text = PublishPlanning.Split(
            (Job("      - run: npm ci\n      - run: npm publish --access public\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}").Replace("\n", "\r\n", StringComparison.Ordinal)),
            ("package.json", "{\"name\": \"acme\"}"));
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.EndsWith("--ignore-scripts", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_on_the_default_token_builds_read_only_and_gates_are_needed()
    {
        var text = PublishPlanning.Split(
            Head + "  release:\n    runs-on: ubuntu-latest\n    outputs:\n      created: ${{ steps.r.outputs.created }}\n    steps:\n      - id: r\n        run: echo created=true >> \"$GITHUB_OUTPUT\"\n" +
            "  publish:\n    needs: [release]\n    if: ${{ always() && needs.release.outputs.created == 'true' }}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n");
        Assert.Contains("    permissions:\n      contents: read\n    steps:", text, StringComparison.Ordinal);
        Assert.Contains("    needs: [release, build-artifact]\n    if: ${{ always() && needs.release.outputs.created == 'true' }}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_in_workflow_env_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(
            "on: push\nenv:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN\n          npm publish\n",
            "workflow-level `env`");

    [Fact]
    public void Secrets_that_stay_with_the_build_are_reported()
    {
        var plan = PublishPlanning.Plan(Job(
            "      - run: bundle exec rake test\n        env:\n          API_KEY: ${{ secrets.TEST_API_KEY }}\n      - run: gem build acme.gemspec\n      - run: gem push acme-*.gem\n        env:\n          GEM_HOST_API_KEY: ${{ secrets.RUBYGEMS_API_KEY }}\n"));
        Assert.Single(plan.Changes.OfType<FileChange>());
        var warning = Assert.Single(plan.Findings, f => f.Severity == Severity.Warning);
        Assert.Contains("`build-artifact` can still read `TEST_API_KEY`", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_the_catalogue_lacks_reuses_the_workflows_own_reference()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        Assert.True(policy.Spec.Actions.Catalogue.Remove("rubygems/configure-rubygems-credentials"));
        var plan = PublishPlanning.Plan(
            Job("      - uses: rubygems/configure-rubygems-credentials@0123456789abcdef0123456789abcdef01234567\n      - run: bundle exec rake build\n      - run: gem push pkg/*.gem\n", "    permissions:\n      id-token: write\n"),
            policy);
        var text = Assert.Single(plan.Changes.OfType<FileChange>()).Content;
        Assert.Contains("uses: rubygems/configure-rubygems-credentials@0123456789abcdef0123456789abcdef01234567\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_action_the_split_writes_is_pinned_from_the_catalogue()
    {
        var text = PublishPlanning.Split(Job(
            "      - uses: rubygems/configure-rubygems-credentials@v1\n      - run: bundle exec rake build\n      - run: gem push pkg/*.gem\n",
            "    permissions:\n      id-token: write\n"));
        Assert.Contains("uses: rubygems/configure-rubygems-credentials@dc5a8d8553e6ee01fc26761a49e99e733d17954a # v2.1.0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_another_job_still_reads_is_kept()
    {
        var plan = PublishPlanning.Plan(
            Head +
            "  main:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python -m build\n      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n" +
            "  wheels:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    steps:\n      - uses: actions/checkout@v4\n      - run: pipx run cibuildwheel\n      - run: pipx run twine upload wheelhouse/*.whl\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n");
        var keep = Assert.Single(plan.Changes.OfType<ManualChange>(), m => m.Target == "secrets:PYPI_TOKEN");
        Assert.StartsWith("Keep `PYPI_TOKEN` for now: job `wheels` in this workflow still reads it.", keep.Instructions, StringComparison.Ordinal);
        Assert.Contains(plan.Findings, f => f.Message.Contains("matrix", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("npm publish --workspaces --access public")]
    [InlineData("npm publish -w packages/core")]
    [InlineData("pnpm -r publish --no-git-checks")]
    [InlineData("pnpm publish -r --no-git-checks")]
    public void Workspace_publishing_is_left_unchanged(string command)
    {
        var plan = PublishPlanning.Plan(Job($"      - run: npm ci\n      - run: {command}\n        env:\n          NODE_AUTH_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}\n"));
        Assert.Empty(plan.Changes);
        Assert.Contains(plan.Findings, f => f.Severity == Severity.Warning);
    }

    [Fact]
    public void A_matrix_that_publishes_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(
            Head + "  publish:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm publish\n",
            "matrix");

    [Fact]
    public void Two_registries_in_one_job_are_left_unchanged() =>
        PublishPlanning.LeftUnchanged(Job("      - run: npm publish\n      - run: twine upload dist/*\n"), "npm and PyPI");

    [Fact]
    public void Steps_after_the_upload_are_left_unchanged() =>
        PublishPlanning.LeftUnchanged(Job("      - run: poetry publish --build\n      - name: Tell Slack\n        run: curl -X POST \"$SLACK_HOOK\"\n"), "`Tell Slack`");

    [Fact]
    public void Changesets_publishing_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(Job("      - run: pnpm install\n      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n"), "changesets/action");

    [Fact]
    public void Cargo_publish_says_why_it_stays() =>
        PublishPlanning.LeftUnchanged(Job("      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n"), "cargo can only publish from source");

    [Fact]
    public void Mvn_deploy_says_why_it_stays() =>
        PublishPlanning.LeftUnchanged(Job("      - run: mvn -B deploy\n"), "`mvn deploy`");

    [Fact]
    public void A_reusable_publish_workflow_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(Head + "  publish:\n    uses: ./.github/workflows/publish-shared.yml\n    secrets: inherit\n", "reusable workflow");

    [Fact]
    public void A_workflow_call_provider_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(
            "on:\n  workflow_call:\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm publish\n",
            "workflow_call");

    [Fact]
    public void A_conditional_upload_step_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(Job("      - if: startsWith(github.ref, 'refs/tags/')\n        run: dotnet nuget push out/*.nupkg --api-key $KEY\n"), "own `if:`");

    [Fact]
    public void Gradle_signing_that_cannot_be_read_is_left_unchanged() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: ./gradlew publish\n        env:\n          MAVEN_USERNAME: ${{ secrets.U }}\n          MAVEN_PASSWORD: ${{ secrets.P }}\n          MAVEN_SIGNATURE_SECRET_KEY: ${{ secrets.K }}\n          MAVEN_SIGNATURE_PASSWORD: ${{ secrets.KP }}\n"),
            "signs publications",
            ("build.gradle", "plugins { id 'signing' }\nsigning {\n    sign(configurations.archives)\n}\n"));

    private const string GradleSecrets = "        env:\n          MAVEN_USERNAME: ${{ secrets.U }}\n          MAVEN_PASSWORD: ${{ secrets.P }}\n          MAVEN_SIGNATURE_SECRET_KEY: ${{ secrets.K }}\n          MAVEN_SIGNATURE_PASSWORD: ${{ secrets.KP }}\n";

    private const string SignedGradle = "plugins { id 'signing' }\nsigning {\n    sign publishing.publications.maven\n}\n";

    [Fact]
    public void A_gradle_snapshot_is_never_sent_to_the_release_upload() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: ./gradlew publish\n" + GradleSecrets),
            "`1.0.0-SNAPSHOT`",
            ("build.gradle", "version = '1.0.0'\n" + SignedGradle),
            ("gradle.properties", "version=1.0.0-SNAPSHOT\n"));

    [Theory]
    [InlineData("version = System.getenv('RELEASE_VERSION')\n", "./gradlew publish")]
    [InlineData("version = '1.0.0'\n", "./gradlew publish -Pversion=$TAG")]
    public void A_gradle_version_we_cannot_read_is_left_unchanged(string version, string command) =>
        PublishPlanning.LeftUnchanged(Job($"      - run: {command}\n" + GradleSecrets), "could be a -SNAPSHOT", ("build.gradle", version + SignedGradle));

    [Fact]
    public void A_gradle_release_uploads_from_ubuntu_checks_sums_and_waits_for_publication()
    {
        var text = PublishPlanning.Split(
            Head + "  publish:\n    runs-on: macos-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./gradlew publish\n" + GradleSecrets,
            ("build.gradle", "version = '1.0.0'\n" + SignedGradle));
        Assert.Contains("  build-artifact:\n    runs-on: macos-latest\n", text, StringComparison.Ordinal);
        Assert.Contains("    runs-on: ubuntu-latest\n    environment: maven-production", text, StringComparison.Ordinal);
        Assert.Contains("xargs -0 shasum -a 256 > ../maven-staging.sha256 && mv ../maven-staging.sha256 SHA256SUMS", text, StringComparison.Ordinal);
        Assert.Contains("sha256sum --check --strict --quiet SHA256SUMS", text, StringComparison.Ordinal);
        Assert.Contains("PUBLISHED) exit 0 ;;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_an_earlier_step_exported_leaves_the_job_unchanged() =>
        PublishPlanning.LeftUnchanged(
            Job("      - run: echo \"NPM_TAG=next\" >> \"$GITHUB_ENV\"\n      - run: npm publish --tag \"$NPM_TAG\"\n", "    permissions:\n      id-token: write\n"),
            "reads `$NPM_TAG`");

    [Fact]
    public void A_step_output_the_upload_reads_leaves_the_job_unchanged() =>
        PublishPlanning.LeftUnchanged(
            Job("      - id: tag\n        run: echo \"tag=next\" >> \"$GITHUB_OUTPUT\"\n      - run: npm publish --tag \"$NPM_TAG\"\n        env:\n          NPM_TAG: ${{ steps.tag.outputs.tag }}\n", "    permissions:\n      id-token: write\n"),
            "steps.tag.outputs.tag");

    [Fact]
    public void The_upload_keeps_the_step_env_it_reads_and_needs_the_job_that_env_reads()
    {
        var text = PublishPlanning.Split(
            Head + "  version:\n    runs-on: ubuntu-latest\n    outputs:\n      tag: ${{ steps.v.outputs.tag }}\n    steps:\n      - id: v\n        run: echo tag=beta >> \"$GITHUB_OUTPUT\"\n" +
            "  publish:\n    needs: [version]\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm publish --tag \"$DIST_TAG\"\n        env:\n          DIST_TAG: ${{ needs.version.outputs.tag }}\n");
        Assert.Contains("    needs: [version, build-artifact]\n", text, StringComparison.Ordinal);
        Assert.Contains("        env:\n          DIST_TAG: ${{ needs.version.outputs.tag }}\n        run: npm publish ./npm-package/*.tgz --provenance --tag \"$DIST_TAG\" --ignore-scripts", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_keeps_the_jobs_grants_but_the_oidc_token()
    {
        var text = PublishPlanning.Split(Job(
            "      - run: ./scripts/download-wasm.sh\n      - run: gem build acme.gemspec\n      - run: gem push acme-*.gem\n",
            "    permissions:\n      contents: read\n      # the script downloads a private package\n      packages: read\n      # trusted publishing\n      id-token: write\n"));
        Assert.Contains("  build-artifact:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      # the script downloads a private package\n      packages: read\n    steps:", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "id-token: write"));
    }

    [Theory]
    [InlineData("    permissions:\n      contents: write\n      id-token: write\n", "`contents: write`")]
    [InlineData("    permissions: write-all\n", "`write-all`")]
    public void A_job_that_may_write_to_the_repository_before_its_upload_is_left_unchanged(string grants, string named) =>
        // A tag pushed through the checkout's stored credentials would fail in build-artifact, which checks out without them.
        PublishPlanning.LeftUnchanged(Job("      - run: git tag v1 && git push origin v1\n      - run: gem build acme.gemspec\n      - run: gem push acme-*.gem\n", grants), named);

    [Fact]
    public void An_upload_that_reads_an_output_of_an_earlier_step_in_its_own_line_is_left_unchanged() =>
        // In the new job `steps.tag` is empty, so a prerelease would be published under `latest`.
        PublishPlanning.LeftUnchanged(
            Job("      - id: tag\n        run: echo tag=beta >> \"$GITHUB_OUTPUT\"\n      - run: npm publish --tag ${{ steps.tag.outputs.tag || 'latest' }}\n", "    permissions:\n      id-token: write\n"),
            "`steps.tag.outputs.tag`");

    [Fact]
    public void The_build_restores_no_cache()
    {
        var text = PublishPlanning.Split(Job(
            "      - uses: actions/setup-node@v5\n        with:\n          node-version: 22\n          cache: npm\n      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm\n      - run: npm ci\n      - run: npm publish\n",
            "    permissions:\n      id-token: write\n"));
        Assert.Contains("      - uses: actions/setup-node@v5\n        with:\n          node-version: 22\n          package-manager-cache: false\n      - run: npm ci\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("actions/cache", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_working_directory_moves_the_artifact_path_under_it()
    {
        var text = PublishPlanning.Split(Job(
            "      - run: python -m build\n      - run: twine upload --skip-existing dist/*\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n",
            "    defaults:\n      run:\n        working-directory: ./python\n"));
        Assert.Contains("          path: python/dist/\n", text, StringComparison.Ordinal);
        Assert.Contains("        with:\n          skip-existing: true\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_environment_is_kept()
    {
        var text = PublishPlanning.Split(Job("      - run: npm publish\n", "    environment: release # npm trusts this one\n    permissions:\n      id-token: write\n"));
        Assert.Contains("    environment: release # npm trusts this one\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("npm-production", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_that_cannot_be_rendered_changes_nothing()
    {
        // Steps written as a flow sequence can't be split item by item: nothing of the split may leak out.
        var plan = PublishPlanning.Plan(Head + "  publish:\n    runs-on: ubuntu-latest\n    steps: [{uses: actions/checkout@v4}, {run: npm publish}]\n");
        Assert.Empty(plan.Changes);
        Assert.Contains(plan.Findings, f => f.Message.Contains("could not be split", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_without_publishing_is_not_a_finding()
    {
        var plan = PublishPlanning.Plan(Job("      - run: npm ci\n      - run: npm pack\n"));
        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Findings);
    }
}
