using Reconciler.Core.Yaml;

namespace Reconciler.Core.Workflows;

/// <summary>
/// One <c>uses:</c>: a workflow step's action, a job's reusable workflow, or a composite action's step
/// (<see cref="Job"/> null: action metadata has no jobs).
/// </summary>
public sealed record UsesSite(Job? Job, Step? Step, YScalar Node, ActionReference Reference)
{
    /// <summary>Where it is, for messages: <c>job build, step 2</c>, <c>job release</c>, or <c>step 2</c> of a composite action.</summary>
    public string Where => Job is null ? StepName(Step) : Step is null ? $"job {Job.Id}" : $"job {Job.Id}, {StepName(Step)}";

    /// <summary>
    /// Whether the <c>uses:</c> sits in a flow mapping (<c>- { uses: a/b@v1, with: {...} }</c>): a
    /// trailing <c># comment</c> there would swallow the rest of the line, so rules don't pin it.
    /// </summary>
    public bool InFlow => (Step?.Map ?? Job?.Map)?.IsFlow == true;

    /// <summary>The <c>uses:</c> value at the same place in another (re-parsed) version of the file.</summary>
    public string? ValueIn(IUsesFile file)
    {
        if (file is ActionMetadata action)
        {
            return Job is null && Step is not null ? action.Steps.ElementAtOrDefault(Step.Index)?.Uses : null;
        }

        var job = Job is null ? null : (file as Workflow)?.Job(Job.Id);
        return Step is null ? job?.Uses : job?.Steps.ElementAtOrDefault(Step.Index)?.Uses;
    }

    /// <summary>Every inline <c>uses:</c> scalar of a workflow or a composite action, in file order.</summary>
    public static IEnumerable<UsesSite> All(IUsesFile file) => file switch
    {
        Workflow workflow => All(workflow),
        ActionMetadata action => action.Steps.SelectMany(step => Of(null, step)),
        _ => [],
    };

    /// <summary>Every inline <c>uses:</c> scalar of a workflow, in file order.</summary>
    public static IEnumerable<UsesSite> All(Workflow workflow)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Map?["uses"] is YScalar jobUses && Inline(jobUses))
            {
                yield return new UsesSite(job, null, jobUses, ActionReference.Parse(jobUses.Value));
            }

            foreach (var step in job.Steps)
            {
                foreach (var site in Of(job, step))
                {
                    yield return site;
                }
            }
        }
    }

    private static IEnumerable<UsesSite> Of(Job? job, Step step) =>
        step.UsesNode is { } uses && Inline(uses) ? [new UsesSite(job, step, uses, ActionReference.Parse(uses.Value))] : [];

    /// <summary>A plain or quoted scalar: a block scalar <c>uses: |</c> is left to humans.</summary>
    private static bool Inline(YScalar uses) => uses.Style is not (YScalarStyle.Literal or YScalarStyle.Folded) && !uses.IsNull;

    private static string StepName(Step? step) => step?.Label ?? "";
}
