using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Reconciler.Core.Planning;

namespace Reconciler.Core.Rendering;

/// <summary>The plan document as JSON (docs/plan-format.md). Stable: users script against it.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WriteCurrentEvenWhenNull } },
    };

    /// <summary>
    /// A setting change always says what is there today: <c>"current": null</c> means "nothing yet",
    /// which a reader must not have to infer from a missing key.
    /// </summary>
    private static void WriteCurrentEvenWhenNull(JsonTypeInfo info)
    {
        if (info.Type != typeof(SettingChange))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name == "current")
            {
                property.ShouldSerialize = static (_, _) => true; // an explicit predicate overrides WhenWritingNull
            }
        }
    }

    public static string Serialize(Plan plan) => JsonSerializer.Serialize(plan, Options) + "\n";

    /// <summary>Reads a saved plan; throws <see cref="JsonException"/> naming line and position when it is malformed.</summary>
    public static Plan Deserialize(string json)
    {
        var plan = JsonSerializer.Deserialize<Plan>(json, Options) ?? throw new JsonException("the plan file is empty");
        if (plan.SchemaVersion != Plan.CurrentSchemaVersion)
        {
            throw new JsonException($"plan schemaVersion {plan.SchemaVersion} is not supported (this build reads {Plan.CurrentSchemaVersion})");
        }

        return NullInside(plan) is { } where ? throw new JsonException($"the plan has null where {where} should be") : plan;
    }

    /// <summary>Where a list of the document holds a null (nullable annotations don't reach list items), or null.</summary>
    private static string? NullInside(Plan plan)
    {
        for (var i = 0; i < plan.Repositories.Count; i++)
        {
            if (plan.Repositories[i] is not { } repo)
            {
                return $"repositories[{i}]";
            }

            if (repo.Findings.Contains(null!) || repo.Changes.Contains(null!))
            {
                return $"a finding or change of repositories[{i}]";
            }

            foreach (var change in repo.Changes)
            {
                if (change.Rules.Contains(null!) || (change is FileChange f && f.Explanations.Contains(null!)))
                {
                    return $"a rule or explanation of repositories[{i}]";
                }
            }
        }

        return null;
    }
}
