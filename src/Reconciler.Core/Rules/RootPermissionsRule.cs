using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// <c>permissions: {}</c> at the workflow root. A root grant reaches every job, including the ones
/// that run third-party code; grants belong on the jobs that need them.
/// </summary>
public sealed class RootPermissionsRule : IWorkflowRule
{
    public string Id => "root-permissions";

    public string Title => "Workflow root grants no permissions";

    public string Help =>
        "Permissions at the workflow root apply to every job, including those that run dependencies' code. " +
        "With `permissions: {}` at the root each job states only what it needs, so a compromised build step " +
        "can't push code or mint an OIDC token.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context)
    {
        var root = context.Workflow.Root;
        var entry = root.Find("permissions");
        if (entry?.Value is YMap { Entries.Count: 0 })
        {
            return;
        }

        // A job without its own grant lives on the root's (or the repository's default): `{}` would take its token away.
        if (context.Workflow.Jobs.FirstOrDefault(j => j.Map is not null && j.Permissions is null) is { } bare)
        {
            var has = entry is null ? "the repository's default token permissions" : $"the workflow's grant ({Describe(entry.Value)})";
            context.Report(entry?.Key ?? root.Entries[0].Key, $"job {bare.Id} declares no permissions of its own and runs on {has}; the root is left as is until every job declares its grant", severity: Severity.Warning);
            return;
        }

        var current = entry is null ? "no root permissions (the repository's default token permissions apply)" : $"root permissions '{Describe(entry.Value)}'";
        context.Report(entry?.Key ?? root.Entries[0].Key, $"{current}; expected `permissions: {{}}` with grants on each job", fixedByEdit: true);
        if (!context.MayFix)
        {
            return;
        }

        if (entry is null)
        {
            // Conventional place: after the triggers, before env/concurrency/jobs.
            var after = root.Find("on") ?? root.Find("true") ?? root.Find("name");
            var where = after is null ? YamlEditor.InsertAt.Before("jobs") : YamlEditor.InsertAt.After(after.KeyText);
            context.Editor.Insert(root, "permissions", YValue.EmptyMap, where, blankLineBefore: context.Editor.BlankLineAt(root, where));
            context.Explain("Set `permissions: {}` at the workflow root so no job inherits the default token's permissions.");
        }
        else
        {
            // The human's reasons for the old grant move above the key rather than vanish with it.
            context.Editor.ReplaceValueKeepingComments(root, entry, YValue.EmptyMap);
            context.Explain($"Replaced the root `permissions` ({Describe(entry.Value)}) with `{{}}`; each job now declares its own grants.");
        }
    }

    private static string Describe(YNode node) => node switch
    {
        YScalar s => s.Value,
        YMap m => string.Join(", ", m.Entries.Select(e => $"{e.KeyText}: {(e.Value as YScalar)?.Value}")),
        _ => "…",
    };
}
