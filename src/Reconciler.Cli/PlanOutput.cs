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
}
