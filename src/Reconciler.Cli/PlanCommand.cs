using System.CommandLine;

namespace Reconciler.Cli;

/// <summary><c>reconcile plan</c>: what differs from the policy, per repository, and the exact change.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliContext context)
    {
        var policy = CommonOptions.Policy();
        var path = CommonOptions.Path();
        var budget = CommonOptions.PlanBudget();
        var github = new GitHubOptions();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when there is drift and nothing failed." };
        var noColor = new Option<bool>("--no-color") { Description = "Never colour the text output (it is coloured only on a terminal)." };
        var command = new Command("plan", "Show, per repository, what differs from the policy and the exact change.")
        {
            policy, path, format, output, detailed, noColor, budget,
        };
        foreach (var option in github.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var loaded = CommonOptions.LoadPolicy(parse.GetValue(policy), stderr);
            if (loaded is null)
            {
                return ExitCodes.Failure;
            }

            var sweep = await Sweep.RunAsync(parse, loaded, path, budget, github, context, stderr, allowPath: true, ct);
            if (sweep is null)
            {
                return ExitCodes.Failure;
            }

            var plan = sweep.Plan;
            var file = parse.GetValue(output);
            var toTerminal = file is null && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);
            // `--output plan.json` alone saves the JSON document that `reconcile apply plan.json` reads.
            var chosen = parse.GetResult(format) is { Implicit: false } ? parse.GetValue(format)
                : file?.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) == true ? "json"
                : parse.GetValue(format);
            var document = PlanOutput.Render(plan, chosen, toTerminal && !parse.GetValue(noColor) && context.Environment("NO_COLOR") is null, sweep.Notices);
            if (file is null)
            {
                await stdout.WriteAsync(document);
            }
            else if (!await PlanOutput.TryWriteAsync(file, document, stderr, ct))
            {
                return ExitCodes.Failure;
            }

            return plan.Summary.Error > 0 ? ExitCodes.Failure
                : parse.GetValue(detailed) && plan.Summary.Drift > 0 ? ExitCodes.Drift
                : ExitCodes.Success;
        });
        return command;
    }
}
