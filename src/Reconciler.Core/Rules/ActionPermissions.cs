using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>
/// What a remote action or reusable workflow needs from the GITHUB_TOKEN: the policy's
/// <c>actions.permissions</c> first (an org's own actions and workflows, or a correction of the
/// built-in entry), then <see cref="PermissionKnowledge"/>. Grants come back in the knowledge base's
/// <c>scope: level, …</c> form.
/// </summary>
public sealed class ActionPermissions
{
    private readonly Dictionary<string, string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Pattern, string Grants)> _globs = [];

    public ActionPermissions(IReadOnlyDictionary<string, Dictionary<string, string>> declared)
    {
        foreach (var (name, scopes) in declared)
        {
            // "none" is a declaration that the scope isn't needed: nothing to grant.
            var grants = string.Join(", ", scopes.Where(s => s.Value != "none").Select(s => $"{s.Key}: {s.Value}"));
            if (name.Contains('*', StringComparison.Ordinal) || name.Contains('?', StringComparison.Ordinal))
            {
                _globs.Add((name, grants));
            }
            else
            {
                _exact[name] = grants;
            }
        }

        // The most specific pattern decides: the longest, then the first in ordinal order (stable across runs).
        _globs.Sort((a, b) => a.Pattern.Length != b.Pattern.Length ? b.Pattern.Length.CompareTo(a.Pattern.Length) : string.CompareOrdinal(a.Pattern, b.Pattern));
    }

    public static ActionPermissions For(PolicySpec policy) => new(policy.Actions.Permissions);

    /// <summary>
    /// The grants a remote reference needs and the reason to show for them, or null when neither the policy
    /// nor the knowledge base knows it. An action's path falls back to its repository (<c>owner/repo/sub</c> →
    /// <c>owner/repo</c>); a reusable workflow's doesn't, since a repository's entry describes its action.
    /// </summary>
    public (string Grants, string Why)? Find(ActionReference reference)
    {
        var names = reference.IsReusableWorkflow || reference.Path.Length == 0 ? [reference.Name] : new[] { reference.Name, reference.Action };
        foreach (var name in names)
        {
            if (_exact.TryGetValue(name, out var declared))
            {
                return (declared, $"{reference.Name} (declared in the policy)");
            }
        }

        foreach (var (pattern, grants) in _globs)
        {
            if (names.Any(n => Glob.IsMatch(pattern, n)))
            {
                return (grants, $"{reference.Name} (declared in the policy as {pattern})");
            }
        }

        if (reference.IsReusableWorkflow)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (PermissionKnowledge.Actions.TryGetValue(name, out var known))
            {
                return (known, reference.Name);
            }
        }

        return null;
    }
}
