using Reconciler.Core.Policy;
using Reconciler.Core.Publishing;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// The job that holds a registry credential never checks out code, installs a toolchain or runs a
/// package manager: a publishing job becomes <c>build-artifact</c> (no secrets) → <c>publish</c>
/// (environment, OIDC where the registry has trusted publishing). Runs first: it restructures jobs
/// that the line-level rules then polish.
/// </summary>
public sealed class PublishTopologyRule : IWorkflowRule
{
    private readonly IReadOnlyList<IRegistryFamily> _families;

    public PublishTopologyRule(IReadOnlyList<IRegistryFamily>? families = null) => _families = families ?? RegistryFamilies.All;

    public string Id => "publish-topology";

    public string Title => "Build and publish run in separate jobs; only the publish job holds the credential";

    public string Help =>
        "A job that checks out, installs dependencies and builds runs code from the repository and from every dependency. " +
        "If the same job holds a registry token or can mint an OIDC token, any of that code can publish a release in your name. " +
        "Building in an unprivileged job and uploading the artifact from a job that runs nothing else, in a protected environment, " +
        "limits the credential to the registry's own upload tool.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(WorkflowContext context)
    {
        var workflow = context.Workflow;
        var verdicts = workflow.Jobs.Select(job => (Job: job, Verdict: PublishJobAnalyzer.Analyze(workflow, job, context.Repository, _families))).ToList();
        var splitting = verdicts.Where(v => v.Verdict is JobVerdict.Splittable).Select(v => v.Job.Id).ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<string>(workflow.Jobs.Select(j => j.Id), StringComparer.Ordinal);
        foreach (var (job, verdict) in verdicts)
        {
            switch (verdict)
            {
                case JobVerdict.Unusual unusual:
                    context.Report(unusual.At, $"job `{job.Id}` publishes, but was left unchanged: {unusual.Reason}", severity: Severity.Warning);
                    break;
                case JobVerdict.Splittable { Site: var site } when context.Policy.Registries.TryGetValue(site.Family.RegistryId, out var registry):
                    var buildId = taken.Contains(TopologyRewrite.DefaultBuildJobId) ? $"build-{job.Id}" : TopologyRewrite.DefaultBuildJobId;
                    if (Split(context, site, registry, buildId, OtherReaders(context, site, splitting), verifyAlone: splitting.Count > 1))
                    {
                        taken.Add(buildId);
                    }

                    break;
            }
        }
    }

    /// <summary>Jobs this change leaves as they are that still read one of the site's registry secrets.</summary>
    private static List<string> OtherReaders(WorkflowContext context, PublishSite site, IReadOnlySet<string> splitting)
    {
        var editor = context.Workflow.Document.Edit();
        return context.Workflow.Jobs
            .Where(j => !splitting.Contains(j.Id) && j.Map is not null && Secrets.In(editor.TextOf(j.Map)).Any(site.RegistrySecrets.Contains))
            .Select(j => j.Id)
            .ToList();
    }

    private static bool Split(WorkflowContext context, PublishSite site, RegistryPolicy registry, string buildId, IReadOnlyList<string> otherReaders, bool verifyAlone)
    {
        var job = site.Job;
        var holds = site.RegistrySecrets.Count > 0
            ? $"holds {Prose.Code(site.RegistrySecrets)}"
            : "can mint an OIDC token";
        var finding = $"job `{job.Id}` uploads to {site.Family.DisplayName} and {holds} in the same job that checks out and builds the code";
        if (!context.MayFix)
        {
            context.Report(job.Entry.Key, finding, fixedByEdit: true);
            return false;
        }

        // Build the whole split on a scratch editor and check it reads back as a workflow before
        // taking any of it: a job is split completely or not at all. With one split in the file the
        // planner's own re-parse is that check (it drops the rule's whole change), so we skip a parse.
        var scratch = context.Workflow.Document.Edit();
        var rewrite = new TopologyRewrite(site, registry, context.Policy, buildId);
        try
        {
            rewrite.Apply(scratch);
            if (verifyAlone)
            {
                Workflow.Parse(context.Workflow.Path, scratch.Apply());
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or YamlSyntaxException or NotAWorkflowException)
        {
            // Said the way an unusual job is: it publishes, and nothing of the split is taken.
            context.Report(job.Entry.Key, $"job `{job.Id}` publishes, but was left unchanged: it could not be split ({ex.Message})", severity: Severity.Warning);
            return false;
        }

        context.Report(job.Entry.Key, finding, fixedByEdit: true);
        foreach (var edit in scratch.Edits)
        {
            context.Editor.Splice(edit);
        }

        foreach (var line in rewrite.Explanations)
        {
            context.Explain(line);
        }

        foreach (var step in ManualSteps(site, rewrite, otherReaders))
        {
            context.Manual(step.Target, step.Instructions);
        }

        var leftover = SecretsLeftInBuild(context, site);
        if (leftover.Count > 0)
        {
            context.Report(job.Entry.Key,
                $"`{buildId}` can still read {Prose.Code(leftover)} (through steps, job env or workflow env that stay with the build); move what needs {(leftover.Count == 1 ? "it" : "them")} to a job of its own so the build holds no secrets",
                severity: Severity.Warning);
        }

        return true;
    }

    /// <summary>Secrets the build half still sees: its remaining steps, its job env, and the workflow env.</summary>
    private static List<string> SecretsLeftInBuild(WorkflowContext context, PublishSite site)
    {
        var editor = context.Workflow.Document.Edit();
        var moved = site.CredentialSteps.Append(site.PublishStep).Select(s => s.Index).ToHashSet();
        var texts = site.Job.Steps.Where(s => !moved.Contains(s.Index) && s.Map is not null).Select(s => editor.TextOf(s.Map!))
            .Concat((site.Job.Map?.Map("env")?.Entries ?? []).Select(e => editor.TextOf(e.Value)))
            .Concat((context.Workflow.Root.Map("env")?.Entries ?? []).Select(e => editor.TextOf(e.Value)));
        return texts.SelectMany(Secrets.In).Where(s => !site.RegistrySecrets.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<ManualStep> ManualSteps(PublishSite site, TopologyRewrite rewrite, IReadOnlyList<string> otherReaders)
    {
        var steps = rewrite.ManualSteps.ToList();
        if (otherReaders.Count > 0)
        {
            // Deleting the secret would break the jobs this change leaves alone.
            var jobs = Prose.Code(otherReaders);
            var them = site.RegistrySecrets.Count == 1 ? "it" : "them";
            steps = steps.Select(s => s.Target.StartsWith("secrets:", StringComparison.Ordinal)
                ? s with { Instructions = $"Keep {Prose.Code(site.RegistrySecrets)} for now: {(otherReaders.Count == 1 ? "job" : "jobs")} {jobs} in this workflow still {(otherReaders.Count == 1 ? "reads" : "read")} {them}. Delete {them} and revoke the credential once {(otherReaders.Count == 1 ? "that job publishes" : "those jobs publish")} through trusted publishing too." }
                : s).ToList();
        }

        var grantsOidc = site.Job.Map?.Map("permissions")?.Text("id-token") == "write";
        if (grantsOidc && site.RegistrySecrets.Count == 0 && steps.Count > 0)
        {
            // The registry already trusts this workflow: the binding needs updating, not creating.
            steps[0] = steps[0] with
            {
                Instructions = $"{site.Family.DisplayName} already trusts this workflow. Check its trusted publisher (the same place as for a new one): " +
                    $"it must name the workflow `{site.WorkflowFile}` and the environment `{rewrite.Environment}` exactly, or the new `{site.Job.Id}` job can't upload.",
            };
        }

        return steps;
    }
}
