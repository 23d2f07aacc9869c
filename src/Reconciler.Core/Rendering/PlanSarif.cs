using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Core.Rendering;

/// <summary>
/// The plan's findings as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run per
/// repository (its own category), one result per finding, rule metadata with the rules' help text.
/// </summary>
public static class PlanSarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(Plan plan, IReadOnlyList<IRule>? rules = null)
    {
        var catalogue = (rules ?? RuleCatalog.All).ToList();
        var runs = new JsonArray();
        foreach (var repo in plan.Repositories.Where(r => r.Findings.Count > 0 || r.Status != RepositoryStatus.Skipped))
        {
            runs.Add(Run(plan, repo, catalogue));
        }

        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = runs,
        };
        return log.ToJsonString(Options) + "\n";
    }

    private static JsonObject Run(Plan plan, RepositoryPlan repo, List<IRule> catalogue)
    {
        var ids = catalogue.Select(r => r.Id).ToList();
        foreach (var id in repo.Findings.Select(f => f.Rule).Where(id => !ids.Contains(id)).Distinct().Order(StringComparer.Ordinal))
        {
            ids.Add(id); // workflow-syntax and rules from elsewhere still get metadata
        }

        var rules = new JsonArray();
        foreach (var id in ids)
        {
            rules.Add(RuleMetadata(id, catalogue.FirstOrDefault(r => r.Id == id)));
        }

        var results = new JsonArray();
        foreach (var finding in repo.Findings)
        {
            results.Add(Result(finding, ids.IndexOf(finding.Rule)));
        }

        return new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["driver"] = new JsonObject
                {
                    ["name"] = "Reconcile",
                    ["rules"] = rules,
                },
            },
            ["automationDetails"] = new JsonObject { ["id"] = $"reconcile/{repo.Repository}/" },
            ["properties"] = new JsonObject
            {
                ["repository"] = repo.Repository,
                ["policy"] = plan.Policy.Name,
                ["policyDigest"] = plan.Policy.Digest,
            },
            ["results"] = results,
        };
    }

    private static JsonObject RuleMetadata(string id, IRule? rule)
    {
        var title = rule?.Title ?? (id == Planner.SyntaxRuleId ? "Workflows are valid YAML and valid workflows" : id);
        var help = rule?.Help ?? (id == Planner.SyntaxRuleId ? "A workflow that doesn't parse doesn't run; Reconcile leaves it unchanged." : title);
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = string.Concat(id.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
            ["shortDescription"] = new JsonObject { ["text"] = title },
            ["fullDescription"] = new JsonObject { ["text"] = help },
            ["help"] = new JsonObject { ["text"] = help, ["markdown"] = help },
            ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule?.DefaultSeverity ?? Severity.Error) },
            ["properties"] = new JsonObject { ["tags"] = new JsonArray("security", "github-actions") },
        };
    }

    private static JsonObject Result(Finding finding, int ruleIndex)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.Rule,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
        };
        if (finding.Path is not null)
        {
            var location = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = finding.Path } };
            if (finding.Line is { } line)
            {
                location["region"] = new JsonObject { ["startLine"] = line, ["startColumn"] = finding.Column ?? 1 };
            }

            result["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = location });
        }

        // The plan's file change resolves a fixed finding; code scanning shows the property, and the
        // pull request carries the change itself.
        result["properties"] = new JsonObject { ["fixed"] = finding.Fixed };
        return result;
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
