using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    };

    public static string Serialize(Plan plan) => JsonSerializer.Serialize(plan, Options) + "\n";

    /// <summary>Reads a saved plan; throws <see cref="JsonException"/> naming line and position when it is malformed.</summary>
    public static Plan Deserialize(string json)
    {
        var plan = JsonSerializer.Deserialize<Plan>(json, Options) ?? throw new JsonException("the plan file is empty");
        return plan.SchemaVersion == Plan.CurrentSchemaVersion
            ? plan
            : throw new JsonException($"plan schemaVersion {plan.SchemaVersion} is not supported (this build reads {Plan.CurrentSchemaVersion})");
    }
}
