using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Settings;

/// <summary>
/// The deployment environments the repository's publishing jobs run under, read from the workflows
/// as the plan leaves them: environments the policy names for a registry, and any environment of a
/// job that can mint an OIDC token.
/// </summary>
public static class PublishingEnvironments
{
    public static IReadOnlyList<(string Name, string Workflow, int Line)> Find(IReadOnlyDictionary<string, string> files, PolicySpec policy)
    {
        var registryEnvironments = policy.Registries.Values.Select(r => r.Environment).ToHashSet(StringComparer.Ordinal);
        var found = new List<(string, string, int)>();
        foreach (var path in files.Keys.Where(FilesOfInterest.IsWorkflow).Order(StringComparer.Ordinal))
        {
            Workflow workflow;
            try
            {
                workflow = Workflow.Parse(path, files[path]);
            }
            catch (Exception ex) when (ex is YamlSyntaxException or NotAWorkflowException)
            {
                continue; // reported by the planner as a workflow-syntax finding
            }

            foreach (var job in workflow.Jobs)
            {
                var name = job.EnvironmentName;
                if (name is null || name.Contains("${{", StringComparison.Ordinal))
                {
                    continue;
                }

                if (registryEnvironments.Contains(name) || MintsOidc(job))
                {
                    found.Add((name, path, job.Environment!.Start.Line));
                }
            }
        }

        return found.GroupBy(f => f.Item1, StringComparer.Ordinal).Select(g => g.First()).ToList();
    }

    private static bool MintsOidc(Job job) => job.Permissions switch
    {
        YScalar { Value: "write-all" } => true,
        YMap map => map.Text("id-token") == "write",
        _ => false,
    };
}
