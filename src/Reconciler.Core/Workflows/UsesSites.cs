using Reconciler.Core.Yaml;

namespace Reconciler.Core.Workflows;

/// <summary>One <c>uses:</c> in a workflow: a step's action or a job's reusable workflow.</summary>
public sealed record UsesSite(Job Job, Step? Step, YScalar Node, ActionReference Reference)
{
    /// <summary>Where it is, for messages: <c>job build, step 2</c> or <c>job release</c>.</summary>
    public string Where => Step is null ? $"job {Job.Id}" : $"job {Job.Id}, step {Step.Index + 1}{(Step.Name is { } n ? $" ({n})" : "")}";

    /// <summary>
    /// Whether the <c>uses:</c> sits in a flow mapping (<c>- { uses: a/b@v1, with: {...} }</c>): a
    /// trailing <c># comment</c> there would swallow the rest of the line, so rules don't pin it.
    /// </summary>
    public bool InFlow => (Step?.Map ?? Job.Map)?.IsFlow == true;

    /// <summary>The <c>uses:</c> value at the same place in another (re-parsed) version of the workflow.</summary>
    public string? ValueIn(Workflow workflow)
    {
        var job = workflow.Job(Job.Id);
        return Step is null ? job?.Uses : job?.Steps.ElementAtOrDefault(Step.Index)?.Uses;
    }

    /// <summary>Every inline <c>uses:</c> scalar of a workflow, in file order.</summary>
    public static IEnumerable<UsesSite> All(Workflow workflow)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Map?["uses"] is YScalar { Style: not (YScalarStyle.Literal or YScalarStyle.Folded) } jobUses && !jobUses.IsNull)
            {
                yield return new UsesSite(job, null, jobUses, ActionReference.Parse(jobUses.Value));
            }

            foreach (var step in job.Steps)
            {
                if (step.UsesNode is { Style: not (YScalarStyle.Literal or YScalarStyle.Folded) } uses && !uses.IsNull)
                {
                    yield return new UsesSite(job, step, uses, ActionReference.Parse(uses.Value));
                }
            }
        }
    }
}
