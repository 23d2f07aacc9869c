using System.Text.RegularExpressions;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Something a job runs that Reconcile can't assess, where (<c>step 3 (Publish)</c>, or null for the job itself),
/// and what to do about it (null: nothing to say, e.g. a repository script).
/// </summary>
public sealed record UnknownUse(string What, string? Hint, string? Where = null)
{
    /// <summary><c>`./bin/publish` in step 3 (Publish)</c>.</summary>
    public string Describe() => Where is null ? $"`{What}`" : $"`{What}` in {Where}";
}

/// <summary>
/// What a job needs from the GITHUB_TOKEN, worked out from its steps with <see cref="ActionPermissions"/> and
/// <see cref="PermissionKnowledge"/>, following local reusable workflows and local composite actions.
/// </summary>
public sealed class JobNeeds
{
    /// <summary>How deep local reusable workflows are followed before the rest counts as unknown.</summary>
    private const int MaxWorkflowDepth = 3;

    /// <summary>How deep local composite actions are followed (a bound on work; cycles are cut separately).</summary>
    private const int MaxActionDepth = 8;

    private readonly RepositorySnapshot _repository;
    private readonly ActionPermissions _actions;
    private YMap? _jobEnv;

    private JobNeeds(RepositorySnapshot repository, ActionPermissions actions)
    {
        _repository = repository;
        _actions = actions;
    }

    public PermissionSet Required { get; } = new();

    /// <summary>Scopes kept only when the job already has them (trusted-publishing uploads).</summary>
    public PermissionSet KeptIfGranted { get; } = new();

    /// <summary>Actions, commands or callees that can't be assessed; non-empty means "keep the grant".</summary>
    public List<UnknownUse> Unknown { get; } = [];

    /// <summary>What <paramref name="job"/> needs; called workflows and local actions' metadata are read from <paramref name="repository"/>.</summary>
    public static JobNeeds Of(Job job, RepositorySnapshot repository, ActionPermissions actions) =>
        Of(job, repository, actions, depth: 0);

    private static JobNeeds Of(Job job, RepositorySnapshot repository, ActionPermissions actions, int depth)
    {
        var needs = new JobNeeds(repository, actions);
        if (job.Uses is { } uses)
        {
            needs.AddCallee(ActionReference.Parse(uses), depth);
        }
        else
        {
            needs._jobEnv = job.Map?.Map("env");
            if (ReadsJobToken(needs._jobEnv))
            {
                needs.Unknown.Add(new UnknownUse("the job's token", null, "the job's env:"));
            }

            needs.AddSteps(job.Steps, []);
        }

        // Checking out or reading the repository is what nearly every job does; a job we know nothing
        // about gets just that.
        needs.Required.Raise("contents", PermissionLevel.Read, "reading the repository");
        return needs;
    }

    /// <summary>
    /// A job's steps, or a composite action's. <paramref name="actionChain"/> holds the local actions being
    /// expanded around these steps (the cycle guard).
    /// </summary>
    private void AddSteps(IEnumerable<Step> steps, IReadOnlyList<string> actionChain)
    {
        foreach (var step in steps)
        {
            if (step.Uses is { } stepUses)
            {
                AddAction(ActionReference.Parse(stepUses), step, actionChain);
            }

            if (step.Run is { } run)
            {
                AddScript(run, step);
            }
        }
    }

    /// <summary>
    /// A <c>run:</c> script: every command in it has to be known to need no token (<see cref="NoTokenCommands"/>),
    /// or the job counts as unknown. The knowledge base's commands still say what they need at least.
    /// </summary>
    private void AddScript(string run, Step step)
    {
        if (ReadsJobToken(step.Env) || TokenReference.IsMatch(run))
        {
            Unknown.Add(new UnknownUse("the job's token", null, step.Label));
        }
        else if (step.Map?.Text("shell") is { } shell && !KnownShells.Contains(shell.Split(' ')[0]))
        {
            Unknown.Add(new UnknownUse($"shell: {shell}", null, step.Label));
        }
        else if (ShellCommands.Of(run).FirstOrDefault(c => !NoTokenCommands.NeedNoToken(c)) is { } command)
        {
            Unknown.Add(new UnknownUse(Shorten(string.Join(' ', command)), null, step.Label));
        }

        if (PublishDetection.PublishCommandIn(run) is { } upload && upload.Contains("publish", StringComparison.Ordinal)
            && (step.Env?.Text("NPM_CONFIG_PROVENANCE") ?? _jobEnv?.Text("NPM_CONFIG_PROVENANCE")) == "true")
        {
            // npm reads provenance from the environment as well as from --provenance.
            Required.Raise("id-token", PermissionLevel.Write, "npm publish with NPM_CONFIG_PROVENANCE");
        }

        if (MayNeedToken(run))
        {
            foreach (var (pattern, command, grants) in PermissionKnowledge.Commands)
            {
                if (pattern.IsMatch(run))
                {
                    Add(grants, command);
                }
            }
        }
    }

    private static readonly HashSet<string> KnownShells = new(StringComparer.Ordinal) { "bash", "sh", "pwsh", "powershell" };

    /// <summary><c>github.token</c> or <c>secrets.GITHUB_TOKEN</c>, in any spelling an expression allows.</summary>
    private static readonly Regex TokenReference = new(
        @"github\s*(\.\s*token\b|\[\s*'token'\s*\])|secrets\s*(\.\s*github_token\b|\[\s*'github_token'\s*\])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Whether a step's or job's <c>env:</c>/<c>with:</c> hands the job's token to what runs there.</summary>
    private static bool ReadsJobToken(YMap? values) =>
        values is not null && values.Entries.Any(e => e.Value.Deref() is YScalar s && TokenReference.IsMatch(s.Value));

    private static string Shorten(string command) => command.Length <= 60 ? command : command[..59] + "…";

    /// <summary>
    /// A cheap pre-check before the knowledge base's patterns: every command there mentions one of
    /// these words. Most scripts (install, build, test) don't, and skip the regexes.
    /// </summary>
    private static bool MayNeedToken(string script) =>
        script.Contains("gh ", StringComparison.Ordinal) || script.Contains("git ", StringComparison.Ordinal)
        || script.Contains("publish", StringComparison.Ordinal) || script.Contains("upload", StringComparison.Ordinal)
        || script.Contains("push", StringComparison.Ordinal);

    private void AddAction(ActionReference action, Step step, IReadOnlyList<string> actionChain)
    {
        switch (action.Kind)
        {
            case ActionReferenceKind.Docker:
                // A container gets no token unless the step hands it one.
                if (ReadsJobToken(step.With) || ReadsJobToken(step.Env))
                {
                    Unknown.Add(new UnknownUse(action.Text, null, step.Label));
                }

                return;
            case ActionReferenceKind.Remote:
                if (_actions.Find(action) is { } known)
                {
                    Add(known.Grants, known.Why);
                }
                else
                {
                    Unknown.Add(new UnknownUse(action.Name, $"declare what `{action.Name}` needs under `actions.permissions` in the policy", step.Label));
                }

                return;
            case ActionReferenceKind.Local:
                AddLocalAction(action, step, actionChain);
                return;
            default:
                Unknown.Add(new UnknownUse(action.Text, null, step.Label));
                return;
        }
    }

    /// <summary>
    /// <c>uses: ./path</c> in a step: a composite action's steps count as the job's own. GitHub resolves the
    /// path against the workspace root, in a job and inside a composite action alike.
    /// </summary>
    private void AddLocalAction(ActionReference action, Step step, IReadOnlyList<string> actionChain)
    {
        var folder = action.Path.TrimEnd('/');
        folder = folder == "." ? "" : folder[2..];
        if (actionChain.Contains(folder, StringComparer.Ordinal))
        {
            return; // a cycle: its steps are already being counted further up
        }

        if (!LocalAction.TryRead(folder, _repository, out var local, out var problem))
        {
            Unknown.Add(new UnknownUse(action.Text, problem, step.Label));
            return;
        }

        if (!local.IsComposite)
        {
            Unknown.Add(new UnknownUse(action.Text, $"`{action.Text}` runs `{local.Using}` code Reconcile can't read: review the grant by hand", step.Label));
            return;
        }

        if (actionChain.Count >= MaxActionDepth)
        {
            Unknown.Add(new UnknownUse(action.Text, $"`{action.Text}` nests local composite actions more than {MaxActionDepth} deep, where Reconcile stops following them: review the grant by hand", step.Label));
            return;
        }

        AddSteps(local.Steps, [.. actionChain, folder]);
    }

    private void AddCallee(ActionReference callee, int depth)
    {
        if (callee.Kind == ActionReferenceKind.Remote)
        {
            if (_actions.Find(callee) is { } declared)
            {
                Add(declared.Grants, declared.Why);
            }
            else
            {
                Unknown.Add(new UnknownUse(callee.Text, $"declare what `{callee.Name}` needs under `actions.permissions` in the policy"));
            }

            return;
        }

        var path = callee.Kind == ActionReferenceKind.Local && callee.Path.StartsWith("./", StringComparison.Ordinal) ? callee.Path[2..] : null;
        if (path is null || depth > MaxWorkflowDepth || !_repository.Files.TryGetValue(path, out var text))
        {
            Unknown.Add(new UnknownUse(callee.Text, null));
            return;
        }

        Workflow called;
        try
        {
            called = Workflow.Parse(path, text);
        }
        catch (Exception ex) when (ex is YamlSyntaxException or NotAWorkflowException)
        {
            Unknown.Add(new UnknownUse(callee.Text, $"fix {path}: it doesn't parse as a workflow"));
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

            var inner = Of(job, _repository, _actions, depth + 1);
            if (inner.Unknown.Count > 0 && PermissionSet.Read(called.Root.Find("permissions")?.Value) is { } calledRoot)
            {
                // job-permissions gives such a job its workflow's grant whole: that is what it needs from the caller.
                foreach (var (scope, level) in calledRoot.Granted)
                {
                    Required.Raise(scope, level, $"{callee.Text} (job {job.Id}, which keeps its workflow's grant)");
                }

                continue;
            }

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
                Unknown.Add(new UnknownUse(why, null));
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
