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

    private readonly List<string> _carried = [];

    private readonly List<string> _carriedFromStep = [];

    public IReadOnlyList<string> Explanations => _explanations;

    public IReadOnlyList<ManualStep> ManualSteps { get; private set; } = [];

    /// <summary>The publish job's environment: the one the job already had (a trusted publisher may name it), else the policy's.</summary>
    public string Environment => site.Job.EnvironmentName ?? registry.Environment;

    /// <summary>Collects the split's edits into <paramref name="editor"/>.</summary>
    public void Apply(YamlEditor editor)
    {
        var job = site.Job;
        var map = job.Map!;
        var family = site.Family;
        var steps = map.Seq("steps") is { IsFlow: false } block ? block : throw new InvalidOperationException($"the steps of job '{job.Id}' are not a block list");
        var blankSteps = editor.SeparatedByBlankLines(steps);
        var pins = new ActionPins(policy, site.Workflow.Jobs.SelectMany(j => j.Steps).Select(s => s.Uses).OfType<string>());
        var artifact = InWorkingDirectory(family.Artifact(site));
        var (owner, repo) = OwnerAndName(site.Repository.FullName);
        var context = new PublishJobContext(Environment, site.WorkflowFile, owner, repo, pins, artifact);

        RefuseRepositoryWrites(map);

        // 1. The original job becomes build-artifact.
        editor.RenameKey(job.Entry, buildJobId);
        foreach (var key in new[] { "name", "environment" })
        {
            if (map.Find(key) is { } entry)
            {
                editor.Remove(map, entry);
            }
        }

        BuildPermissions(editor, map);

        RemoveJobEnvSecrets(editor, map);
        BuildHardening.Apply(editor, site, steps, blankSteps);
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

        _explanations.AddRange(SplitExplanation.Lines(site, registry, Environment, buildJobId, artifact, KeptGrants));
        _explanations.AddRange(_carried);
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

        if (site.PublishStep.Map?["working-directory"] is YScalar directory)
        {
            step.Add(new("working-directory", YValue.Raw(editor.TextOf(directory)), null));
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

    /// <summary>
    /// A job granted a write scope (besides <c>id-token</c>) may tag, push or release with the token before it uploads
    /// (through the checkout's stored credentials, say). build-artifact checks out without them, so such a split could
    /// break the release: refuse it and say what to move first.
    /// </summary>
    private void RefuseRepositoryWrites(YMap map)
    {
        var permissions = map.Find("permissions")?.Value ?? site.Workflow.Root.Find("permissions")?.Value;
        var writes = permissions switch
        {
            YScalar { Value: "write-all" } => ["write-all"],
            YMap grants => grants.Entries.Where(e => e.KeyText != "id-token" && e.Value is YScalar { Value: "write" }).Select(e => $"{e.KeyText}: write").ToList(),
            _ => [],
        };
        if (writes.Count > 0)
        {
            throw new InvalidOperationException(
                $"the job holds {Prose.Code(writes)}, so a step before the upload may tag, push or release with the token, and build-artifact checks out without stored credentials; move those steps to a job of their own (after `publish`), then Reconcile can split it");
        }
    }

    /// <summary>
    /// build-artifact keeps the job's own grants but `id-token: write` (the OIDC token is the publish
    /// job's alone): a build step Reconcile can't see into (a repository script) may need them, and
    /// job-permissions narrows what it can prove unneeded. A job with no grants of its own, or only
    /// `id-token`, or `write-all`, gets `contents: read`.
    /// </summary>
    private void BuildPermissions(YamlEditor editor, YMap map)
    {
        var readOnly = YValue.Map(("contents", YValue.Str("read")));
        var permissions = map.Find("permissions");
        if (permissions is null)
        {
            editor.Insert(map, "permissions", readOnly, YamlEditor.InsertAt.After(map.Find("runs-on") is null ? map.Entries[^1].KeyText : "runs-on"));
            return;
        }

        if (permissions.Value is YMap { IsFlow: false } grants && grants.Entries.Count > 0 && grants.Entries.Any(e => e.KeyText != "id-token"))
        {
            KeptGrants = grants.Entries.Where(e => e.KeyText != "id-token").Select(e => $"{e.KeyText}: {(e.Value as YScalar)?.Value}").ToList();
            if (grants.Find("id-token") is { } idToken)
            {
                editor.Remove(grants, idToken);
            }

            return;
        }

        if (permissions.Value is YScalar { Value: "read-all" })
        {
            KeptGrants = ["read-all"];
            return;
        }

        editor.ReplaceValue(map, permissions, readOnly);
    }

    /// <summary>The grants build-artifact kept from the job (besides a plain <c>contents: read</c>), for the explanation.</summary>
    public IReadOnlyList<string> KeptGrants { get; private set; } = [];

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
        var upload = site.Family.UploadSteps(site, context).Select(step => CarryStepEnv(editor, step)).ToList();
        var jobEnv = CarriedJobEnv(editor, upload);
        PublishEnvironment.Check(site, upload, jobEnv);
        var carried = _carriedFromStep.Concat(jobEnv.Select(i => i.Key)).Distinct(StringComparer.Ordinal).ToList();
        if (carried.Count > 0)
        {
            _carried.Add($"`{site.Job.Id}` keeps the variables its upload reads: {Prose.Code(carried)}, from the old job's {(jobEnv.Count == 0 ? "step" : _carriedFromStep.Count == 0 ? "job" : "step and job")} `env`.");
        }

        var items = new List<YMapItem>();
        if (map["name"] is YScalar name)
        {
            items.Add(new("name", YValue.Raw(editor.TextOf(name)), null));
        }

        items.Add(new("needs", Needs(map, upload, jobEnv), null));
        if (map["if"] is { } condition)
        {
            items.Add(new("if", YValue.Raw(editor.TextOf(condition)), null));
        }

        items.Add(new("runs-on", Runner(editor, map), null));
        items.Add(new("environment", EnvironmentValue(editor), EnvironmentComment(editor)));
        var grants = new List<YMapItem> { new("contents", YValue.Str("read"), null) };
        if (site.Family.TrustedPublishing)
        {
            grants.Add(new("id-token", YValue.Str("write"), $"{site.Family.DisplayName} trusted publishing"));
        }

        items.Add(new("permissions", new YMapValue(grants), null));
        if (jobEnv.Count > 0)
        {
            items.Add(new("env", new YMapValue(jobEnv), null));
        }

        var steps = new List<YValue>
        {
            new YMapValue(
            [
                new("name", YValue.Str($"Download the {context.Artifact.Holds}"), null),
                new("uses", context.Pins.Uses("actions/download-artifact", "v8"), null),
                new("with", YValue.Map(("name", YValue.Str(context.Artifact.Name)), ("path", YValue.Str(context.Artifact.DownloadPath))), null),
            ]),
        };
        steps.AddRange(upload);
        items.Add(new("steps", new YSeqValue(steps, Flow: false), null));
        return new YMapValue(items);
    }

    /// <summary>The build job's runner, unless the upload needs Linux (a Docker action, GNU tools) and the build ran elsewhere.</summary>
    private YValue Runner(YamlEditor editor, YMap map)
    {
        if (site.Family.UploadsOnLinux || map["runs-on"] is not YScalar { Style: not (YScalarStyle.Literal or YScalarStyle.Folded) } runner)
        {
            return YValue.Str("ubuntu-latest");
        }

        var label = runner.Value;
        return label.Contains("macos", StringComparison.OrdinalIgnoreCase) || label.Contains("windows", StringComparison.OrdinalIgnoreCase)
            ? YValue.Str("ubuntu-latest")
            : YValue.Raw(editor.TextOf(runner));
    }

    /// <summary>The job's own environment, as written (name and url), or the policy's environment for the registry.</summary>
    private YValue EnvironmentValue(YamlEditor editor)
    {
        switch (site.Job.Environment)
        {
            case YScalar { IsNull: false } scalar:
                return YValue.Raw(editor.TextOf(scalar));
            case YMap { IsFlow: false } written when written.Entries.All(e => e.Value is YScalar { Style: not (YScalarStyle.Literal or YScalarStyle.Folded) }):
                return new YMapValue(written.Entries.Select(e => new YMapItem(e.KeyText, YValue.Raw(editor.TextOf(e.Value)), null)).ToList());
            case YMap written:
                return YValue.Raw(editor.TextOf(written));
            default:
                return YValue.Str(registry.Environment);
        }
    }

    private string? EnvironmentComment(YamlEditor editor) =>
        site.Job.Environment is YScalar { IsNull: false } kept ? editor.TrailingComment(kept)?.Trim()
        : site.Job.EnvironmentName is not null ? null
        : site.Family.TrustedPublishing ? $"the trusted publisher on {site.Family.DisplayName} names this environment exactly"
        : $"holds the {site.Family.DisplayName} secrets";

    /// <summary>
    /// The upload step with the original step's env entries its script reads (a tag name from
    /// release-please that picks the dist-tag, say), so the upload sees what it saw before.
    /// </summary>
    private YValue CarryStepEnv(YamlEditor editor, YValue step)
    {
        if (step is not YMapValue { Items: var items } || items.FirstOrDefault(i => i.Key == "run")?.Value is not YStr { Value: var script })
        {
            return step;
        }

        var own = items.FirstOrDefault(i => i.Key == "env")?.Value as YMapValue;
        var defined = (own?.Items ?? []).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var carried = (site.PublishStep.Env?.Entries ?? [])
            .Where(e => !defined.Contains(e.KeyText) && PublishJobAnalyzer.Mentions(script, e.KeyText))
            .Select(e => new YMapItem(e.KeyText, EnvValue(editor, e.Value), null))
            .ToList();
        if (carried.Count == 0)
        {
            return step;
        }

        _carriedFromStep.AddRange(carried.Select(c => c.Key));
        var env = new YMapValue([.. own?.Items ?? [], .. carried]);
        var result = items.Where(i => i.Key != "env").ToList();
        result.Insert(result.FindIndex(i => i.Key == "run"), new YMapItem("env", env, null));
        return new YMapValue(result);
    }

    /// <summary>The original job's env entries the upload reads (and the upload steps don't set themselves).</summary>
    private List<YMapItem> CarriedJobEnv(YamlEditor editor, IReadOnlyList<YValue> upload)
    {
        var text = string.Join("\n", upload.SelectMany(PublishEnvironment.Texts));
        var stepDefined = upload.OfType<YMapValue>().SelectMany(s => (s.Items.FirstOrDefault(i => i.Key == "env")?.Value as YMapValue)?.Items ?? []).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        return (site.Job.Map?.Map("env")?.Entries ?? [])
            .Where(e => !stepDefined.Contains(e.KeyText) && PublishJobAnalyzer.Mentions(text, e.KeyText))
            .Select(e => new YMapItem(e.KeyText, EnvValue(editor, e.Value), null))
            .ToList();
    }

    private static YValue EnvValue(YamlEditor editor, YNode value) =>
        value is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded } block ? YValue.Str(block.Value)
        : value is YScalar ? YValue.Raw(editor.TextOf(value))
        : throw new InvalidOperationException($"the env value at line {value.Start.Line} is not a scalar");

    /// <summary>The artifact as build-artifact sees it: under the upload step's working directory, when it has one.</summary>
    private Artifact InWorkingDirectory(Artifact artifact)
    {
        var directory = PublishJobAnalyzer.WorkingDirectory(site.Job, site.PublishStep)?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(directory) || directory == ".")
        {
            return artifact;
        }

        var prefix = directory.StartsWith("./", StringComparison.Ordinal) ? directory[2..] : directory;
        return artifact with { Path = $"{prefix}/{artifact.Path}", DownloadPath = artifact.DownloadPath };
    }

    /// <summary>
    /// build-artifact, plus every original need whose outputs the publish job reads: in its
    /// condition (a tag or release gate) or in the env its upload carries.
    /// </summary>
    private YValue Needs(YMap map, IReadOnlyList<YValue> upload, IReadOnlyList<YMapItem> jobEnv)
    {
        var read = string.Join("\n", upload.SelectMany(PublishEnvironment.Texts).Concat(jobEnv.SelectMany(i => PublishEnvironment.Texts(i.Value))).Prepend(map["if"] is YScalar s ? s.Value : ""));
        var gates = site.Job.Needs.Where(n => read.Contains($"needs.{n}.", StringComparison.Ordinal)).ToList();
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
