using System.CommandLine;
using Reconciler.Core.Policy;

namespace Reconciler.Cli;

/// <summary>Options shared by plan and apply.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo?> Policy() => new("--policy")
    {
        Description = "Policy file (YAML). Defaults to the built-in sdk-publish-hardening policy.",
    };

    public static Option<double> PlanBudget() => new("--plan-budget")
    {
        Description = "Seconds one repository may take to plan; past them it is an error, 'too complex to plan', and the sweep goes on.",
        DefaultValueFactory = _ => Core.Planning.PlanningLimits.DefaultBudget.TotalSeconds,
    };

    public static Option<DirectoryInfo?> Path() => new("--path")
    {
        Description = "A repository's working tree, or a folder whose subfolders are repositories (offline; settings not checked).",
    };

    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "sarif", "markdown");

    public static Option<FileInfo?> Output() => new("--output", "-o")
    {
        Description = "Write the document to this file instead of standard output.",
    };

    /// <summary>
    /// Loads the policy, or writes every error (file:line:column: key: message) and returns null. The file is read
    /// as a regular file only and at most <see cref="PolicyLoader.MaxFileBytes"/>: a FIFO or a device is an error, not a hang.
    /// </summary>
    public static Policy? LoadPolicy(FileInfo? file, TextWriter stderr)
    {
        try
        {
            return file is null ? PolicyLoader.LoadBuiltIn() : PolicyLoader.LoadFile(file.FullName);
        }
        catch (PolicyException ex)
        {
            stderr.WriteLine($"error: the policy is not valid ({ex.Errors.Count} problem{(ex.Errors.Count == 1 ? "" : "s")}):");
            foreach (var e in ex.Errors)
            {
                stderr.WriteLine($"  {e}");
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            stderr.WriteLine($"error: cannot read policy {file?.FullName}: {ex.Message}");
            return null;
        }
    }
}
