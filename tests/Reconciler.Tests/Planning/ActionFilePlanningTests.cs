using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Rules;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Planning;

/// <summary>Action metadata through the real planner: the same guarantees as workflows (verified edits, mapped lines, policy honoured).</summary>
public class ActionFilePlanningTests
{
    private const string LocalPath = ".github/actions/setup/action.yml";

    private const string Composite = "name: Set up\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout@v6\n    - run: echo \"${{ github.event.pull_request.title }}\"\n      shell: bash\n";

    private static RepositoryPlan Plan(IReadOnlyDictionary<string, string> files, Policy? policy = null, IReadOnlyList<IRule>? rules = null) =>
        new Planner(policy ?? PolicyLoader.LoadBuiltIn(), rules) { CheckIncrementalParses = true }
            .PlanRepository(new RepositorySnapshot { FullName = "acme/sdk", DefaultBranch = "main", Files = UpdatesConfig.With(files) });

    private static string? Output(RepositoryPlan plan, string path) => plan.Changes.OfType<FileChange>().SingleOrDefault(c => c.Path == path)?.Content;

    [Fact]
    public void A_version_yaml_reads_as_a_number_is_quoted_in_a_composite_step()
    {
        const string setup = "runs:\n  using: composite\n  steps:\n    - uses: actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v6.2.0\n      with:\n        python-version: 3.10\n        cache: yes\n";
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = setup });

        Assert.Equal(setup.Replace("python-version: 3.10", "python-version: '3.10'", StringComparison.Ordinal), Output(plan, LocalPath));
        Assert.Contains(plan.Findings, f => f is { Rule: "yaml-pitfalls", Fixed: true, Line: 6 } && f.Path == LocalPath);
        Assert.Contains(plan.Findings, f => f is { Rule: "yaml-pitfalls", Severity: Severity.Warning, Line: 7 } && f.Message.StartsWith("step 1: `cache: yes`", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_action_file_is_a_warning_that_names_it_not_a_repository_error()
    {
        var plan = new Planner(PolicyLoader.LoadBuiltIn()).PlanRepository(new RepositorySnapshot
        {
            FullName = "acme/sdk",
            DefaultBranch = "main",
            Files = new Dictionary<string, string>(),
            Unreadable = new Dictionary<string, string> { [LocalPath] = "is a symbolic link; not followed" },
        });

        Assert.Null(plan.Error);
        Assert.Contains(plan.Findings, f => f is { Severity: Severity.Warning, Path: LocalPath } && f.Message == "action metadata not checked: it is a symbolic link; not followed");
    }

    [Theory]
    [InlineData(LocalPath)]
    [InlineData(".github/actions/release/notes/action.yaml")]
    [InlineData("action.yml")]
    [InlineData("action.yaml")]
    public void A_composite_actions_uses_are_pinned_like_a_workflows(string path)
    {
        var plan = Plan(new Dictionary<string, string> { [path] = Composite });

        Assert.Equal("name: Set up\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2\n    - run: echo \"${{ github.event.pull_request.title }}\"\n      shell: bash\n", Output(plan, path));
        var change = plan.Changes.OfType<FileChange>().Single();
        Assert.Equal(["pinned-actions"], change.Rules);
        Assert.Equal(["Pinned `actions/checkout@v6` to the commit of v6.0.2."], change.Explanations);
        Assert.Contains(plan.Findings, f => f is { Rule: "pinned-actions", Fixed: true, Line: 5, Column: 13 } && f.Path == path && f.Message.StartsWith("step 1: ", StringComparison.Ordinal));
        Assert.Contains(plan.Findings, f => f is { Rule: "template-injection", Fixed: false, Line: 6, Column: 18 } && f.Path == path);
    }

    [Fact]
    public void Workflow_only_rules_leave_action_files_alone()
    {
        var text = "runs:\n  using: composite\n  steps:\n    - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2\n    - uses: actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v6.2.0\n      with:\n        python-version: '3.12'\n    - run: npm publish\n      shell: bash\n";
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = text });

        Assert.Empty(plan.Changes);
        Assert.DoesNotContain(plan.Findings, f => f.Rule is "job-permissions" or "root-permissions" or "concurrency" or "publish-topology" or "shared-tool-versions");
    }

    [Fact]
    public void Node_and_docker_actions_are_in_sync()
    {
        var plan = Plan(new Dictionary<string, string> { ["action.yml"] = "name: x\nruns:\n  using: node20\n  main: dist/index.js\n" });

        Assert.Equal(RepositoryStatus.InSync, plan.Status);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void Malformed_action_metadata_is_a_located_error_not_a_crash()
    {
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = "runs:\n  using: composite\n  steps: [\n" });

        var finding = Assert.Single(plan.Findings);
        Assert.Equal((Planner.SyntaxRuleId, Severity.Error, LocalPath), (finding.Rule, finding.Severity, finding.Path));
        Assert.NotNull(finding.Line);
        Assert.Equal(RepositoryStatus.Error, plan.Status);
        Assert.StartsWith($"{LocalPath}:{finding.Line}:{finding.Column}: invalid YAML", plan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_that_is_not_action_metadata_is_a_warning_and_left_alone()
    {
        var plan = Plan(new Dictionary<string, string> { ["action.yml"] = "# not GitHub's\ntargets:\n  - uses: actions/checkout@v6\n" });

        var finding = Assert.Single(plan.Findings);
        Assert.Equal((Planner.SyntaxRuleId, Severity.Warning, 2, 1), (finding.Rule, finding.Severity, finding.Line, finding.Column));
        Assert.Equal("not action metadata, left alone: action metadata needs 'runs'", finding.Message);
        Assert.Equal(RepositoryStatus.InSync, plan.Status);
    }

    [Fact]
    public void Report_only_policy_reports_without_changing()
    {
        var policy = RuleRun.PolicyWith(
            actions: "  catalogue:\n    actions/checkout: {version: v6.0.2, sha: de0fac2e4500dabe0009e67214ff5f5447ce83dd}\n",
            rules: "  pinned-actions:\n    fix: false\n    severity: warning\n");
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = Composite }, policy);

        Assert.Empty(plan.Changes.OfType<FileChange>());
        Assert.Contains(plan.Findings, f => f is { Rule: "pinned-actions", Severity: Severity.Warning, Fixed: false, Path: LocalPath });
    }

    [Fact]
    public void An_exempt_repository_keeps_its_action_files()
    {
        var policy = PolicyLoader.Load(
            "apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata:\n  name: test\nactions:\n  catalogue:\n    actions/checkout: {version: v6.0.2, sha: de0fac2e4500dabe0009e67214ff5f5447ce83dd}\n"
            + "exemptions:\n  - repository: acme/sdk\n    rule: pinned-actions\n    reason: the vendor pins these\n", "test");
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = Composite }, policy);

        Assert.Empty(plan.Changes.OfType<FileChange>());
        Assert.Contains(plan.Findings, f => f is { Rule: "pinned-actions", Severity: Severity.Note, Path: LocalPath } && f.Message.Contains("the vendor pins these", StringComparison.Ordinal));
    }

    [Fact]
    public void An_edit_that_makes_it_no_action_is_dropped_and_reported()
    {
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = Composite }, rules: [new EditingRule(c => c.Editor.Splice(new TextEdit(c.Action.Runs.Start.Offset, c.Action.Runs.Start.Offset + "using: composite".Length, "main: x.js")))]);

        Assert.Empty(plan.Changes.OfType<FileChange>());
        Assert.Contains(plan.Findings, f => f.Path == LocalPath && f.Message.Contains("did not re-parse ('runs.using' must name", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Findings, f => f.Fixed);
    }

    [Fact]
    public void An_edit_that_does_not_verify_is_dropped_and_reported()
    {
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = Composite }, rules: [new EditingRule(c =>
        {
            var site = c.UsesSites.First();
            c.Editor.ReplaceScalar(site.Node, YValue.Str("actions/checkout@v5"));
            c.VerifyUses(site, "actions/checkout@v7");
        })]);

        Assert.Empty(plan.Changes.OfType<FileChange>());
        Assert.Contains(plan.Findings, f => f.Message.Contains("did not verify (step 1 does not read actions/checkout@v7)", StringComparison.Ordinal));
    }

    [Fact]
    public void Findings_after_an_edit_point_at_the_original_lines()
    {
        var plan = Plan(new Dictionary<string, string> { [LocalPath] = Composite }, rules: [new EditingRule(c => c.Editor.Splice(TextEdit.Insert(0, "# one\n# two\n"))), new TemplateInjectionRule()]);

        Assert.StartsWith("# one\n# two\nname: Set up\n", Output(plan, LocalPath), StringComparison.Ordinal);
        Assert.Contains(plan.Findings, f => f is { Rule: "template-injection", Line: 6, Column: 18 });
    }

    /// <summary>An action-file rule that makes one edit (and, optionally, a check that fails).</summary>
    private sealed class EditingRule(Action<ActionFileContext> edit) : IActionFileRule
    {
        public string Id => "test-edit";

        public string Title => "test";

        public string Help => "test";

        public Severity DefaultSeverity => Severity.Error;

        public void Check(ActionFileContext context)
        {
            context.Report(context.Action.Root, "test finding", fixedByEdit: true);
            edit(context);
        }
    }
}
