using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>
/// Actions and reusable workflows at or above the policy's minimum versions
/// (<c>actions.minimumVersions</c>), e.g. download-artifact ≥ v8, which verifies artifact digests.
/// </summary>
public sealed class ActionMinimumVersionRule : IWorkflowRule, IActionFileRule
{
    public string Id => "action-minimum-version";

    public string Title => "Actions and reusable workflows meet the policy's minimum versions";

    public string Help =>
        "Older releases of some actions miss safety checks (download-artifact before v8 doesn't verify the " +
        "artifact's digest) or run on deprecated runtimes; an org's shared workflows get fixes that every " +
        "repository should pick up. The bump changes the SHA and its version comment together.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context) => Check((FileContext)context);

    /// <summary>A composite action's steps, exactly as a workflow's.</summary>
    public void Check(ActionFileContext context) => Check((FileContext)context);

    private static void Check(FileContext context)
    {
        var minimums = context.Policy.Actions.MinimumVersions;
        if (minimums.Count == 0)
        {
            return;
        }

        var resolve = new ActionResolution(context.Policy, context.Actions);
        foreach (var site in context.UsesSites)
        {
            var r = site.Reference;
            if (!r.IsRemote || r.IsBranchLike || Minimum(minimums, r) is not { } minimumText
                || !ActionVersion.TryParse(minimumText, out var minimum))
            {
                continue;
            }

            var currentText = r.IsSha ? YamlText.CommentWord(context.Editor.TrailingComment(site.Node)) ?? resolve.VersionOfSha(r, r.Ref) : r.Ref;
            if (r.IsSha && resolve.VersionOfSha(r, r.Ref) is { } known)
            {
                currentText = known; // the commit's real version beats a comment
            }

            if (!ActionVersion.TryParse(currentText, out var current))
            {
                context.Report(site.Node, $"{site.Where}: the policy wants {r.Name} {minimumText} or newer, and the version of `{r.Text}` can't be told", severity: Severity.Warning);
                continue;
            }

            if (current >= minimum)
            {
                continue;
            }

            Bump(context, resolve, site, currentText!, minimumText, minimum);
        }
    }

    private static void Bump(FileContext context, ActionResolution resolve, UsesSite site, string current, string minimumText, ActionVersion minimum)
    {
        var r = site.Reference;
        var entry = resolve.Entry(r);
        var target = entry is not null && ActionVersion.TryParse(entry.Version, out var approved) && approved >= minimum
            ? new ResolvedRef(entry.Sha, resolve.VersionOfSha(r, entry.Sha) ?? entry.Version)
            : context.Actions.Lookup(r.Action, minimumText);
        var why = $"{site.Where}: {r.Name} {current} is older than the policy's minimum {minimumText}";
        if (r.IsSha && target is null)
        {
            context.Report(site.Node, $"{why}; no commit is known for {minimumText} (add it to actions.catalogue), so it was left as is");
            return;
        }

        // A tag stays a tag (pinned-actions pins it if the policy wants that): the approved version, else the minimum itself.
        var newRef = r.IsSha ? target!.Sha : target?.Version ?? SameStyle(minimumText, r.Ref);
        var updated = r.WithRef(newRef);
        if (context.IsShared(site.Node) || (r.IsSha && site.InFlow))
        {
            context.Report(site.Node, $"{why}; it is inside a YAML anchor, alias or flow mapping, so update it by hand to {updated}");
            return;
        }

        var shown = r.IsSha ? target!.Version : newRef;
        context.Report(site.Node, $"{why}; bumped to {shown}", fixedByEdit: true);
        if (!context.MayFix)
        {
            return;
        }

        if (r.IsSha)
        {
            context.Editor.ReplaceScalarAndComment(site.Node, YamlText.SameQuoting(site.Node, updated), target!.Version);
        }
        else
        {
            context.Editor.ReplaceScalar(site.Node, YamlText.SameQuoting(site.Node, updated));
        }

        context.Explain($"Raised `{r.Name}` from {current} to {shown}, the policy's minimum being {minimumText} ({site.Where}).");
        context.VerifyUses(site, updated);
    }

    private static string? Minimum(Dictionary<string, string> minimums, ActionReference r) =>
        minimums.FirstOrDefault(kv => kv.Key.Equals(r.Name, StringComparison.OrdinalIgnoreCase)).Value
        ?? minimums.FirstOrDefault(kv => kv.Key.Equals(r.Action, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Writes a version the way the current ref does: <c>v1.0.3</c> next to <c>v1.0.2</c>, <c>1.0.3</c> next to <c>1.0.2</c>.</summary>
    private static string SameStyle(string version, string currentRef)
    {
        var bare = version.TrimStart('v', 'V');
        return currentRef.StartsWith('v') || currentRef.StartsWith('V') ? currentRef[0] + bare : bare;
    }
}
