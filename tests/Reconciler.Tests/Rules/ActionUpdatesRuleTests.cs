using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class ActionUpdatesRuleTests
{
    private const string Dependabot = ".github/dependabot.yml";

    private const string Workflow = "on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make test\n";

    private const string Created =
        "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n" +
        "    groups:\n      github-actions:\n        patterns: [\"*\"]\n";

    private static RepositoryPlan Plan(IReadOnlyDictionary<string, string> files, Policy? policy = null, IReadOnlyList<IRule>? rules = null) =>
        new Planner(policy ?? PolicyLoader.LoadBuiltIn(), rules ?? [new ActionUpdatesRule()]) { CheckIncrementalParses = true }
            .PlanRepository(new RepositorySnapshot { FullName = "acme/sdk", DefaultBranch = "main", Files = files });

    private static RepositoryPlan Plan(params (string Path, string Text)[] files) =>
        Plan(files.Append((RuleRun.WorkflowPath, Workflow)).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal));

    private static FileChange? Change(RepositoryPlan plan, string path) => plan.Changes.OfType<FileChange>().SingleOrDefault(c => c.Path == path);

    /// <summary>Plans the repository again with the plan's files written: nothing more to change.</summary>
    private static void AssertFixpoint(RepositoryPlan plan, params (string Path, string Text)[] files)
    {
        var after = files.Append((RuleRun.WorkflowPath, Workflow)).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal);
        foreach (var change in plan.Changes.OfType<FileChange>())
        {
            after[change.Path] = change.Content!;
        }

        var again = Plan(after);
        Assert.Empty(again.Changes);
        Assert.DoesNotContain(again.Findings, f => f.Rule == "action-updates" && f.Severity != Severity.Note);
    }

    [Theory]
    [InlineData(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: monthly\n")]
    [InlineData(".github/dependabot.yaml", "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: {interval: daily}\n  - package-ecosystem: \"github-actions\"\n    directory: \"/\"\n    schedule: {interval: daily}\n")]
    [InlineData(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directories: [\"/\", \"/.github/actions/setup\"]\n    schedule:\n      interval: weekly\n")]
    [InlineData(".github/dependabot.yml", "version: 2\nupdates:\n- package-ecosystem: github-actions\n  directories:\n  - /.github/actions/*\n  - /\n  schedule:\n    interval: weekly\n")]
    public void A_dependabot_config_with_a_github_actions_entry_is_in_sync(string path, string config)
    {
        var plan = Plan((path, config));
        Assert.Equal(RepositoryStatus.InSync, plan.Status);
        Assert.Empty(plan.Changes);
        Assert.DoesNotContain(plan.Findings, f => f.Rule == "action-updates");
    }

    [Theory]
    [InlineData("renovate.json", "{\"extends\": [\"config:recommended\"]}")]
    [InlineData("renovate.json5", "{\n  // JSON5: not parsed\n  extends: ['config:recommended'],\n}\n")]
    [InlineData(".renovaterc", "{}")]
    [InlineData(".renovaterc.json", "{\"enabledManagers\": [\"npm\", \"github-actions\"]}")]
    [InlineData(".github/renovate.json", "{}")]
    [InlineData(".github/renovate.json5", "{}")]
    [InlineData(".gitlab/renovate.json", "{}")]
    public void A_renovate_config_is_in_sync_and_noted(string path, string config)
    {
        var plan = Plan((path, config));
        Assert.Equal(RepositoryStatus.InSync, plan.Status);
        Assert.Empty(plan.Changes);
        var finding = Assert.Single(plan.Findings, f => f.Rule == "action-updates");
        Assert.Equal(Severity.Note, finding.Severity);
        Assert.Equal(path, finding.Path);
        Assert.Equal($"Renovate config found ({path}): its github-actions manager updates the pinned actions", finding.Message);
    }

    [Theory]
    [InlineData("{\"enabledManagers\": [\"npm\", \"pip_requirements\"]}", "its `enabledManagers` leaves out `github-actions`")]
    [InlineData("{\n  // comments are fine\n  \"github-actions\": {\"enabled\": false},\n}\n", "\"github-actions\": {\"enabled\": false}")]
    public void A_renovate_config_that_turns_the_manager_off_is_a_warning_and_no_change(string config, string says)
    {
        var plan = Plan(("renovate.json", config));
        Assert.Empty(plan.Changes);
        var finding = Assert.Single(plan.Findings, f => f.Rule == "action-updates");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains(says, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_dependabot_or_renovate_the_config_is_created()
    {
        var plan = Plan();
        var change = Change(plan, Dependabot);
        Assert.NotNull(change);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal(Created, change.Content);
        Assert.Equal(["action-updates"], change.Rules);
        Assert.Contains("Dependabot checks the pinned actions weekly for new releases and proposes the bumps as one pull request", Assert.Single(change.Explanations), StringComparison.Ordinal);
        Assert.Contains(plan.Findings, f => f is { Rule: "action-updates", Fixed: true, Path: Dependabot, Severity: Severity.Error });
        Assert.Equal(RepositoryStatus.Drift, plan.Status);
        AssertFixpoint(plan);
    }

    [Fact]
    public void The_interval_and_grouping_come_from_the_policy()
    {
        var policy = RuleRun.PolicyWith(rules: "  action-updates:\n    interval: daily\n    group: false\n");
        var plan = Plan(new Dictionary<string, string> { [RuleRun.WorkflowPath] = Workflow }, policy);
        Assert.Equal(
            "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: daily\n",
            Change(plan, Dependabot)?.Content);
        Assert.DoesNotContain("one pull request", Assert.Single(Change(plan, Dependabot)!.Explanations), StringComparison.Ordinal);

        var monthly = Plan(new Dictionary<string, string> { [RuleRun.WorkflowPath] = Workflow }, RuleRun.PolicyWith(rules: "  action-updates:\n    interval: monthly\n"));
        Assert.Equal(Created.Replace("weekly", "monthly", StringComparison.Ordinal), Change(monthly, Dependabot)?.Content);
    }

    [Fact]
    public void A_bad_interval_is_a_located_policy_error()
    {
        var ex = Assert.Throws<PolicyException>(() => RuleRun.PolicyWith(rules: "  action-updates:\n    interval: hourly\n    group: often\n"));
        var errors = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("test:7:15: rules.action-updates.interval: expected one of daily, weekly, monthly, found 'hourly'", errors);
        Assert.Contains(errors, e => e.StartsWith("test:8:12: rules.action-updates.group: ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_entry_is_appended_in_the_files_own_four_space_indentation_keeping_comments()
    {
        const string config =
            "# Dependabot: see https://docs.github.com/code-security/dependabot\n" +
            "version: 2\n" +
            "updates:\n" +
            "    # npm, every morning\n" +
            "    - package-ecosystem: npm\n" +
            "      directory: /\n" +
            "      schedule:\n" +
            "          interval: daily # before stand-up\n" +
            "      open-pull-requests-limit: 5\n" +
            "    # more to come\n";
        var plan = Plan((Dependabot, config));

        // Right after the last item: a comment below it stays below the new one.
        Assert.Equal(
            config.Replace("    # more to come\n", "", StringComparison.Ordinal) +
            "    - package-ecosystem: github-actions\n" +
            "      directory: /\n" +
            "      schedule:\n" +
            "          interval: weekly\n" +
            "      groups:\n" +
            "          github-actions:\n" +
            "              patterns: ['*']\n" +
            "    # more to come\n",
            Change(plan, Dependabot)?.Content);
        Assert.Equal(ChangeAction.Update, Change(plan, Dependabot)!.Action);
        Assert.Contains("Added a github-actions entry so that Dependabot checks the pinned actions weekly", Assert.Single(Change(plan, Dependabot)!.Explanations), StringComparison.Ordinal);
        AssertFixpoint(plan, (Dependabot, config));
    }

    [Fact]
    public void The_entry_is_appended_to_an_indentless_sequence_in_the_files_quoting()
    {
        const string config =
            "version: 2\n" +
            "updates:\n" +
            "- package-ecosystem: \"pip\" # the SDK's own dependencies\n" +
            "  directory: \"/\"\n" +
            "  schedule:\n" +
            "    interval: \"weekly\"\n" +
            "\n" +
            "# registries for later\n" +
            "registries: {}\n";
        var plan = Plan((Dependabot, config));
        Assert.Equal(
            "version: 2\n" +
            "updates:\n" +
            "- package-ecosystem: \"pip\" # the SDK's own dependencies\n" +
            "  directory: \"/\"\n" +
            "  schedule:\n" +
            "    interval: \"weekly\"\n" +
            "- package-ecosystem: \"github-actions\"\n" +
            "  directory: \"/\"\n" +
            "  schedule:\n" +
            "    interval: \"weekly\"\n" +
            "  groups:\n" +
            "    github-actions:\n" +
            "      patterns: [\"*\"]\n" +
            "\n" +
            "# registries for later\n" +
            "registries: {}\n",
            Change(plan, Dependabot)?.Content);
        AssertFixpoint(plan, (Dependabot, config));
    }

    [Fact]
    public void A_github_actions_entry_for_another_directory_doesnt_count_and_crlf_stays()
    {
        const string config = "version: 2\r\nupdates:\r\n  - package-ecosystem: github-actions\r\n    directory: /.github/actions/setup\r\n    schedule:\r\n      interval: weekly";
        var plan = Plan((".github/dependabot.yaml", config));
        Assert.Null(Change(plan, Dependabot));
        Assert.Equal(
            config + "\r\n  - package-ecosystem: github-actions\r\n    directory: /\r\n    schedule:\r\n      interval: weekly\r\n    groups:\r\n      github-actions:\r\n        patterns: ['*']",
            Change(plan, ".github/dependabot.yaml")?.Content);
        AssertFixpoint(plan, (".github/dependabot.yaml", config));
    }

    [Theory]
    [InlineData("version: 2\n", "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n    groups:\n      github-actions:\n        patterns: ['*']\n")]
    [InlineData("version: 2\nupdates: []\n", "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n    groups:\n      github-actions:\n        patterns: ['*']\n")]
    [InlineData("# nothing yet\n", "# nothing yet\n" + Created)]
    public void A_config_without_updates_gets_them(string config, string expected)
    {
        var plan = Plan((Dependabot, config));
        Assert.Equal(expected, Change(plan, Dependabot)?.Content);
        AssertFixpoint(plan, (Dependabot, config));
    }

    [Fact]
    public void A_flow_updates_sequence_is_reported_not_rewritten()
    {
        const string config = "version: 2\nupdates: [{package-ecosystem: npm, directory: /, schedule: {interval: daily}}]\n";
        var plan = Plan((Dependabot, config));
        Assert.Empty(plan.Changes);
        var finding = Assert.Single(plan.Findings, f => f.Rule == "action-updates");
        Assert.Equal((2, 1, false), (finding.Line, finding.Column, finding.Fixed));
        Assert.Contains("add the entry by hand", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_dependabot_yaml_is_a_located_finding_and_no_change()
    {
        const string config = "version: 2\nupdates:\n  - package-ecosystem: [npm\n    directory: /\n";
        var plan = Plan((Dependabot, config));
        Assert.Empty(plan.Changes);
        Assert.Null(plan.Error);
        var finding = Assert.Single(plan.Findings, f => f.Rule == "action-updates");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.False(finding.Fixed);
        Assert.NotNull(finding.Line);
        Assert.NotNull(finding.Column);
        Assert.StartsWith($".github/dependabot.yml:{finding.Line}:{finding.Column}: invalid YAML", finding.Message, StringComparison.Ordinal);
        Assert.Equal(RepositoryStatus.Drift, plan.Status);
    }

    [Fact]
    public void Report_only_policy_reports_without_creating_the_file()
    {
        var plan = Plan(new Dictionary<string, string> { [RuleRun.WorkflowPath] = Workflow }, RuleRun.PolicyWith(rules: "  action-updates:\n    fix: false\n"));
        Assert.Empty(plan.Changes);
        Assert.Contains(plan.Findings, f => f is { Rule: "action-updates", Fixed: false, Severity: Severity.Error });
    }

    [Fact]
    public void The_new_config_is_listed_in_the_generator_ignore_file_and_explained_in_the_pull_request()
    {
        var plan = Plan(
            new Dictionary<string, string> { [RuleRun.WorkflowPath] = Workflow, [".fernignore"] = "README.md\n" },
            rules: [new ActionUpdatesRule(), new GeneratorIgnoreRule()]);
        Assert.Equal("README.md\n.github/dependabot.yml\n", Change(plan, ".fernignore")?.Content);

        var body = PullRequestBody.Render(plan, new PlanPolicy("p", "sha256:abc"), "Harden");
        Assert.Contains("### `.github/dependabot.yml` (new file)\n\n- Added Dependabot's config so that Dependabot checks the pinned actions weekly", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".github/dependabot.yml", true, true)]
    [InlineData(".github/dependabot.yaml", true, true)]
    [InlineData("renovate.json", true, false)]
    [InlineData(".renovaterc", true, false)]
    [InlineData(".github/renovate.json5", true, false)]
    [InlineData(".gitlab/renovate.json", true, false)]
    [InlineData("docs/dependabot.yml", false, false)]
    public void The_snapshot_reads_update_configs_and_only_dependabots_is_writable(string path, bool wanted, bool writable)
    {
        Assert.Equal(wanted, FilesOfInterest.Wanted(path, []));
        Assert.Equal(writable, FilesOfInterest.IsWritable(path, []));
    }
}
