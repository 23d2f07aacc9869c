using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Publishing;

public class GeneratorIgnoreAndBodyTests
{
    [Theory]
    [InlineData(".github/workflows/ci.yml", true)]
    [InlineData("/.github/workflows/ci.yml", true)]
    [InlineData(".github/", true)]
    [InlineData(".github", true)]
    [InlineData(".github/workflows/*.yml", true)]
    [InlineData("# .github/workflows/ci.yml", false)]
    [InlineData(".github/workflows/release.yml", false)]
    [InlineData("README.md", false)]
    public void An_ignore_line_covers_the_workflow_when_it_names_it_or_a_folder_above_it(string line, bool covers) =>
        Assert.Equal(covers, GeneratorIgnoreRule.Covers("# generated\n" + line + "\n", ".github/workflows/ci.yml"));

    [Fact]
    public void The_ignore_file_keeps_its_lines_and_gets_a_final_newline_first()
    {
        const string workflow = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm publish\n";
        var plan = PublishPlanning.Plan(workflow, null, (".fernignore", "README.md"), ("package.json", "{\"name\": \"acme\"}"));
        var ignore = Assert.Single(plan.Changes.OfType<FileChange>(), c => c.Path == ".fernignore");
        Assert.Equal("README.md\n.github/workflows/release.yml\n", ignore.Content);
    }

    [Fact]
    public void A_rewritten_action_file_is_listed_in_the_ignore_file_too()
    {
        var snapshot = new RepositorySnapshot
        {
            FullName = "acme/sdk",
            DefaultBranch = "main",
            Files = new Dictionary<string, string>
            {
                [".fernignore"] = "README.md\n",
                [".github/actions/setup/action.yml"] = "runs:\n  using: composite\n  steps:\n    - uses: actions/checkout@v6\n",
                [UpdatesConfig.Path] = UpdatesConfig.Text,
            },
        };
        var plan = new Planner(PolicyLoader.LoadBuiltIn()) { CheckIncrementalParses = true }.PlanRepository(snapshot);
        var ignore = Assert.Single(plan.Changes.OfType<FileChange>(), c => c.Path == ".fernignore");
        Assert.Equal("README.md\n.github/actions/setup/action.yml\n", ignore.Content);
    }

    [Fact]
    public void The_body_starts_with_the_policy_marker_and_lists_manual_steps_as_a_checklist()
    {
        var repo = new RepositoryPlan
        {
            Repository = "acme/sdk",
            Status = RepositoryStatus.Drift,
            Changes = [new ManualChange { Target = "pypi:acme", Instructions = "Register the publisher." }],
        };
        var body = PullRequestBody.Render(repo, new PlanPolicy("sdk-publish-hardening", "sha256:abc"), "Harden the release pipeline");
        Assert.StartsWith("<!-- reconcile:policy=sdk-publish-hardening digest=sha256:abc -->\n## Harden the release pipeline\n", body, StringComparison.Ordinal);
        Assert.Contains("- [ ] Register the publisher.\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_markdown_plan_has_a_section_per_repository()
    {
        var plan = new Plan
        {
            Policy = new PlanPolicy("p", "sha256:abc"),
            Repositories =
            [
                new RepositoryPlan { Repository = "acme/a", Status = RepositoryStatus.InSync },
                RepositoryPlan.Skipped("acme/b", "archived"),
            ],
        };
        var text = PullRequestBody.RenderPlan(plan);
        Assert.Contains("## `acme/a`: in sync\n", text, StringComparison.Ordinal);
        Assert.Contains("## `acme/b`: skipped: archived\n", text, StringComparison.Ordinal);
    }
}
