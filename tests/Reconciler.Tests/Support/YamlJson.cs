using System.Globalization;
using System.Text.Json.Nodes;
using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Support;

/// <summary>YAML (as the policy loader reads it) to JSON, for validating YAML files against JSON Schemas.</summary>
public static class YamlJson
{
    public static JsonNode? Convert(YNode? node) => node switch
    {
        null => null,
        YMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.KeyText, Convert(e.Value)))),
        YSeq seq => new JsonArray(seq.Items.Select(Convert).ToArray()),
        YAlias alias => Convert(alias.Target),
        YScalar { IsNull: true } => null,
        YScalar { Style: YScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YScalar { Style: YScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YScalar s => JsonValue.Create(s.Value),
        _ => null,
    };
}
