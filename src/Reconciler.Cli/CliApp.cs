using System.CommandLine;
using Reconciler.Core.Hosts.GitHub;

namespace Reconciler.Cli;

/// <summary>The <c>reconcile</c> command line: arguments around policy → snapshot → plan → apply.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) => RunAsync(args, stdout, stderr, CliContext.Default);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliContext context)
    {
        var root = new RootCommand("Reconcile: keep an org's release pipelines hardened, as policy-as-code.")
        {
            PlanCommand.Create(stdout, stderr, context),
            ApplyCommand.Create(stdout, stderr, context),
            PolicyCommand.Create(stdout, stderr),
        };
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Never let a credential reach the terminal, even in a crash report.
            stderr.WriteLine("error: unexpected failure: " + Secrets.Redact(ex.ToString()));
            return ExitCodes.Failure;
        }
    }
}
