using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// A saved plan is only JSON anyone could have edited, so it is never a request: it names repositories and what the
/// operator agreed to. Apply plans each drifted repository again at its head with the same policy and writes only
/// that fresh plan, and only when it is the saved entry (same head, same files with the same content, same settings
/// with the same current and desired values, same manual steps). This type says, per entry, why it is refused:
/// first from the document alone (<see cref="CheckDocument"/>), then against the fresh plan (<see cref="Compare"/>).
/// </summary>
public static partial class SavedPlanCheck
{
    /// <summary>
    /// Entries the document alone rules out, by repository name as the plan spells it (case-insensitive): a name that
    /// isn't <c>owner/name</c>, a repository listed twice, a status the entry contradicts, or a drifted entry that
    /// doesn't say which branch and commit it was planned at (without them "the branch moved" can't be checked).
    /// </summary>
    public static IReadOnlyDictionary<string, string> CheckDocument(Plan saved)
    {
        var refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var twice in saved.Repositories.GroupBy(r => r.Repository, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            refused[twice.Key] = $"the plan lists {Printable(twice.Key)} {twice.Count()} times; a plan has one entry per repository, so it was edited; nothing applied";
        }

        foreach (var entry in saved.Repositories.Where(r => !refused.ContainsKey(r.Repository)))
        {
            if (EntryProblem(entry) is { } problem)
            {
                refused[entry.Repository] = problem;
            }
        }

        return refused;
    }

    /// <summary>
    /// Why the fresh plan of a repository doesn't carry out its saved entry, or null when it does (or when it is in
    /// sync now: it then writes nothing, whatever the saved entry says).
    /// </summary>
    public static string? Compare(RepositoryPlan saved, RepositoryPlan? fresh)
    {
        if (fresh is null)
        {
            return "GitHub didn't answer for it under this name (renamed or transferred since the plan?); nothing applied, plan again";
        }

        if (fresh.DefaultBranch is { } branch && branch != saved.DefaultBranch)
        {
            return $"the default branch changed since the plan ({saved.DefaultBranch} → {branch}); plan again";
        }

        if (fresh.HeadSha is { } head && head != saved.HeadSha)
        {
            return $"{saved.DefaultBranch} moved since the plan (planned at {Short(saved.HeadSha!)}, now {Short(head)}); plan again";
        }

        switch (fresh.Status)
        {
            case RepositoryStatus.InSync:
                return null; // done since the plan: the fresh plan writes nothing
            case RepositoryStatus.Skipped:
                return $"it is skipped now ({fresh.Reason}); nothing applied";
            case RepositoryStatus.Error:
                return $"planning it again failed ({fresh.Error}); nothing applied";
        }

        var before = ByIdentity(saved.Changes);
        var now = ByIdentity(fresh.Changes);
        if (before.Keys.FirstOrDefault(k => !now.ContainsKey(k)) is { } extra)
        {
            return $"the plan's {extra} is not a change the policy makes now (edited, or done since the plan); nothing applied, plan again";
        }

        if (now.Keys.FirstOrDefault(k => !before.ContainsKey(k)) is { } missing)
        {
            return $"the policy now makes {missing}, which the plan doesn't list (edited, or changed since the plan); nothing applied, plan again";
        }

        foreach (var (key, list) in before)
        {
            var other = now[key];
            if (list.Count != other.Count)
            {
                return $"the plan lists {key} {list.Count} times, the policy makes it {other.Count} times now; nothing applied, plan again";
            }

            if (list.Zip(other).Select(p => Difference(p.First, p.Second)).FirstOrDefault(d => d is not null) is { } field)
            {
                return $"the plan's {key} differs in its {field} from what the policy makes now (edited, or changed since the plan); nothing applied, plan again";
            }
        }

        return null;
    }

    /// <summary>A repository name fit for a message: control characters shown as escapes, long names cut.</summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] + "…" : text)
        {
            sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202e' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return sb.ToString();
    }

    private static string? EntryProblem(RepositoryPlan entry)
    {
        if (!ApiPath.IsRepositoryName(entry.Repository))
        {
            return $"'{Printable(entry.Repository)}' is not a repository name (owner/name); nothing applied";
        }

        var unfixedErrors = entry.Findings.Any(f => f.Severity == Severity.Error && !f.Fixed);
        var contradiction = entry.Status switch
        {
            RepositoryStatus.Drift when entry.Error is not null => "it carries an error",
            RepositoryStatus.Drift when entry.Changes.Count == 0 && !unfixedErrors => "it has no changes and no unfixed error findings",
            RepositoryStatus.InSync when entry.Changes.Count > 0 => $"it lists {entry.Changes.Count} change(s)",
            RepositoryStatus.InSync when entry.Error is not null || unfixedErrors => "it carries errors",
            RepositoryStatus.Skipped when entry.Reason is null || entry.Changes.Count > 0 => "it has no reason, or lists changes",
            RepositoryStatus.Error when entry.Error is null => "it gives no error",
            _ => null,
        };
        if (contradiction is not null)
        {
            return $"its status '{StatusName(entry.Status)}' doesn't fit the entry ({contradiction}), so the plan was edited; nothing applied";
        }

        if (entry.Status == RepositoryStatus.Drift && (string.IsNullOrEmpty(entry.DefaultBranch) || entry.HeadSha is null || !CommitSha().IsMatch(entry.HeadSha)))
        {
            return "the plan doesn't say which default branch and commit it was made at (defaultBranch, headSha), so whether the branch moved can't be checked; nothing applied, plan again";
        }

        return null;
    }

    /// <summary>Changes by what they change: a file by path, a setting by target and action, a manual step by target.</summary>
    private static Dictionary<string, List<PlannedChange>> ByIdentity(IEnumerable<PlannedChange> changes)
    {
        var map = new Dictionary<string, List<PlannedChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var key = change switch
            {
                FileChange f => $"change to file {Printable(f.Path)}",
                SettingChange s => $"setting change '{ActionName(s.Action)} {Printable(s.Target)}'",
                ManualChange m => $"manual step '{Printable(m.Target)}'",
                _ => $"change of kind {change.GetType().Name}",
            };
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(change);
        }

        return map;
    }

    /// <summary>The first field two changes of the same identity differ in, or null.</summary>
    private static string? Difference(PlannedChange saved, PlannedChange fresh) => (saved, fresh) switch
    {
        _ when !saved.Rules.SequenceEqual(fresh.Rules, StringComparer.Ordinal) => "rules",
        (FileChange a, FileChange b) => a.Action != b.Action ? "action"
            : a.Content != b.Content ? "content"
            : a.Diff != b.Diff ? "diff"
            : !a.Explanations.SequenceEqual(b.Explanations, StringComparer.Ordinal) ? "explanations"
            : null,
        (SettingChange a, SettingChange b) => !JsonNode.DeepEquals(a.Desired, b.Desired) ? "desired value"
            : !JsonNode.DeepEquals(a.Current, b.Current) ? "current value"
            : a.Reason != b.Reason ? "reason"
            : null,
        (ManualChange a, ManualChange b) => a.Instructions != b.Instructions ? "instructions" : null,
        _ => "kind",
    };

    private static string StatusName(RepositoryStatus status) => status == RepositoryStatus.InSync ? "in-sync" : status.ToString().ToLowerInvariant();

    private static string ActionName(ChangeAction action) => action.ToString().ToLowerInvariant();

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")]
    private static partial Regex CommitSha();
}
