using System.CommandLine;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Rendering;

namespace Reconciler.Cli;

/// <summary><c>reconcile plan</c>: what differs from the policy, per repository, and the exact change.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var policy = CommonOptions.Policy();
        var path = CommonOptions.Path();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when there is drift and nothing failed." };
        var noColor = new Option<bool>("--no-color") { Description = "Never colour the text output (it is coloured only on a terminal)." };
        var command = new Command("plan", "Show, per repository, what differs from the policy and the exact change.")
        {
            policy, path, format, output, detailed, noColor,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = CommonOptions.LoadPolicy(parse.GetValue(policy), stderr);
            if (loaded is null)
            {
                return ExitCodes.Failure;
            }

            var dir = parse.GetValue(path);
            if (dir is null)
            {
                stderr.WriteLine("error: say where the repositories are: --path DIR");
                return ExitCodes.Failure;
            }

            var host = new FolderHost(dir.FullName, loaded.Spec.Generators.IgnoreFiles);
            Plan plan;
            try
            {
                plan = await PlanSweep.RunAsync(host, new Planner(loaded), ct);
            }
            catch (Core.Hosts.HostException ex)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failure;
            }

            var notices = new List<string> { "repository settings can't be read from a folder; settings rules were not checked" };
            var file = parse.GetValue(output);
            var toTerminal = file is null && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);
            var document = parse.GetValue(format) switch
            {
                "json" => PlanJson.Serialize(plan),
                "sarif" => PlanSarif.Render(plan),
                _ => PlanText.Render(plan, color: toTerminal && !parse.GetValue(noColor) && Environment.GetEnvironmentVariable("NO_COLOR") is null, notices),
            };
            if (file is null)
            {
                await stdout.WriteAsync(document);
            }
            else
            {
                await File.WriteAllTextAsync(file.FullName, document, ct);
                stderr.WriteLine($"plan written to {file.FullName}");
            }

            return plan.Summary.Error > 0 ? ExitCodes.Failure
                : parse.GetValue(detailed) && plan.Summary.Drift > 0 ? ExitCodes.Drift
                : ExitCodes.Success;
        });
        return command;
    }
}
