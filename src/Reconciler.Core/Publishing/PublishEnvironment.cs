using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// Checks that the new publish job defines every variable its scripts read: the step's env, the
/// job's env it carries, or the workflow's env. What only an earlier step of the old job set (through
/// <c>$GITHUB_ENV</c>, say) or a step output can't reach the new job, so the split is refused.
/// </summary>
public static partial class PublishEnvironment
{
    public static void Check(PublishSite site, IReadOnlyList<YValue> upload, IReadOnlyList<YMapItem> jobEnv)
    {
        var workflowEnv = (site.Workflow.Root.Map("env")?.Entries ?? []).Select(e => e.KeyText);
        var ids = upload.OfType<YMapValue>().Select(s => Item(s, "id")).OfType<YStr>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var step in upload.OfType<YMapValue>())
        {
            var stepEnv = (Item(step, "env") as YMapValue)?.Items ?? [];
            // The whole step (its run line, `with:`, `if:`, `env:`) and the job env it carries: an expression such as
            // `--tag ${{ steps.tag.outputs.tag || 'latest' }}` would read an empty output in the new job.
            var outside = Texts(step).Concat(jobEnv.SelectMany(i => Texts(i.Value))).SelectMany(t => StepOutput().Matches(t)).FirstOrDefault(m => !ids.Contains(m.Groups[1].Value));
            if (outside is not null)
            {
                throw new InvalidOperationException($"the upload reads `{outside.Value}`, an output of a step that stays in the build job");
            }

            if (Item(step, "run") is not YStr { Value: var script })
            {
                continue;
            }

            var defined = stepEnv.Concat(jobEnv).Select(i => i.Key).Concat(workflowEnv).ToHashSet(StringComparer.Ordinal);
            var missing = ShellVariables.Reads(script).Where(v => !defined.Contains(v)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"the upload reads {Prose.Code(missing.Select(m => "$" + m))}, which no step, job or workflow `env` defines (an earlier step may set it through $GITHUB_ENV), so the publish job could not see it");
            }
        }
    }

    /// <summary>Every string in a value: scalars, raw texts, nested mappings and lists.</summary>
    public static IEnumerable<string> Texts(YValue value) => value switch
    {
        YStr s => [s.Value],
        YRaw r => [r.Text],
        YCommented c => Texts(c.Value),
        YMapValue m => m.Items.SelectMany(i => Texts(i.Value)),
        YSeqValue q => q.Items.SelectMany(Texts),
        _ => [],
    };

    [GeneratedRegex(@"\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.[A-Za-z0-9_-]+", RegexOptions.NonBacktracking)]
    private static partial Regex StepOutput();

    private static YValue? Item(YMapValue map, string key) => map.Items.FirstOrDefault(i => i.Key == key)?.Value;
}
