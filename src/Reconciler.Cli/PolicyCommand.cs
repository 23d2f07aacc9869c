using System.CommandLine;

namespace Reconciler.Cli;

/// <summary><c>reconcile policy validate|show</c>: check a policy file, or print the built-in one.</summary>
internal static class PolicyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("file") { Description = "Policy file to validate." };
        var validate = new Command("validate", "Validate a policy file; report every error with line and column.") { file };
        validate.SetAction(parse =>
        {
            var policy = CommonOptions.LoadPolicy(parse.GetValue(file), stderr);
            if (policy is null)
            {
                return ExitCodes.Failure;
            }

            stdout.WriteLine($"{parse.GetValue(file)!.Name}: valid policy '{policy.Name}' ({policy.Digest})");
            return ExitCodes.Success;
        });
        var show = new Command("show", "Print the built-in default policy.");
        show.SetAction(_ =>
        {
            using var stream = typeof(Core.Policy.PolicyLoader).Assembly.GetManifestResourceStream("Reconciler.Core.Policies." + Core.Policy.PolicyLoader.BuiltInName)!;
            using var reader = new StreamReader(stream);
            stdout.Write(reader.ReadToEnd());
            return ExitCodes.Success;
        });
        return new Command("policy", "Work with policy files.") { validate, show };
    }
}
