using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>What the split changed and why, in a reviewer's words (one pull-request bullet each).</summary>
public static class SplitExplanation
{
    public static IReadOnlyList<string> Lines(PublishSite site, RegistryPolicy registry, string environment, string buildJobId, Artifact artifact, IReadOnlyList<string> keptGrants)
    {
        var lines = new List<string>();
        var id = site.Job.Id;
        var family = site.Family;
        var build = BuildCommand(site);
        lines.Add(
            $"Split the `{id}` job in two. `{buildJobId}` is the old job with its checkout, toolchain, install and build steps, " +
            (build is null ? "without the upload" : $"with the upload replaced by `{build}`") +
            (keptGrants.Count == 0 || keptGrants is ["contents: read"]
                ? ": it runs with `contents: read` and no secrets"
                : $": it keeps the job's grants ({Prose.Code(keptGrants)}) without `id-token: write`, and no secrets") +
            $", and hands `{artifact.Path}` to `{id}` as the artifact `{artifact.Name}` " +
            $"(kept {registry.ArtifactRetentionDays} day{(registry.ArtifactRetentionDays == 1 ? "" : "s")}; the job fails if it is empty).");
        lines.Add(
            $"The new `{id}` job downloads that artifact and {family.DescribeUpload(site)}. It never checks out the repository or runs its build, " +
            "so no code from the repository or its dependencies runs where the publishing credential is.");
        var secrets = Prose.Code(site.RegistrySecrets);
        lines.Add(family.TrustedPublishing
            ? $"`{id}` runs in the `{environment}` environment with `id-token: write`: {family.DisplayName} trusted publishing issues a short-lived upload token per run" +
              (site.RegistrySecrets.Count > 0 ? $", so the workflow no longer reads {secrets}." : ".")
            : $"`{id}` runs in the `{environment}` environment and is the only job that reads {secrets}: {family.DisplayName} has no trusted publishing, so the secrets move to that environment.");
        if (site.Job.Map!["if"] is YScalar condition)
        {
            var gates = site.Job.Needs.Where(n => condition.Value.Contains($"needs.{n}.", StringComparison.Ordinal)).ToList();
            lines.Add($"Both jobs keep the condition `{Collapse(condition.Value)}`" +
                (gates.Count > 0 ? $", and `{id}` still needs {Prose.Code(gates)}, whose outputs it reads." : ", so publishing happens exactly when it did before."));
        }

        return lines;
    }

    /// <summary>The build-only command that replaced the upload, or null when the job already built.</summary>
    private static string? BuildCommand(PublishSite site) =>
        site.PublishStep.Run is null || site.BuiltBefore
            ? null
            : site.PublishLines.Select(l => site.Family.BuildOnly(site, l).Replace("\n", " && ", StringComparison.Ordinal)).FirstOrDefault();

    private static string Collapse(string expression) => string.Join(' ', expression.Split(['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
}
