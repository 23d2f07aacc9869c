using Reconciler.Core.Planning;
using Reconciler.Core.Rendering;

namespace Reconciler.Cli;

/// <summary>The plan document in the format asked for.</summary>
internal static class PlanOutput
{
    public static string Render(Plan plan, string? format, bool color, IReadOnlyList<string> notices) => format switch
    {
        "json" => PlanJson.Serialize(plan),
        "markdown" => PullRequestBody.RenderPlan(plan),
        "sarif" => PlanSarif.Render(plan),
        _ => PlanText.Render(plan, color, notices),
    };

    /// <summary>Writes the document to <c>-o FILE</c>; a file that can't be written is a one-line error, never a crash.</summary>
    public static async Task<bool> TryWriteAsync(FileInfo file, string document, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(file.FullName, document, ct);
            stderr.WriteLine($"plan written to {file.FullName}");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write the plan to {file.FullName}: {ex.Message}");
            return false;
        }
    }
}
