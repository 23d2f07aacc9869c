using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Planning;

/// <summary>
/// Turns (policy, snapshot) into a repository plan. Pure: no I/O, no clock, no randomness, so the
/// same inputs give the same plan, and planning the planned files again gives no change.
/// </summary>
public sealed class Planner(Policy.Policy policy, IReadOnlyList<IRule>? rules = null)
{
    /// <summary>Finding id for files that can't be read as workflows (or, for action metadata, as actions).</summary>
    public const string SyntaxRuleId = "workflow-syntax";

    private readonly IReadOnlyList<IRule> _rules = rules ?? RuleCatalog.All;

    public Policy.Policy Policy { get; } = policy;

    /// <summary>
    /// Checks every incremental re-parse against a full parse and throws <see cref="IncrementalParseException"/>
    /// when they differ. Slower; the tests turn it on. Without it the planner still compares the final
    /// tree of each workflow with a full parse and, should they differ, plans that workflow again the slow way.
    /// </summary>
    public bool CheckIncrementalParses { get; init; }

    /// <summary>
    /// How long one repository may take to plan; past it (or when a pattern match over its files times out)
    /// the repository is an error, "too complex to plan", and a sweep goes on with the next one.
    /// </summary>
    public TimeSpan Budget { get; init; } = PlanningLimits.DefaultBudget;

    public Plan Assemble(IEnumerable<RepositoryPlan> repositories) => new()
    {
        Policy = new PlanPolicy(Policy.Name, Policy.Digest),
        Repositories = repositories.OrderBy(r => r.Repository, StringComparer.Ordinal).ToList(),
    };

    public RepositoryPlan PlanRepository(RepositorySnapshot snapshot, ActionRefs? actions = null)
    {
        try
        {
            return Plan(snapshot, actions, new PlanningDeadline(Budget));
        }
        catch (TooComplexToPlanException ex)
        {
            return RepositoryPlan.Failed(snapshot.FullName, $"too complex to plan: {ex.Message}");
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return RepositoryPlan.Failed(snapshot.FullName, $"too complex to plan: a pattern match over its files took longer than {PlanningLimits.RegexTimeoutMilliseconds} ms");
        }
    }

    private RepositoryPlan Plan(RepositorySnapshot snapshot, ActionRefs? actions, PlanningDeadline deadline)
    {
        if (OptOut.Check(snapshot) is { } optedOut)
        {
            return optedOut;
        }

        PolicySpec spec;
        try
        {
            spec = Policy.For(snapshot.FullName, snapshot.Topics);
        }
        catch (PolicyException ex)
        {
            return RepositoryPlan.Failed(snapshot.FullName, ex.Message);
        }

        var findings = new List<Finding>();
        var changes = new List<PlannedChange>();
        var errors = new List<string>();
        var files = new Dictionary<string, string>(snapshot.Files, StringComparer.Ordinal);
        var explanations = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var fileRules = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);

        foreach (var (path, why) in snapshot.Unreadable)
        {
            if (FilesOfInterest.IsActionMetadata(path))
            {
                // Not an error for the repository (job-permissions counts such a local action as unknown
                // and says why), but say that its uses: went unchecked rather than pass over it.
                findings.Add(new Finding { Rule = SyntaxRuleId, Severity = Severity.Warning, Path = path, Message = $"action metadata not checked: it {why}" });
                continue;
            }

            if (FilesOfInterest.IsRepositoryScript(path))
            {
                // Read only to name an upload command; publish-topology says when a job's script wasn't read.
                continue;
            }

            if (FilesOfInterest.IsManifest(path))
            {
                // Only the publishing rules read manifests (names, tools), and they fall back without one.
                findings.Add(new Finding { Rule = SyntaxRuleId, Severity = Severity.Warning, Path = path, Message = $"build manifest not read: it {why}; rules that read it use their defaults" });
                continue;
            }

            errors.Add($"{path}: {why}");
        }

        var paths = snapshot.WorkflowPaths.Select(p => (Path: p, Kind: FileKind.Workflows))
            .Concat(snapshot.ActionMetadataPaths.Select(p => (Path: p, Kind: FileKind.Actions)));
        foreach (var (path, kind) in paths)
        {
            var marks = (findings.Count, changes.Count, errors.Count);
            if (!PlanFile(kind, snapshot, spec, actions ?? ActionRefs.None, path, files, findings, changes, errors, explanations, fileRules, deadline, incremental: true))
            {
                // The spliced tree and a full parse disagree (a bug we don't expect): forget this
                // workflow's outcome and plan it again, parsing the whole text after every rule.
                findings.RemoveRange(marks.Item1, findings.Count - marks.Item1);
                changes.RemoveRange(marks.Item2, changes.Count - marks.Item2);
                errors.RemoveRange(marks.Item3, errors.Count - marks.Item3);
                explanations.Remove(path);
                fileRules.Remove(path);
                PlanFile(kind, snapshot, spec, actions ?? ActionRefs.None, path, files, findings, changes, errors, explanations, fileRules, deadline, incremental: false);
            }
        }

        foreach (var rule in _rules.OfType<IRepositoryRule>())
        {
            deadline.Check();
            // Changed so far, by the file rules and the repository rules before this one (generator-ignore lists
            // the dependabot.yml action-updates wrote).
            var changed = files.Where(f => !snapshot.Files.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            if (Settings(spec, rule) is not { Enabled: true } settings)
            {
                continue;
            }

            if (Policy.Exemption(snapshot.FullName, rule.Id) is { } exempt)
            {
                findings.Add(Exempt(rule, null, exempt));
                continue;
            }

            var context = new RepositoryContext(rule, spec, snapshot, files, changed, settings);
            rule.Check(context);
            findings.AddRange(context.Findings);
            changes.AddRange(context.Changes);
            errors.AddRange(context.Errors);
            foreach (var (path, lines) in context.Explanations)
            {
                Note(explanations, fileRules, path, rule.Id, lines);
            }
        }

        var fileChanges = files
            .Where(f => !snapshot.Files.TryGetValue(f.Key, out var old) || old != f.Value)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new FileChange
            {
                Path = f.Key,
                Action = snapshot.Files.ContainsKey(f.Key) ? ChangeAction.Update : ChangeAction.Create,
                Content = f.Value,
                Diff = UnifiedDiff.Create(f.Key, snapshot.Files.GetValueOrDefault(f.Key), f.Value),
                Explanations = explanations.GetValueOrDefault(f.Key) ?? [],
                Rules = fileRules.TryGetValue(f.Key, out var ids) ? [.. ids] : [],
            })
            .ToList<PlannedChange>();

        var allChanges = fileChanges.Concat(changes.OfType<SettingChange>()).Concat(changes.OfType<ManualChange>()).ToList();
        var status = errors.Count > 0 ? RepositoryStatus.Error
            : allChanges.Count > 0 || findings.Any(f => f.Severity == Severity.Error && !f.Fixed) ? RepositoryStatus.Drift
            : RepositoryStatus.InSync;
        return new RepositoryPlan
        {
            Repository = snapshot.FullName,
            Status = status,
            Error = errors.Count > 0 ? string.Join("; ", errors) : null,
            DefaultBranch = snapshot.DefaultBranch,
            HeadSha = snapshot.HeadSha,
            Findings = findings,
            // A repository that failed to plan offers nothing to apply: its changes could rest on what wasn't read.
            Changes = status == RepositoryStatus.Error ? [] : allChanges,
        };
    }

    /// <summary>
    /// Runs the rules for <paramref name="kind"/> over one file (a workflow, or an action's metadata). False when
    /// <paramref name="incremental"/> re-parsing went wrong and nothing should be kept.
    /// </summary>
    private bool PlanFile(
        FileKind kind,
        RepositorySnapshot snapshot,
        PolicySpec spec,
        ActionRefs actions,
        string path,
        Dictionary<string, string> files,
        List<Finding> findings,
        List<PlannedChange> changes,
        List<string> errors,
        Dictionary<string, List<string>> explanations,
        Dictionary<string, SortedSet<string>> fileRules,
        PlanningDeadline deadline,
        bool incremental)
    {
        deadline.Check();
        var original = files[path];
        IUsesFile file;
        try
        {
            file = kind.Parse(path, original);
        }
        catch (YamlSyntaxException ex)
        {
            findings.Add(new Finding { Rule = SyntaxRuleId, Severity = Severity.Error, Path = path, Line = ex.Line, Column = ex.Column, Message = $"invalid YAML: {ex.Message}" });
            errors.Add($"{path}:{ex.Line}:{ex.Column}: invalid YAML: {ex.Message}");
            return true;
        }
        catch (WrongKindOfFileException ex)
        {
            findings.Add(new Finding { Rule = SyntaxRuleId, Severity = Severity.Warning, Path = path, Line = ex.Line, Column = ex.Column, Message = $"not {kind.Noun}, left alone: {ex.Message}" });
            return true;
        }

        var lines = new LineMap(original);
        foreach (var rule in kind.RulesOf(_rules))
        {
            deadline.Check();
            if (Settings(spec, rule) is not { Enabled: true } settings)
            {
                continue;
            }

            if (Policy.Exemption(snapshot.FullName, rule.Id) is { } exempt)
            {
                findings.Add(Exempt(rule, path, exempt));
                continue;
            }

            var context = kind.Context(rule, spec, snapshot, file, actions, settings);
            try
            {
                kind.Run(rule, context);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException)
            {
                findings.Add(new Finding { Rule = rule.Id, Severity = Severity.Error, Path = path, Line = 1, Column = 1, Message = $"the rule could not evaluate this file and changed nothing: {ex.Message}" });
                continue;
            }

            var current = file.Document.Text;
            var rejected = false;
            if (context.Editor.HasEdits && context.MayFix)
            {
                try
                {
                    var reparsed = kind.Edited(file, context.Editor.Edits, context.Editor.Apply(), incremental, CheckIncrementalParses);
                    if (context.Checks.Select(check => check(reparsed)).FirstOrDefault(m => m is not null) is { } wrong)
                    {
                        // The text parses but doesn't say what the rule meant: drop it too.
                        rejected = true;
                        findings.Add(new Finding { Rule = rule.Id, Severity = Severity.Error, Path = path, Line = 1, Column = 1, Message = $"the proposed fix did not verify ({wrong}); change dropped" });
                    }
                    else
                    {
                        file = reparsed;
                    }
                }
                catch (Exception ex) when (ex is YamlSyntaxException or WrongKindOfFileException or InvalidOperationException)
                {
                    // Never emit a broken file: drop this rule's change and say so.
                    rejected = true;
                    findings.Add(new Finding { Rule = rule.Id, Severity = Severity.Error, Path = path, Line = 1, Column = 1, Message = $"the proposed fix did not re-parse ({ex.Message}); change dropped" });
                }

                if (!rejected)
                {
                    Note(explanations, fileRules, path, rule.Id, context.Explanations);
                    changes.AddRange(context.ManualSteps);
                }
            }
            else if (context.ManualSteps.Count > 0)
            {
                changes.AddRange(context.ManualSteps);
            }

            foreach (var f in context.Findings)
            {
                findings.Add(f with { Line = f.Line is { } l ? lines.Original(l) : null, Fixed = f.Fixed && !rejected });
            }

            if (!ReferenceEquals(current, file.Document.Text))
            {
                lines.Advance(current, context.Editor.Edits); // this rule's findings were about `current`; later ones see its edits
            }
        }

        if (file.Document.Spliced && FinalDifference(file.Document) is { } difference)
        {
            if (CheckIncrementalParses)
            {
                throw new IncrementalParseException($"{path}: the final spliced tree differs from a full parse at {difference}");
            }

            return false;
        }

        files[path] = file.Document.Text;
        return true;
    }

    /// <summary>How the spliced tree of the planned text differs from a full parse of it, or null.</summary>
    private static string? FinalDifference(YamlDocument document)
    {
        try
        {
            return YTreeComparison.FirstDifference(document.Root, YTree.Parse(document.Text));
        }
        catch (YamlSyntaxException ex)
        {
            return $"{ex.Line}:{ex.Column}: the text doesn't parse ({ex.Message})";
        }
    }

    private static void Note(Dictionary<string, List<string>> explanations, Dictionary<string, SortedSet<string>> fileRules, string path, string ruleId, IEnumerable<string> lines)
    {
        if (!explanations.TryGetValue(path, out var list))
        {
            explanations[path] = list = [];
        }

        list.AddRange(lines);
        if (!fileRules.TryGetValue(path, out var ids))
        {
            fileRules[path] = ids = new SortedSet<string>(StringComparer.Ordinal);
        }

        ids.Add(ruleId);
    }

    private static RuleSettings? Settings(PolicySpec spec, IRule rule) => spec.Rules.For(rule.Id) ?? new RuleSettings();

    private static Finding Exempt(IRule rule, string? path, string reason) =>
        new() { Rule = rule.Id, Severity = Severity.Note, Path = path, Message = $"exempt from {rule.Id}: {reason}" };
}
