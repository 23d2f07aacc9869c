using Reconciler.Core.Policy;
using Reconciler.Core.Rules;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Rules;

namespace Reconciler.Tests.Planning;

public class PlannerVerificationTests
{
    private const string Workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n";

    /// <summary>A rule that makes one edit and, optionally, checks it in a way that fails.</summary>
    private sealed class EditingRule(Action<WorkflowContext> edit) : IWorkflowRule
    {
        public string Id => "test-edit";

        public string Title => "test";

        public string Help => "test";

        public Severity DefaultSeverity => Severity.Error;

        public void Check(WorkflowContext context)
        {
            context.Report(context.Workflow.Root, "test finding", fixedByEdit: true);
            edit(context);
        }
    }

    [Fact]
    public void An_edit_that_does_not_reparse_is_dropped_and_reported()
    {
        var run = RuleRun.Of(new EditingRule(c => c.Editor.Splice(TextEdit.Insert(0, "jobs: [\n"))), Workflow);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Message.Contains("did not re-parse", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Findings, f => f.Fixed);
    }

    [Fact]
    public void An_edit_that_parses_but_does_not_verify_is_dropped_and_reported()
    {
        var run = RuleRun.Of(new EditingRule(c =>
        {
            c.Editor.Insert(c.Workflow.Root, "env", YValue.Map(("A", YValue.Str("1"))), YamlEditor.InsertAt.Before("jobs"));
            c.Verify(wf => wf.Root.Map("env")?.Text("A") == "2" ? null : "env.A is not 2");
        }), Workflow);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Message.Contains("did not verify (env.A is not 2)", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlapping_edits_are_dropped_not_thrown()
    {
        var run = RuleRun.Of(new EditingRule(c =>
        {
            c.Editor.Splice(new TextEdit(0, 5, "on: pull_request"));
            c.Editor.Splice(new TextEdit(2, 6, "x"));
        }), Workflow);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Message.Contains("overlapping", StringComparison.Ordinal));
    }
}
