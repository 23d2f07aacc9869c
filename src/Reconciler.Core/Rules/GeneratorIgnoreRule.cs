using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Rules;

/// <summary>
/// Generated SDK repositories keep hand edits only in files their generator is told to ignore: a
/// workflow Reconcile rewrote is added to each existing generator ignore file (e.g. <c>.fernignore</c>),
/// so the next regeneration doesn't restore the old publishing pipeline.
/// </summary>
public sealed class GeneratorIgnoreRule : IRepositoryRule
{
    public string Id => "generator-ignore";

    public string Title => "Rewritten workflows are listed in the SDK generator's ignore file";

    public string Help =>
        "SDK generators such as Fern regenerate every file not listed in their ignore file. A hardened workflow that " +
        "isn't listed is silently reverted by the next regeneration, bringing back the old publishing credentials.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(RepositoryContext context)
    {
        // A hardened action file is reverted by regeneration just as a workflow is, and a dependabot.yml that
        // action-updates wrote is deleted or overwritten.
        var workflows = context.ChangedFiles.Where(p => FilesOfInterest.IsWorkflow(p) || FilesOfInterest.IsActionMetadata(p) || FilesOfInterest.IsDependabotConfig(p)).Order(StringComparer.Ordinal).ToList();
        if (workflows.Count == 0)
        {
            return;
        }

        foreach (var ignoreFile in context.Policy.Generators.IgnoreFiles)
        {
            if (!context.Files.TryGetValue(ignoreFile, out var text))
            {
                continue;
            }

            var missing = workflows.Where(w => !Covers(text, w)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var listed = string.Join(", ", missing.Select(m => $"`{m}`"));
            context.Report(ignoreFile, null, $"{ignoreFile} doesn't list {listed}, so the generator would overwrite the changes to {(missing.Count == 1 ? "it" : "them")}", fixedByChange: true);
            if (!context.MayFix)
            {
                continue;
            }

            var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var updated = text.Length == 0 || text.EndsWith('\n') ? text : text + newline;
            updated += string.Join("", missing.Select(m => m + newline));
            context.WriteFile(ignoreFile, updated,
                $"Listed {listed} so that regenerating the SDK keeps the hardened workflow instead of restoring the generated one.");
        }
    }

    /// <summary>Whether an ignore file already covers a path: the path itself, or a folder above it, or a glob.</summary>
    internal static bool Covers(string ignoreText, string path)
    {
        foreach (var raw in ignoreText.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('!'))
            {
                continue;
            }

            line = line.TrimStart('/');
            if (line == path || (path.StartsWith(line.TrimEnd('/') + "/", StringComparison.Ordinal) && line.TrimEnd('/').Length > 0)
                || (line.Contains('*', StringComparison.Ordinal) && Glob.IsMatch(line, path)))
            {
                return true;
            }
        }

        return false;
    }
}
