using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Every job declares the least GITHUB_TOKEN grant its steps need (see <see cref="PermissionKnowledge"/>).
/// Explicit grants are only ever narrowed; a job running something the knowledge base doesn't know
/// keeps what it had.
/// </summary>
public sealed class JobPermissionsRule : IWorkflowRule
{
    public string Id => "job-permissions";

    public string Title => "Every job declares the least privilege it needs";

    public string Help =>
        "A job's token can do whatever its permissions allow, on behalf of every action and script in the job. " +
        "Granting each job only what its steps use (checkout reads, a release writes contents, a trusted-publishing " +
        "upload needs id-token) limits what a compromised dependency can do; OIDC tokens belong only to jobs behind " +
        "a protected environment.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context)
    {
        var rootEntry = context.Workflow.Root.Find("permissions");
        var rootGrant = rootEntry is null ? null : PermissionSet.Read(rootEntry.Value);
        foreach (var job in context.Workflow.Jobs)
        {
            if (job.Map is { } map)
            {
                CheckJob(context, job, map, rootEntry is null ? null : rootGrant, rootEntry);
            }
        }
    }

    private static void CheckJob(WorkflowContext context, Job job, YMap map, PermissionSet? rootGrant, YEntry? rootEntry)
    {
        var needs = JobNeeds.Of(job, context.Repository, ActionPermissions.For(context.Policy));
        var entry = map.Find("permissions");
        var explicitGrant = entry is null ? null : PermissionSet.Read(entry.Value);
        if (entry is not null && explicitGrant is null)
        {
            context.Report(entry.Value, $"job {job.Id}: its permissions can't be read (expected a mapping, read-all or write-all); left as is", severity: Severity.Warning);
            return;
        }

        var existing = explicitGrant ?? rootGrant;
        PermissionSet desired;
        string reason;
        if (needs.Unknown.Count > 0)
        {
            var unknown = string.Join(", ", needs.Unknown.Select(u => u.Describe()).Distinct(StringComparer.Ordinal));
            var toKnow = HowToMakeKnown(needs.Unknown);
            if (explicitGrant is not null)
            {
                if (!NothingToNarrow(explicitGrant))
                {
                    context.Report(entry!.Key, $"job {job.Id} runs {unknown}, which Reconcile can't assess; its grant ({explicitGrant.Describe()}) was kept{toKnow}", severity: Severity.Note);
                }

                CheckOidc(context, job, explicitGrant);
                return;
            }

            if (rootGrant is null)
            {
                // The repository's default token may be read-write: any grant written here could take away what the step uses.
                context.Report(job.Entry.Key, $"job {job.Id} has the repository's default token permissions and runs {unknown}, which Reconcile can't assess; no grant was written (a narrower one could break it), so declare the job's `permissions:` by hand{toKnow}", severity: Severity.Warning);
                return;
            }

            desired = rootGrant;
            reason = $"it runs {unknown}, which Reconcile can't assess, so it keeps the workflow's grant";
            if (toKnow.Length > 0)
            {
                context.Report(job.Entry.Key, $"job {job.Id} runs {unknown}, which Reconcile can't assess; it keeps the workflow's grant ({rootGrant.Describe()}){toKnow}", severity: Severity.Note);
            }
        }
        else
        {
            var computed = new PermissionSet();
            foreach (var (scope, level) in needs.Required.Granted)
            {
                if (scope == "id-token" && (existing is null || existing[scope] < level))
                {
                    // OIDC is never granted where it wasn't: the upload may authenticate with a token or password.
                    context.Report(job.Permissions ?? job.Entry.Key, $"job {job.Id} may need id-token: write for {needs.Required.Why(scope)}, which it doesn't have; not added (it may authenticate with a token or password)", severity: Severity.Note);
                    continue;
                }

                computed.Raise(scope, level, needs.Required.Why(scope) ?? "");
            }

            foreach (var (scope, level) in needs.KeptIfGranted.Granted)
            {
                if (existing is not null && existing[scope] >= level)
                {
                    computed.Raise(scope, level, needs.KeptIfGranted.Why(scope) ?? "");
                }
            }

            desired = existing is null ? computed : Narrow(context, job, existing, computed);
            reason = Reasons(desired);
        }

        CheckOidc(context, job, desired);
        if (explicitGrant is not null && desired.SameAs(explicitGrant))
        {
            return;
        }

        if (explicitGrant is null && rootGrant is not null && !rootGrant.Granted.Any() && !desired.Granted.Any())
        {
            return; // the root grants nothing and the job needs nothing more: already least privilege
        }

        var target = entry?.Value ?? (YNode)map;
        if (context.IsShared(target) || (entry is not null && context.HoldsAnchorOrAlias(entry.Value)))
        {
            context.Report(target, $"job {job.Id} should have `permissions: {desired.Describe()}`; it is inside a YAML anchor or alias, so change it by hand");
            return;
        }

        if (entry is null && map.IsFlow)
        {
            context.Report(job.Entry.Key, $"job {job.Id} is written as a flow mapping; add `permissions: {desired.Describe()}` to it by hand", severity: Severity.Warning);
            return;
        }

        var before = explicitGrant is not null ? $"grants {explicitGrant.Describe()}" : rootGrant is not null ? $"inherits the workflow's {rootGrant.Describe()}" : "has the repository's default token permissions";
        var message = explicitGrant is null && rootGrant is not null && desired.SameAs(rootGrant)
            ? $"job {job.Id} relies on the workflow's grant ({rootGrant.Describe()}); it is declared on the job so the root can grant nothing{(needs.Unknown.Count > 0 ? $" ({reason})" : "")}"
            : $"job {job.Id} {before}; it needs {desired.Describe()} ({reason})";
        context.Report(entry?.Key ?? job.Entry.Key, message, fixedByEdit: true);
        if (!context.MayFix)
        {
            return;
        }

        Edit(context, map, entry, explicitGrant, desired, rootEntry);
        context.Explain($"Job `{job.Id}` now declares `permissions: {desired.Describe()}` ({reason}).");
        var id = job.Id;
        context.Verify(wf => PermissionSet.Read(wf.Job(id)?.Permissions) is { } now && now.SameAs(desired) ? null : $"job {id}'s permissions are not {desired.Describe()}");
    }

    /// <summary>Reading the repository and minting an OIDC token: what every upload-only job holds, nothing a note could narrow.</summary>
    private static bool NothingToNarrow(PermissionSet grant) =>
        grant.All == PermissionLevel.None && grant.Granted.All(g => g.Scope == "id-token" || (g.Scope == "contents" && g.Level == PermissionLevel.Read));

    /// <summary>". What to do: …" with each distinct hint (declare it in the policy, add its action.yml), or nothing when none applies.</summary>
    private static string HowToMakeKnown(IEnumerable<UnknownUse> unknown)
    {
        var hints = unknown.Select(u => u.Hint).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return hints.Count == 0 ? "" : $". What to do: {string.Join("; ", hints)}";
    }

    /// <summary>Per scope the lower of what the job has and what it needs: an explicit grant is never widened.</summary>
    private static PermissionSet Narrow(WorkflowContext context, Job job, PermissionSet existing, PermissionSet computed)
    {
        var narrowed = new PermissionSet();
        var shortOf = new List<string>();
        foreach (var (scope, level) in computed.Granted)
        {
            var kept = existing[scope] < level ? existing[scope] : level;
            if (kept > PermissionLevel.None)
            {
                narrowed.Raise(scope, kept, computed.Why(scope) ?? "");
            }

            if (existing[scope] < level && !(scope == "contents" && level == PermissionLevel.Read))
            {
                shortOf.Add($"{scope}: {PermissionSet.Text(level)} for {computed.Why(scope)}");
            }
        }

        if (shortOf.Count > 0)
        {
            context.Report(job.Permissions ?? job.Entry.Key, $"job {job.Id} may need {string.Join(", ", shortOf)}, more than it is granted; not widened (it may use another token)", severity: Severity.Note);
        }

        return narrowed;
    }

    private static void CheckOidc(WorkflowContext context, Job job, PermissionSet grant)
    {
        if (grant["id-token"] == PermissionLevel.Write && job.Uses is null && job.Environment is null)
        {
            context.Report(job.Permissions ?? job.Entry.Key, $"job {job.Id} can mint OIDC tokens (`id-token: write`) without an `environment:`; anyone who can push a branch can publish. Run it under a protected environment", severity: Severity.Warning);
        }
    }

    private static void Edit(WorkflowContext context, YMap job, YEntry? entry, PermissionSet? explicitGrant, PermissionSet desired, YEntry? rootEntry)
    {
        if (entry is null)
        {
            var where = job.Find("steps") is not null ? YamlEditor.InsertAt.Before("steps")
                : job.Find("with") is not null ? YamlEditor.InsertAt.Before("with")
                : job.Find("secrets") is not null ? YamlEditor.InsertAt.Before("secrets")
                : YamlEditor.InsertAt.End;
            context.Editor.Insert(job, "permissions", WithRootComments(context, desired, rootEntry), where, blankLineBefore: context.Editor.BlankLineAt(job, where));
            return;
        }

        if (entry.Value is YMap { IsFlow: false, Entries.Count: > 0 } block && explicitGrant!.All == PermissionLevel.None && desired.Granted.Any())
        {
            // Change only the lines that differ, so comments inside the block stay.
            foreach (var e in block.Entries)
            {
                var level = desired[e.KeyText];
                if (level == PermissionLevel.None)
                {
                    context.Editor.Remove(block, e);
                }
                else if (level != explicitGrant[e.KeyText])
                {
                    context.Editor.ReplaceScalar((YScalar)e.Value, YValue.Str(PermissionSet.Text(level)));
                }
            }

            return;
        }

        context.Editor.ReplaceValueKeepingComments(job, entry, desired.ToYaml());
    }

    /// <summary>
    /// The grant to insert; a scope the workflow root's block grants at the same level takes that line's comment
    /// along, so the reason written for a grant stays with it when it moves onto the job.
    /// </summary>
    private static YValue WithRootComments(WorkflowContext context, PermissionSet desired, YEntry? rootEntry)
    {
        if (rootEntry?.Value is not YMap { IsFlow: false } root || desired.ToYaml() is not YMapValue { Items.Count: > 0 } grant)
        {
            return desired.ToYaml();
        }

        return new YMapValue(grant.Items.Select(item =>
        {
            var line = root.Entries.FirstOrDefault(e => e.KeyText == item.Key);
            var same = line?.Value is YScalar s && s.Value == (item.Value as YStr)?.Value;
            var comment = same ? context.Editor.TrailingComment(line!.Value)?.Trim() : null;
            return item with { Comment = string.IsNullOrEmpty(comment) ? null : comment };
        }).ToList());
    }

    /// <summary>"contents: write for gh release create; id-token: write for pypa/gh-action-pypi-publish", scopes with one reason together.</summary>
    private static string Reasons(PermissionSet grant) =>
        grant.Granted.Any()
            ? string.Join("; ", grant.Granted
                .GroupBy(g => grant.Why(g.Scope) ?? "")
                .Select(g => $"{string.Join(", ", g.Select(x => $"{x.Scope}: {PermissionSet.Text(x.Level)}"))} for {g.Key}"))
            : "none of its steps uses the token";
}
