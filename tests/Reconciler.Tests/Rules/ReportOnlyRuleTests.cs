using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class ReportOnlyRuleTests
{
    [Fact]
    public void Untrusted_checkout_in_pull_request_target_is_reported()
    {
        const string wf = "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n";
        var run = RuleRun.Of(new UntrustedCheckoutRule(), wf);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Rule == "untrusted-checkout" && f.Line == 8);
        Assert.Empty(RuleRun.Of(new UntrustedCheckoutRule(), wf.Replace("pull_request_target", "pull_request", StringComparison.Ordinal)).Findings);
    }

    [Fact]
    public void Template_injection_points_at_the_line_inside_the_block_scalar()
    {
        const string wf = "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo start\n          echo \"${{ github.event.pull_request.title }}\"\n          echo ${{ github.event.repository.name }}\n";
        var run = RuleRun.Of(new TemplateInjectionRule(), wf);
        var finding = Assert.Single(run.Findings);
        Assert.Equal(8, finding.Line);
        Assert.Equal(17, finding.Column);
    }

    [Fact]
    public void Secrets_inherit_is_reported()
    {
        var run = RuleRun.Of(new SecretsInheritRule(), "on: push\njobs:\n  a:\n    uses: acme/x/.github/workflows/y.yml@v1\n    secrets: inherit\n");
        Assert.Equal(5, Assert.Single(run.Findings).Line);
    }

    [Fact]
    public void Checkout_keeping_credentials_in_a_job_that_uploads_artifacts_is_reported()
    {
        const string wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n";
        Assert.Single(RuleRun.Of(new PersistCredentialsRule(), wf).Findings);
        Assert.Empty(RuleRun.Of(new PersistCredentialsRule(), wf.Replace("@v6\n", "@v6\n        with:\n          persist-credentials: false\n", StringComparison.Ordinal)).Findings);
    }

    [Fact]
    public void Caches_in_publishing_workflows_are_reported()
    {
        const string wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          cache: npm\n      - uses: actions/cache@v4\n        with:\n          path: x\n          key: y\n      - run: npm publish\n";
        Assert.Equal(2, RuleRun.Of(new CacheInPublishRule(), wf).Findings.Count);
        Assert.Empty(RuleRun.Of(new CacheInPublishRule(), wf.Replace("npm publish", "npm test", StringComparison.Ordinal)).Findings);
    }

    [Fact]
    public void The_zizmor_style_audits_run_in_the_full_catalogue_and_change_nothing_themselves()
    {
        const string wf = "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:\n      - run: echo \"A=${{ toJSON(secrets) }}\" >> $GITHUB_ENV\n";
        var plan = new Planner(PolicyLoader.LoadBuiltIn()) { CheckIncrementalParses = true }.PlanRepository(new RepositorySnapshot { FullName = "acme/sdk", DefaultBranch = "main", Files = new Dictionary<string, string> { [RuleRun.WorkflowPath] = wf } });

        string[] audits = ["insecure-commands", "overprovisioned-secrets", "bot-conditions", "github-env"];
        Assert.Equal(audits.Order(StringComparer.Ordinal), plan.Findings.Where(f => audits.Contains(f.Rule)).Select(f => f.Rule).Order(StringComparer.Ordinal));
        Assert.All(plan.Findings.Where(f => audits.Contains(f.Rule)), f => Assert.False(f.Fixed));
        Assert.DoesNotContain(plan.Changes.OfType<FileChange>().SelectMany(c => c.Rules), audits.Contains);
    }
}
