using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// Splits one publishing job in two, in place: the original job becomes <c>build-artifact</c>
/// (same needs, if, runner and toolchain; the upload becomes its build-only form plus an
/// upload-artifact step), and a new job under the original id downloads the artifact and uploads
/// it from an environment. All edits go to a scratch editor; the caller takes them only when the
/// whole split rendered, so a job is never half-converted.
/// </summary>
public sealed class TopologyRewrite(PublishSite site, RegistryPolicy registry, PolicySpec policy, string buildJobId = TopologyRewrite.DefaultBuildJobId)
{
    public const string DefaultBuildJobId = "build-artifact";

    private readonly List<string> _explanations = [];

    public IReadOnlyList<string> Explanations => _explanations;

    public IReadOnlyList<ManualStep> ManualSteps { get; private set; } = [];

    /// <summary>Collects the split's edits into <paramref name="editor"/>.</summary>
    public void Apply(YamlEditor editor)
    {
        var job = site.Job;
        var map = job.Map!;
        var family = site.Family;
        var steps = map.Seq("steps") is { IsFlow: false } block ? block : throw new InvalidOperationException($"the steps of job '{job.Id}' are not a block list");
        var blankSteps = editor.SeparatedByBlankLines(steps);
        var pins = new ActionPins(policy, site.Workflow.Jobs.SelectMany(j => j.Steps).Select(s => s.Uses).OfType<string>());
        var artifact = family.Artifact(site);
        var (owner, repo) = OwnerAndName(site.Repository.FullName);
        var context = new PublishJobContext(registry.Environment, site.WorkflowFile, owner, repo, pins, artifact);

        // 1. The original job becomes build-artifact.
        editor.RenameKey(job.Entry, buildJobId);
        foreach (var key in new[] { "name", "environment" })
        {
            if (map.Find(key) is { } entry)
            {
                editor.Remove(map, entry);
            }
        }

        var readOnly = YValue.Map(("contents", YValue.Str("read")));
        if (map.Find("permissions") is { } permissions)
        {
            editor.ReplaceValue(map, permissions, readOnly);
        }
        else
        {
            editor.Insert(map, "permissions", readOnly, YamlEditor.InsertAt.After(map.Find("runs-on") is null ? map.Entries[^1].KeyText : "runs-on"));
        }

        RemoveJobEnvSecrets(editor, map);
        foreach (var step in site.CredentialSteps)
        {
            editor.ReplaceItemWith(steps, step.Index, [], blankSteps);
        }

        var buildSteps = BuildSteps(editor);
        buildSteps.Add(UploadArtifact(pins, artifact));
        editor.ReplaceItemWith(steps, site.PublishStep.Index, buildSteps, blankSteps);

        // 2. A new job under the original id uploads what build-artifact built.
        var publish = PublishJob(editor, context);
        // A lone job has no sibling to copy the separation from: follow the top-level keys then.
        var jobs = site.Workflow.JobsMap!;
        var blankJobs = jobs.Entries.Count > 1 ? editor.AnySeparatedByBlankLines(jobs) : editor.AnySeparatedByBlankLines(site.Workflow.Root);
        editor.InsertEntryAfter(job.Entry, job.Id, publish, blankJobs, blankSteps);

        _explanations.AddRange(SplitExplanation.Lines(site, registry, buildJobId, artifact));
        ManualSteps = family.ManualSteps(site, context);
    }

    private List<YValue> BuildSteps(YamlEditor editor)
    {
        var result = new List<YValue>();
        if (site.PublishStep.Run is null)
        {
            return result; // an upload action: the job built in an earlier step
        }

        var commands = new List<string>();
        var built = site.BuiltBefore;
        foreach (var line in site.Lines)
        {
            switch (line.Role)
            {
                case LineRole.Other or LineRole.Build:
                    commands.Add(line.Text);
                    built |= line.Role == LineRole.Build;
                    break;
                case LineRole.Publish when !built:
                    commands.Add(site.Family.BuildOnly(site, line.Text));
                    built = true;
                    break;
            }
        }

        if (commands.Count == 0)
        {
            return result;
        }

        var step = new List<YMapItem> { new("name", YValue.Str(site.Family.BuildStepName), null) };
        var env = BuildEnv(editor);
        if (env.Count > 0)
        {
            step.Add(new("env", new YMapValue(env), null));
        }

        var script = string.Join("\n", commands);
        step.Add(new("run", YValue.Str(script.Contains('\n', StringComparison.Ordinal) ? script + "\n" : script), null));
        result.Add(new YMapValue(step));
        return result;
    }

    /// <summary>The publish step's env without credentials and upload-only settings.</summary>
    private List<YMapItem> BuildEnv(YamlEditor editor)
    {
        var kept = new List<YMapItem>();
        foreach (var entry in site.PublishStep.Env?.Entries ?? [])
        {
            var text = editor.TextOf(entry.Value);
            if (Secrets.Any(text) || site.Family.IsPublishEnv(entry.KeyText) || text.Contains("secrets.", StringComparison.Ordinal))
            {
                continue;
            }

            kept.Add(new YMapItem(entry.KeyText, YValue.Raw(text), null));
        }

        return kept;
    }

    private void RemoveJobEnvSecrets(YamlEditor editor, YMap map)
    {
        if (map.Map("env") is not { } env || env.IsFlow)
        {
            return;
        }

        var drop = env.Entries.Where(e => e.Value is YScalar s && Secrets.In(s.Value).Any(site.RegistrySecrets.Contains)).ToList();
        if (drop.Count == env.Entries.Count && drop.Count > 0)
        {
            editor.Remove(map, map.Find("env")!);
            return;
        }

        foreach (var entry in drop)
        {
            editor.Remove(env, entry);
        }
    }

    private YValue UploadArtifact(ActionPins pins, Artifact artifact) => new YMapValue(
    [
        new("name", YValue.Str($"Upload the {artifact.Holds}"), null),
        new("uses", pins.Uses("actions/upload-artifact", "v7"), null),
        new("with", YValue.Map(
            ("name", YValue.Str(artifact.Name)),
            ("path", YValue.Str(artifact.Path)),
            ("if-no-files-found", YValue.Str("error")),
            ("retention-days", YValue.Int(registry.ArtifactRetentionDays))), null),
    ]);

    private YMapValue PublishJob(YamlEditor editor, PublishJobContext context)
    {
        var map = site.Job.Map!;
        var items = new List<YMapItem>();
        if (map["name"] is YScalar name)
        {
            items.Add(new("name", YValue.Raw(editor.TextOf(name)), null));
        }

        items.Add(new("needs", Needs(map), null));
        if (map["if"] is { } condition)
        {
            items.Add(new("if", YValue.Raw(editor.TextOf(condition)), null));
        }

        items.Add(new("runs-on", map["runs-on"] is YScalar { Style: not (YScalarStyle.Literal or YScalarStyle.Folded) } runner ? YValue.Raw(editor.TextOf(runner)) : YValue.Str("ubuntu-latest"), null));
        items.Add(new("environment", YValue.Str(registry.Environment), site.Family.TrustedPublishing ? $"the trusted publisher on {site.Family.DisplayName} names this environment exactly" : $"holds the {site.Family.DisplayName} secrets"));
        var grants = new List<YMapItem> { new("contents", YValue.Str("read"), null) };
        if (site.Family.TrustedPublishing)
        {
            grants.Add(new("id-token", YValue.Str("write"), $"{site.Family.DisplayName} trusted publishing"));
        }

        items.Add(new("permissions", new YMapValue(grants), null));
        var steps = new List<YValue>
        {
            new YMapValue(
            [
                new("name", YValue.Str($"Download the {context.Artifact.Holds}"), null),
                new("uses", context.Pins.Uses("actions/download-artifact", "v8"), null),
                new("with", YValue.Map(("name", YValue.Str(context.Artifact.Name)), ("path", YValue.Str(context.Artifact.DownloadPath))), null),
            ]),
        };
        steps.AddRange(site.Family.UploadSteps(site, context));
        items.Add(new("steps", new YSeqValue(steps, Flow: false), null));
        return new YMapValue(items);
    }

    /// <summary>build-artifact, plus the original needs whose outputs the job condition reads (a tag or release gate).</summary>
    private YValue Needs(YMap map)
    {
        var condition = map["if"] is YScalar s ? s.Value : "";
        var gates = site.Job.Needs.Where(n => condition.Contains($"needs.{n}.", StringComparison.Ordinal)).ToList();
        gates.Add(buildJobId);
        var flowStyle = map["needs"] is not YScalar;
        return gates.Count == 1 && !flowStyle ? YValue.Str(gates[0]) : YValue.FlowSeq([.. gates]);
    }

    private static (string Owner, string Name) OwnerAndName(string fullName)
    {
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("<owner>", fullName) : (fullName[..slash], fullName[(slash + 1)..]);
    }
}
