using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Report: <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c> turns the removed <c>::set-env</c> and <c>::add-path</c> back on.</summary>
public sealed class InsecureCommandsRule : IWorkflowRule, IActionFileRule
{
    public const string Variable = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

    public string Id => "insecure-commands";

    public string Title => "Workflows don't re-enable set-env and add-path";

    public string Help =>
        "`ACTIONS_ALLOW_UNSECURE_COMMANDS: true` brings back the `::set-env` and `::add-path` workflow commands, which " +
        "GitHub disabled because any line a step prints can use them: a test log, a dependency's install output or a " +
        "pull-request title echoed by a script can then set `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` for every later " +
        "step. Remove the variable and write to `$GITHUB_ENV` / `$GITHUB_PATH` instead.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context)
    {
        CheckEnv(context, "workflow", context.Workflow.Root);
        foreach (var job in context.Workflow.Jobs)
        {
            CheckEnv(context, $"job {job.Id}", job.Map);
            foreach (var step in job.Steps)
            {
                CheckEnv(context, $"job {job.Id}, {step.Label}", step.Map);
            }
        }
    }

    /// <summary>A composite action's step env reaches the commands its step prints just the same.</summary>
    public void Check(ActionFileContext context)
    {
        foreach (var step in context.Action.Steps)
        {
            CheckEnv(context, step.Label, step.Map);
        }
    }

    private static void CheckEnv(FileContext context, string where, YMap? owner)
    {
        if (owner?["env"].Deref() is not YMap env || env.Find(Variable) is not { } entry || entry.Value.Deref() is not YScalar value)
        {
            return;
        }

        // The runner reads the value with bool.TryParse: "true" in any case, surrounded by spaces.
        if (value.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(entry.Key, $"{where}: `{Variable}: {value.Value}` re-enables `::set-env` and `::add-path`, so any line a step prints can set environment variables or PATH for later steps; remove it and write to `$GITHUB_ENV` / `$GITHUB_PATH`");
        }
        else if (value.Value.Contains("${{", StringComparison.Ordinal))
        {
            context.Report(entry.Key, $"{where}: `{Variable}` is set from an expression (`{value.Value}`); when it is true, `::set-env` and `::add-path` are back and any line a step prints can set environment variables or PATH; remove it", severity: context.Settings.Severity ?? Severity.Warning);
        }
    }
}
