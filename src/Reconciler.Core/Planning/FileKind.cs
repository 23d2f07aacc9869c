using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Planning;

/// <summary>
/// A kind of YAML file the file rules read — workflows, and actions' metadata — and how the planner reads it,
/// reads it again after a rule's edits, and runs a rule on it. The planning loop itself is the same for both.
/// </summary>
internal abstract class FileKind
{
    public static FileKind Workflows { get; } = new WorkflowFiles();

    public static FileKind Actions { get; } = new ActionFiles();

    /// <summary>For the finding on a file that parses but is something else: "not a workflow, left alone".</summary>
    public abstract string Noun { get; }

    /// <summary>The rules that run on this kind of file, in catalogue order.</summary>
    public abstract IEnumerable<IRule> RulesOf(IEnumerable<IRule> rules);

    /// <summary>Throws <see cref="YamlSyntaxException"/> or <see cref="WrongKindOfFileException"/>.</summary>
    public abstract IUsesFile Parse(string path, string text);

    /// <summary>The file after a rule's edits; throws as <see cref="Parse"/> does.</summary>
    public abstract IUsesFile Edited(IUsesFile before, IReadOnlyList<TextEdit> edits, string text, bool incremental, bool check);

    public abstract FileContext Context(IRule rule, PolicySpec spec, RepositorySnapshot snapshot, IUsesFile file, ActionRefs actions, RuleSettings settings);

    public abstract void Run(IRule rule, FileContext context);

    private sealed class WorkflowFiles : FileKind
    {
        public override string Noun => "a workflow";

        public override IEnumerable<IRule> RulesOf(IEnumerable<IRule> rules) => rules.OfType<IWorkflowRule>();

        public override IUsesFile Parse(string path, string text) => Workflow.Parse(path, text);

        public override IUsesFile Edited(IUsesFile before, IReadOnlyList<TextEdit> edits, string text, bool incremental, bool check) =>
            Workflow.Edited((Workflow)before, edits, text, incremental, check);

        public override FileContext Context(IRule rule, PolicySpec spec, RepositorySnapshot snapshot, IUsesFile file, ActionRefs actions, RuleSettings settings) =>
            new WorkflowContext(rule, spec, snapshot, (Workflow)file, actions, settings);

        public override void Run(IRule rule, FileContext context) => ((IWorkflowRule)rule).Check((WorkflowContext)context);
    }

    /// <summary>Action metadata is small and rarely edited: it is parsed whole after every rule, never spliced.</summary>
    private sealed class ActionFiles : FileKind
    {
        public override string Noun => "action metadata";

        public override IEnumerable<IRule> RulesOf(IEnumerable<IRule> rules) => rules.OfType<IActionFileRule>();

        public override IUsesFile Parse(string path, string text) => ActionMetadata.Parse(path, text);

        public override IUsesFile Edited(IUsesFile before, IReadOnlyList<TextEdit> edits, string text, bool incremental, bool check) =>
            ActionMetadata.Parse(before.Path, text);

        public override FileContext Context(IRule rule, PolicySpec spec, RepositorySnapshot snapshot, IUsesFile file, ActionRefs actions, RuleSettings settings) =>
            new ActionFileContext(rule, spec, snapshot, (ActionMetadata)file, actions, settings);

        public override void Run(IRule rule, FileContext context) => ((IActionFileRule)rule).Check((ActionFileContext)context);
    }
}
