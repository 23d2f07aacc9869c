using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Rules;

/// <summary>What a repository rule sees: the snapshot, and the files as the workflow rules left them.</summary>
public sealed class RepositoryContext
{
    private readonly Dictionary<string, string> _files;
    private readonly List<Finding> _findings = [];
    private readonly List<PlannedChange> _changes = [];
    private readonly Dictionary<string, List<string>> _explanations = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    internal RepositoryContext(IRule rule, PolicySpec policy, RepositorySnapshot repository, Dictionary<string, string> files, IReadOnlySet<string> changedFiles, RuleSettings settings)
    {
        Rule = rule;
        Policy = policy;
        Repository = repository;
        _files = files;
        ChangedFiles = changedFiles;
        Settings = settings;
    }

    public IRule Rule { get; }

    public PolicySpec Policy { get; }

    public RepositorySnapshot Repository { get; }

    public RuleSettings Settings { get; }

    public bool MayFix => Settings.Fix;

    /// <summary>Files as they will be after the plan (original content where no rule changed them).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>Paths the file rules, and the repository rules before this one, changed.</summary>
    public IReadOnlySet<string> ChangedFiles { get; }

    internal IReadOnlyList<Finding> Findings => _findings;

    internal IReadOnlyList<PlannedChange> Changes => _changes;

    internal IReadOnlyDictionary<string, List<string>> Explanations => _explanations;

    internal IReadOnlyList<string> Errors => _errors;

    /// <summary>
    /// The rule could not evaluate the repository (e.g. the token may not read a setting): the
    /// repository's status becomes error with this message, and the sweep goes on.
    /// </summary>
    public void Fail(string message) => _errors.Add(message);

    public void Report(string? path, int? line, string message, bool fixedByChange = false, Severity? severity = null, int? column = null) =>
        _findings.Add(new Finding
        {
            Rule = Rule.Id,
            Severity = severity ?? Settings.Severity ?? Rule.DefaultSeverity,
            Path = path,
            Line = line,
            Column = line is null ? null : column ?? 1,
            Message = message,
            Fixed = fixedByChange && MayFix,
        });

    /// <summary>Proposes new content for a file, with the reason a reviewer reads.</summary>
    public void WriteFile(string path, string content, string explanation)
    {
        _files[path] = content;
        if (!_explanations.TryGetValue(path, out var list))
        {
            _explanations[path] = list = [];
        }

        list.Add(explanation);
    }

    public void ChangeSetting(string target, ChangeAction action, JsonNode? current, JsonNode? desired, string reason) =>
        _changes.Add(new SettingChange { Target = target, Action = action, Current = current, Desired = desired, Reason = reason, Rules = [Rule.Id] });

    public void Manual(string target, string instructions) =>
        _changes.Add(new ManualChange { Target = target, Instructions = instructions, Rules = [Rule.Id] });
}
