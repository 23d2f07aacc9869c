using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// What a rule sees of one YAML file (a workflow, or an action's metadata) and how it reports: findings, edits
/// (through <see cref="Editor"/>), checks of the edited file, explanations. <see cref="WorkflowContext"/> and
/// <see cref="ActionFileContext"/> add the typed view; a rule that runs on both is written against this.
/// </summary>
public abstract class FileContext
{
    private readonly List<Finding> _findings = [];
    private readonly List<string> _explanations = [];
    private readonly List<ManualChange> _manual = [];
    private readonly List<Func<IUsesFile, string?>> _checks = [];
    private List<(int Start, int End)>? _anchored;

    private protected FileContext(IRule rule, PolicySpec policy, RepositorySnapshot repository, IUsesFile file, ActionRefs actions, RuleSettings settings)
    {
        Rule = rule;
        Policy = policy;
        Repository = repository;
        File = file;
        Actions = actions;
        Settings = settings;
        Editor = file.Document.Edit();
    }

    public IRule Rule { get; }

    /// <summary>The policy values in force for this repository.</summary>
    public PolicySpec Policy { get; }

    public RepositorySnapshot Repository { get; }

    /// <summary>The file as the rule sees it (after the earlier rules' edits).</summary>
    public IUsesFile File { get; }

    public ActionRefs Actions { get; }

    public RuleSettings Settings { get; }

    /// <summary>Collects this rule's edits to the file; they are applied, re-parsed and verified after the rule.</summary>
    public YamlEditor Editor { get; }

    /// <summary>False when the policy says to report only.</summary>
    public bool MayFix => Settings.Fix;

    /// <summary>Every inline <c>uses:</c> of the file, in file order.</summary>
    public IEnumerable<UsesSite> UsesSites => UsesSite.All(File);

    internal IReadOnlyList<Finding> Findings => _findings;

    internal IReadOnlyList<string> Explanations => _explanations;

    internal IReadOnlyList<ManualChange> ManualSteps => _manual;

    internal IReadOnlyList<Func<IUsesFile, string?>> Checks => _checks;

    /// <summary>Reports a finding at a node. <paramref name="fixedByEdit"/> says the rule's edits resolve it.</summary>
    public void Report(YNode? at, string message, bool fixedByEdit = false, Severity? severity = null) =>
        _findings.Add(new Finding
        {
            Rule = Rule.Id,
            Severity = severity ?? Settings.Severity ?? Rule.DefaultSeverity,
            Path = File.Path,
            Line = at?.Start.Line ?? 1,
            Column = at?.Start.Column ?? 1,
            Message = message,
            Fixed = fixedByEdit && MayFix,
        });

    /// <summary>Reports a finding at a line and column of the file as this rule sees it (e.g. inside a block scalar).</summary>
    public void ReportAt(int line, int column, string message, Severity? severity = null) =>
        _findings.Add(new Finding
        {
            Rule = Rule.Id,
            Severity = severity ?? Settings.Severity ?? Rule.DefaultSeverity,
            Path = File.Path,
            Line = line,
            Column = column,
            Message = message,
            Fixed = false,
        });

    /// <summary>Reports a finding at an offset of the file as this rule sees it (e.g. a match inside a script).</summary>
    public void ReportAtOffset(int offset, string message, Severity? severity = null)
    {
        var source = File.Document.Source;
        var line = source.LineOf(offset);
        ReportAt(line, offset - source.LineStart(line) + 1, message, severity);
    }

    /// <summary>
    /// Whether a node is an alias or lies inside an anchored node. Editing it would change every
    /// place the anchor is used (or nothing at all), so rules report instead of editing.
    /// Inserting a key into a mapping only needs the mapping itself not to be shared.
    /// </summary>
    public bool IsShared(YNode node)
    {
        _anchored ??= File.Root.Descendants().Where(n => n.Anchor is not null).Select(n => (n.Start.Offset, n.End.Offset)).ToList();
        return node is YAlias || _anchored.Any(a => node.Start.Offset >= a.Start && node.Start.Offset < Math.Max(a.End, a.Start + 1));
    }

    /// <summary>Whether replacing a node's whole text would delete an anchor or alias that other places rely on.</summary>
    public bool HoldsAnchorOrAlias(YNode node) => node.Descendants().Any(n => n is YAlias || n.Anchor is not null);

    /// <summary>A check that, after this rule's edits, <paramref name="site"/> reads <paramref name="expected"/>.</summary>
    public void VerifyUses(UsesSite site, string expected) =>
        _checks.Add(file => site.ValueIn(file) == expected ? null : $"{site.Where} does not read {expected}");

    /// <summary>One line for the pull request: what this rule changed in the file and why.</summary>
    public void Explain(string text) => _explanations.Add(text);

    /// <summary>A step for a human (e.g. register the trusted publisher on the registry).</summary>
    public void Manual(string target, string instructions) =>
        _manual.Add(new ManualChange { Target = target, Instructions = instructions, Rules = [Rule.Id] });

    /// <summary>
    /// A check run on the re-parsed file after this rule's edits: returns null when the edit means what was
    /// intended, else why not (the change is then dropped and reported).
    /// </summary>
    private protected void AddCheck(Func<IUsesFile, string?> check) => _checks.Add(check);
}
