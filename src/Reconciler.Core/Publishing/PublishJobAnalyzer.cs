using System.Text.RegularExpressions;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>What the analyzer concluded about one job.</summary>
public abstract record JobVerdict
{
    /// <summary>The job doesn't upload to a registry.</summary>
    public sealed record NotPublishing : JobVerdict;

    /// <summary>The job uploads without checking out or building: already the hardened shape.</summary>
    public sealed record AlreadySplit(IRegistryFamily Family) : JobVerdict;

    /// <summary>The job publishes in a way too unusual to split safely; it is left unchanged.</summary>
    public sealed record Unusual(string Reason, YNode At) : JobVerdict;

    /// <summary>The job can be split into build-artifact and publish.</summary>
    public sealed record Splittable(PublishSite Site) : JobVerdict;
}

/// <summary>Reads a job's steps and decides whether, and how, it publishes.</summary>
public static partial class PublishJobAnalyzer
{
    public static JobVerdict Analyze(Workflow workflow, Job job, RepositorySnapshot repository, IReadOnlyList<IRegistryFamily> families)
    {
        if (job.Map is null)
        {
            return new JobVerdict.NotPublishing();
        }

        if (job.Uses is { } called)
        {
            return called.Contains("publish", StringComparison.OrdinalIgnoreCase)
                ? new JobVerdict.Unusual($"publishing happens inside the reusable workflow `{called}`, which Reconcile can't see from here", job.Entry.Key)
                : new JobVerdict.NotPublishing();
        }

        if (ReleaseTools.In(job) is { } tool)
        {
            // The tool versions, tags and uploads in one run: no pack step to take from it.
            return new JobVerdict.Unusual($"it publishes through {tool.Tool} (step `{tool.Step.Name ?? tool.Step.Uses ?? "run"}`), {tool.What}, so Reconcile can't take a pack step from it; to keep the build away from the credential, {tool.Fix}", tool.Step.Map ?? (YNode)job.Entry.Key);
        }

        var steps = job.Steps;
        var roles = steps.Select(s => Roles(s, families)).ToList();
        var publishing = roles.SelectMany(r => r).Where(r => r.Value.Contains(LineRole.Publish)).Select(r => r.Key).Distinct().ToList();
        if (publishing.Count == 0)
        {
            return NothingRecognised(workflow, job, steps, repository);
        }

        if (publishing.Count > 1)
        {
            return new JobVerdict.Unusual($"the job publishes to {string.Join(" and ", publishing.Select(f => f.DisplayName))}; split it per registry by hand first", job.Entry.Key);
        }

        var family = publishing[0];
        if (!steps.Any(IsCheckout) && steps.Any(s => s.Uses?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true))
        {
            return new JobVerdict.AlreadySplit(family);
        }

        if (Blocker(workflow, job) is { } blocker)
        {
            return new JobVerdict.Unusual(blocker, job.Entry.Key);
        }

        var publishIndexes = Enumerable.Range(0, steps.Count).Where(i => roles[i].TryGetValue(family, out var r) && r.Contains(LineRole.Publish)).ToList();
        if (publishIndexes.Count > 1)
        {
            return new JobVerdict.Unusual($"{publishIndexes.Count} steps upload to {family.DisplayName}; Reconcile splits jobs with one upload step", steps[publishIndexes[1]].Map!);
        }

        var publishStep = steps[publishIndexes[0]];
        var after = steps.Skip(publishStep.Index + 1).ToList();
        if (after.Count > 0)
        {
            var names = string.Join(", ", after.Select(s => $"`{s.Name ?? s.Uses ?? "run"}`"));
            return new JobVerdict.Unusual($"steps run after the upload ({names}); move them to a job that needs this one, then Reconcile can split it", after[0].Map!);
        }

        if (publishStep.If is not null)
        {
            return new JobVerdict.Unusual("the upload step has its own `if:`, which the split can't carry over faithfully", publishStep.Map!);
        }

        if (WorkingDirectory(job, publishStep) is { } dir && (dir.Contains("${{", StringComparison.Ordinal) || dir.Contains('$', StringComparison.Ordinal)))
        {
            return new JobVerdict.Unusual($"the upload runs in the working directory `{dir}`, which is only known at run time, so the artifact's path can't be written down", publishStep.Map!);
        }

        var credentialSteps = new List<Step>();
        var builtBefore = false;
        for (var i = 0; i < publishStep.Index; i++)
        {
            if (!roles[i].TryGetValue(family, out var stepRoles))
            {
                continue;
            }

            if (stepRoles.All(r => r is LineRole.Credential or LineRole.Neutral))
            {
                credentialSteps.Add(steps[i]);
            }
            else if (stepRoles.Contains(LineRole.Credential))
            {
                return new JobVerdict.Unusual($"step `{steps[i].Name ?? "run"}` mixes a {family.DisplayName} credential with other commands", steps[i].Map!);
            }

            builtBefore |= stepRoles.Contains(LineRole.Build);
        }

        var lines = publishStep.Run is { } run
            ? ShellScript.Lines(run).Select(l => new ScriptLine(l, Role(family, l))).ToList()
            : [];
        var firstPublish = lines.FindIndex(l => l.Role == LineRole.Publish);
        builtBefore |= lines.Take(Math.Max(firstPublish, 0)).Any(l => l.Role == LineRole.Build);
        if (ScriptProblem(lines) is { } problem)
        {
            return new JobVerdict.Unusual(problem, publishStep.Map!);
        }

        var credentialText = string.Concat(credentialSteps.Append(publishStep).Select(s => s.Map is null ? "" : workflow.Document.Edit().TextOf(s.Map)));
        var rootSecret = workflow.Root.Map("env")?.Entries
            .FirstOrDefault(e => e.Value is YScalar v && Secrets.Any(v.Value) && Mentions(credentialText, e.KeyText));
        if (rootSecret is not null)
        {
            // Every job, build-artifact included, would keep the credential: the split would not remove it.
            return new JobVerdict.Unusual($"the workflow-level `env` hands `{rootSecret.KeyText}` to every job; move it to the upload step first", rootSecret.Key);
        }

        var site = new PublishSite
        {
            Workflow = workflow,
            Job = job,
            Family = family,
            Repository = repository,
            PublishStep = publishStep,
            Lines = lines,
            CredentialSteps = credentialSteps,
            BuiltBefore = builtBefore,
            RegistrySecrets = [.. Secrets.In(credentialText).Concat(JobEnvSecrets(job, credentialText)).Distinct(StringComparer.Ordinal)],
        };
        return family.Unsupported(site) is { } why
            ? new JobVerdict.Unusual(why, publishStep.Map!)
            : new JobVerdict.Splittable(site);
    }

    /// <summary>Where the upload step runs: its own <c>working-directory</c>, else the job's <c>defaults.run</c> one; null for the workspace root.</summary>
    public static string? WorkingDirectory(Job job, Step step) =>
        step.Run is null ? null : step.Map?.Text("working-directory") ?? job.Map?.Map("defaults")?.Map("run")?.Text("working-directory");

    public static bool IsCheckout(Step step) => step.Uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true;

    /// <summary>Job-level env entries holding secrets that the upload reads (<c>$NAME</c> or <c>env.NAME</c>).</summary>
    internal static IEnumerable<string> JobEnvSecrets(Job job, string uploadText)
    {
        foreach (var entry in job.Map?.Map("env")?.Entries ?? [])
        {
            if (Mentions(uploadText, entry.KeyText) && entry.Value is YScalar s)
            {
                foreach (var secret in Secrets.In(s.Value))
                {
                    yield return secret;
                }
            }
        }
    }

    internal static bool Mentions(string text, string envName) =>
        text.Contains("$" + envName, StringComparison.Ordinal) || text.Contains("${" + envName, StringComparison.Ordinal) || text.Contains("env." + envName, StringComparison.Ordinal);

    /// <summary>No upload we recognise: still say so when the job plainly publishes through something we can't see into.</summary>
    private static JobVerdict NothingRecognised(Workflow workflow, Job job, IReadOnlyList<Step> steps, RepositorySnapshot repository)
    {
        var local = steps.FirstOrDefault(s => s.Uses is { } u && u.StartsWith("./", StringComparison.Ordinal) && u.Contains("publish", StringComparison.OrdinalIgnoreCase));
        if (local is not null)
        {
            return new JobVerdict.Unusual($"publishing happens inside the local action `{local.Uses}`, which Reconcile doesn't rewrite", local.Map!);
        }

        // A registry credential with no upload we recognise: the upload is in a script (bin/publish-pypi, scripts/release.sh).
        var text = workflow.Document.Edit().TextOf(job.Map!);
        var credential = Secrets.In(text).FirstOrDefault(s => RegistrySecretName().IsMatch(s));
        // The job's own grant, else the workflow's when the job sets none.
        var mintsOidc = (job.Map!.Find("permissions") is null ? workflow.Root.Map("permissions") : job.Map.Map("permissions"))?.Text("id-token") == "write";
        if ((credential is not null || mintsOidc) && RepositoryScripts.In(job, repository) is [var script, ..])
        {
            return new JobVerdict.Unusual(ScriptReason(script, credential is null ? "`id-token: write`" : $"`{credential}`"), script.Step.Map ?? (YNode)job.Entry.Key);
        }

        return credential is null || !text.Contains("publish", StringComparison.OrdinalIgnoreCase)
            ? new JobVerdict.NotPublishing()
            : new JobVerdict.Unusual($"the job reads `{credential}` but uploads through something Reconcile doesn't recognise (a script?), so it can't be split automatically", job.Entry.Key);
    }

    /// <summary>Why a job that runs a repository script with a credential is left alone, and what to do by hand.</summary>
    private static string ScriptReason(RepositoryScripts.Call script, string holds)
    {
        var runs = $"it holds {holds} and runs the repository script `{script.Path}`";
        var separately = "run it in a job of its own that needs the build, downloads what it uploads, holds the credential in a protected environment and runs nothing else";
        if (script.Upload is { } upload)
        {
            return $"{runs}, which uploads to {upload.Registry} with {upload.Command}; Reconcile doesn't rewrite scripts. Split it by hand: {upload.BuildFirst}, in a protected environment";
        }

        if (!script.Read)
        {
            return $"{runs}, which isn't among the files Reconcile read (`bin/*`, `scripts/*` and `scripts/*/*`); if the script uploads, {separately}; if nothing in it needs the credential, take {holds} away from this job";
        }

        return holds.Contains("id-token", StringComparison.Ordinal)
            ? $"{runs}, which uploads nothing Reconcile recognises; if nothing in the job needs an OIDC token, remove `id-token: write`, otherwise move the step that needs it to a job of its own that needs the build, holds the grant in a protected environment and runs nothing else"
            : $"{runs}, which uploads nothing Reconcile recognises; if the script only checks that the credential is set, pass it `${{{{ secrets.{holds.Trim('`')} != '' }}}}` instead of the secret, otherwise {separately}";
    }

    /// <summary>Why the upload script can't be divided into build and upload commands, or null.</summary>
    private static string? ScriptProblem(IReadOnlyList<ScriptLine> lines)
    {
        if (lines.Any(l => l.Role == LineRole.ControlFlow) && lines.Any(l => l.Role is LineRole.Other or LineRole.Build))
        {
            return "the upload script mixes shell conditions with other commands; Reconcile only carries conditions around upload commands";
        }

        var firstPublish = lines.ToList().FindIndex(l => l.Role == LineRole.Publish);
        return firstPublish >= 0 && lines.Skip(firstPublish + 1).Any(l => l.Role == LineRole.Other)
            ? "the upload script runs other commands after uploading"
            : null;
    }

    private static string? Blocker(Workflow workflow, Job job)
    {
        if (job.HasMatrix)
        {
            return "the publishing job is a matrix: each leg would upload, and one artifact per leg needs a hand-written merge";
        }

        if (workflow.Triggers.Contains("workflow_call"))
        {
            return "the workflow is a reusable one (`workflow_call`): the environment and OIDC grant belong to its callers";
        }

        foreach (var key in new[] { "outputs", "services", "container" })
        {
            if (job.Map!.Find(key) is not null)
            {
                return $"the publishing job has `{key}:`, which the split would have to divide between two jobs";
            }
        }

        return workflow.JobsMap?.Find("build-artifact") is not null
            ? "the workflow already has a `build-artifact` job that is not this one's build half"
            : null;
    }

    private static Dictionary<IRegistryFamily, List<LineRole>> Roles(Step step, IReadOnlyList<IRegistryFamily> families)
    {
        var result = new Dictionary<IRegistryFamily, List<LineRole>>();
        foreach (var family in families)
        {
            var roles = new List<LineRole>();
            if (step.Uses is { } uses)
            {
                var action = uses.Split('@')[0];
                roles.Add(ReleaseTools.OnlyVersions(step) ? LineRole.Other : family.ActionRole(action));
            }
            else if (step.Run is { } run)
            {
                roles.AddRange(ShellScript.Lines(run).Select(l => Role(family, l)));
            }

            if (roles.Any(r => r is LineRole.Publish or LineRole.Credential or LineRole.Build))
            {
                result[family] = roles;
            }
        }

        return result;
    }

    private static LineRole Role(IRegistryFamily family, string line) =>
        ShellScript.IsNeutral(line) ? LineRole.Neutral
        : ShellScript.IsControlFlow(line) ? LineRole.ControlFlow
        : family.RoleOf(line);

    [GeneratedRegex("PYPI|NPM|NUGET|MAVEN|SONATYPE|OSSRH|RUBYGEMS|RUBY_GEMS|GEM_HOST|CARGO_REGISTRY|CRATES", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrySecretName();
}
