using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>What a job needs from the GITHUB_TOKEN, worked out from its steps with <see cref="PermissionKnowledge"/>.</summary>
public sealed class JobNeeds
{
    public PermissionSet Required { get; } = new();

    /// <summary>Scopes kept only when the job already has them (trusted-publishing uploads).</summary>
    public PermissionSet KeptIfGranted { get; } = new();

    /// <summary>Actions, commands or callees the knowledge base can't assess; non-empty means "keep the grant".</summary>
    public List<string> Unknown { get; } = [];

    public static JobNeeds Of(Job job, IReadOnlyDictionary<string, string> files, int depth = 0)
    {
        var needs = new JobNeeds();
        if (job.Uses is { } uses)
        {
            needs.AddCallee(ActionReference.Parse(uses), files, depth);
            needs.Required.Raise("contents", PermissionLevel.Read, "reading the repository");
            return needs;
        }

        foreach (var step in job.Steps)
        {
            if (step.Uses is { } stepUses)
            {
                needs.AddAction(ActionReference.Parse(stepUses));
            }

            if (step.Run is { } script && PublishDetection.PublishCommandIn(script) is { } upload && upload.Contains("publish", StringComparison.Ordinal)
                && (step.Env?.Text("NPM_CONFIG_PROVENANCE") ?? job.Map?.Map("env")?.Text("NPM_CONFIG_PROVENANCE")) == "true")
            {
                // npm reads provenance from the environment as well as from --provenance.
                needs.Required.Raise("id-token", PermissionLevel.Write, "npm publish with NPM_CONFIG_PROVENANCE");
            }

            if (step.Run is { } run && MayNeedToken(run))
            {
                foreach (var (pattern, command, grants) in PermissionKnowledge.Commands)
                {
                    if (pattern.IsMatch(run))
                    {
                        needs.Add(grants, command);
                    }
                }
            }
        }

        // Checking out or reading the repository is what nearly every job does; a job we know nothing
        // about gets just that.
        needs.Required.Raise("contents", PermissionLevel.Read, "reading the repository");
        return needs;
    }

    /// <summary>
    /// A cheap pre-check before the knowledge base's patterns: every command there mentions one of
    /// these words. Most scripts (install, build, test) don't, and skip the regexes.
    /// </summary>
    private static bool MayNeedToken(string script) =>
        script.Contains("gh ", StringComparison.Ordinal) || script.Contains("git ", StringComparison.Ordinal)
        || script.Contains("publish", StringComparison.Ordinal) || script.Contains("upload", StringComparison.Ordinal)
        || script.Contains("push", StringComparison.Ordinal);

    private void AddAction(ActionReference action)
    {
        switch (action.Kind)
        {
            case ActionReferenceKind.Docker:
                return; // a container gets no token unless a step passes one
            case ActionReferenceKind.Remote:
                var grants = PermissionKnowledge.Actions.GetValueOrDefault(action.Name) ?? PermissionKnowledge.Actions.GetValueOrDefault(action.Action);
                if (grants is null)
                {
                    Unknown.Add(action.Name);
                }
                else
                {
                    Add(grants, action.Name);
                }

                return;
            default:
                Unknown.Add(action.Text);
                return;
        }
    }

    private void AddCallee(ActionReference callee, IReadOnlyDictionary<string, string> files, int depth)
    {
        var path = callee.Kind == ActionReferenceKind.Local && callee.Path.StartsWith("./", StringComparison.Ordinal) ? callee.Path[2..] : null;
        if (path is null || depth > 3 || !files.TryGetValue(path, out var text))
        {
            Unknown.Add(callee.Text);
            return;
        }

        Workflow called;
        try
        {
            called = Workflow.Parse(path, text);
        }
        catch (Exception ex) when (ex is YamlSyntaxException or NotAWorkflowException)
        {
            Unknown.Add(callee.Text);
            return;
        }

        // A called workflow's jobs get at most what the caller grants: the caller needs their union.
        foreach (var job in called.Jobs)
        {
            if (PermissionSet.Read(job.Permissions) is { } declared)
            {
                foreach (var (scope, level) in declared.Granted)
                {
                    Required.Raise(scope, level, $"{callee.Text} (job {job.Id})");
                }

                continue;
            }

            var inner = Of(job, files, depth + 1);
            Required.Union(inner.Required);
            KeptIfGranted.Union(inner.KeptIfGranted);
            Unknown.AddRange(inner.Unknown);
        }
    }

    private void Add(string grants, string why)
    {
        foreach (var part in grants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "unknown")
            {
                Unknown.Add(why);
                continue;
            }

            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var scope = part[..colon].Trim();
            var level = part[(colon + 1)..].Trim();
            var optional = level.EndsWith('?');
            var parsed = PermissionSet.Parse(level.TrimEnd('?')) ?? throw new InvalidOperationException($"bad grant '{part}' in the permission knowledge base");
            (optional ? KeptIfGranted : Required).Raise(scope, parsed, why);
        }
    }
}
