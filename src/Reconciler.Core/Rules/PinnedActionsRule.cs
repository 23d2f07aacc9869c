using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Every remote <c>uses:</c> pinned to a full commit SHA with a <c># vX.Y.Z</c> comment naming the
/// most specific version tag on that commit: the shape Dependabot, Renovate, pinact and zizmor read.
/// </summary>
public sealed class PinnedActionsRule : IWorkflowRule, IActionFileRule
{
    public string Id => "pinned-actions";

    public string Title => "Actions are pinned to a commit SHA with a version comment";

    public string Help =>
        "A tag or branch can be moved to any commit by whoever controls the action's repository, so a " +
        "workflow on `@v4` runs whatever that tag points at today. A full commit SHA can't change; the " +
        "`# vX.Y.Z` comment keeps it readable and lets Dependabot or Renovate propose updates.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context) => Check((FileContext)context);

    /// <summary>A composite action's steps, exactly as a workflow's.</summary>
    public void Check(ActionFileContext context) => Check((FileContext)context);

    private static void Check(FileContext context)
    {
        var resolve = new ActionResolution(context.Policy, context.Actions);
        var pinned = new List<(string From, string Version)>();
        foreach (var site in context.UsesSites)
        {
            var r = site.Reference;
            if (!r.IsRemote)
            {
                continue; // ./local and docker:// are left alone
            }

            if (r.IsSha)
            {
                CheckComment(context, resolve, site);
            }
            else if (r.IsBranchLike)
            {
                context.Report(site.Node, $"{site.Where}: `{r.Text}` follows the branch `{r.Ref}`, which moves with every push; pin it to a release by hand (Reconcile doesn't guess which release you meant)");
            }
            else if (!context.Policy.Actions.ExemptOwners.Contains(r.Owner, StringComparer.OrdinalIgnoreCase))
            {
                PinTag(context, resolve, site, pinned);
            }
        }

        // Renovate can't follow a major-only comment (`# v6`); say where the catalogue should be more specific.
        foreach (var (from, version) in pinned.Distinct().Where(p => ActionVersion.TryParse(p.Version, out var v) && v.Precision < 3).DistinctBy(p => p.Version + ActionReference.Parse(p.From).Action))
        {
            var action = ActionReference.Parse(from).Action;
            var site = context.UsesSites.First(s => s.Reference.Action == action);
            context.Report(site.Node, $"{action} was pinned with the comment `# {version}`: the catalogue knows no more specific version for that commit. Give its full version (vX.Y.Z) in actions.catalogue so update tools can follow it", severity: Severity.Note);
        }

        // One line per distinct reference, not per use: a reviewer reads "3 places", not three lines.
        foreach (var group in pinned.GroupBy(p => p).OrderBy(g => g.Key.From, StringComparer.Ordinal))
        {
            var (from, version) = group.Key;
            context.Explain($"Pinned `{from}` to the commit of {version}{(group.Count() > 1 ? $" ({group.Count()} places)" : "")}.");
        }
    }

    private static void PinTag(FileContext context, ActionResolution resolve, UsesSite site, List<(string From, string Version)> pinned)
    {
        var r = site.Reference;
        if (resolve.ResolveTag(r, r.Ref) is not { } pin)
        {
            context.Report(site.Node, $"{site.Where}: `{r.Text}` is on a tag that can be moved; no commit is known for {r.Ref} (add {r.Action} to the policy's actions.catalogue or connect a host), so it was left as is", severity: Severity.Warning);
            return;
        }

        if (context.IsShared(site.Node) || site.InFlow)
        {
            var why = site.InFlow ? "is in a flow mapping, where a version comment can't follow it" : "is inside a YAML anchor or alias";
            context.Report(site.Node, $"{site.Where}: `{r.Text}` {why}; pin it by hand to {r.Name}@{pin.Sha} # {pin.Version}");
            return;
        }

        var target = r.WithRef(pin.Sha);
        context.Report(site.Node, $"{site.Where}: `{r.Text}` is on a tag that can be moved; pinned to {pin.Version} ({pin.Sha[..12]})", fixedByEdit: true);
        if (!context.MayFix)
        {
            return;
        }

        context.Editor.ReplaceScalarAndComment(site.Node, YamlText.SameQuoting(site.Node, target), YamlText.VersionComment(pin.Version, context.Editor.TrailingComment(site.Node)));
        pinned.Add((r.Text.Trim(), pin.Version));
        context.VerifyUses(site, target);
    }

    /// <summary>
    /// A comment that names the commit as precisely as what we know (another tag on the same commit), or more precisely
    /// on the same line (`# v6.2.0` where the catalogue only records v6), is right: rewriting it would lose what it says.
    /// </summary>
    private static bool StillRight(IReadOnlyList<string> known, string version, string? written) =>
        written is not null && ActionVersion.TryParse(written, out var w) && ActionVersion.TryParse(version, out var v)
        && ((known.Contains(written) && w.Precision >= v.Precision) || ActionResolution.Covers(version, written));

    private static void CheckComment(FileContext context, ActionResolution resolve, UsesSite site)
    {
        var r = site.Reference;
        var comment = context.Editor.TrailingComment(site.Node);
        var written = YamlText.CommentWord(comment);
        if (resolve.VersionOfSha(r, r.Ref) is not { } version)
        {
            if (written is null)
            {
                context.Report(site.Node, $"{site.Where}: `{r.Text}` is pinned but has no `# vX.Y.Z` comment, and the commit is not in the catalogue; add the version it is", severity: Severity.Note);
            }

            return;
        }

        if (written == version || StillRight(resolve.VersionsOfSha(r, r.Ref), version, written))
        {
            return;
        }

        if (context.IsShared(site.Node) || site.InFlow)
        {
            context.Report(site.Node, $"{site.Where}: the comment of `{r.Text}` should say {version}; it is inside a YAML anchor, alias or flow mapping, so fix it by hand");
            return;
        }

        // `# v6` on the commit of v6.2.0 isn't wrong, only less than update tools need.
        var vaguer = written is not null && ActionResolution.Covers(written, version);
        var (what, severity) = written is null ? ("has no version comment", Severity.Warning)
            : vaguer ? ($"says `# {comment!.Trim()}`, which names only the line of that commit's release {version}", Severity.Warning)
            : ($"says `# {comment!.Trim()}` but that commit is {version}", Severity.Error);
        context.Report(site.Node, $"{site.Where}: `{r.Action}@{r.Ref[..12]}…` {what}; update tools read the comment, so it should name the release exactly", fixedByEdit: true, severity: severity);
        if (context.MayFix)
        {
            context.Editor.ReplaceScalarAndComment(site.Node, YValue.Raw(context.Editor.TextOf(site.Node)), YamlText.VersionComment(version, comment));
            context.Explain(written is null ? $"Added the version comment `# {version}` to the pinned `{r.Action}` ({site.Where})."
                : vaguer ? $"Made the version comment of `{r.Action}` exact: `{written}` to `{version}`, the release that commit is ({site.Where})."
                : $"Corrected the version comment of `{r.Action}` from `{written}` to `{version}`, the release that commit is ({site.Where}).");
        }
    }
}
