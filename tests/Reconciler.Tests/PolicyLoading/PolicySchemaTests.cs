using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Reconciler.Core.Policy;
using Reconciler.Core.Rules;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.PolicyLoading;

/// <summary>The JSON Schema shipped for editors must accept the shipped policies and agree with the loader.</summary>
public class PolicySchemaTests
{
    /// <summary>Loaded once: the schema registers its $id globally, and a second load of it fails.</summary>
    internal static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Repo.PathOf("policies", "schema", "policy.schema.json")));

    public static TheoryData<string> ShippedPolicies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repo.PathOf("policies"), "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedPolicies))]
    public void Shipped_policies_load_and_validate_against_the_schema(string name)
    {
        var path = Repo.PathOf("policies", name);
        PolicyLoader.LoadFile(path);
        var json = YamlJson.Convert(YTree.Parse(File.ReadAllText(path)));
        var result = Schema.Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void The_schema_rejects_what_the_loader_rejects()
    {
        var json = YamlJson.Convert(YTree.Parse("apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata: {name: t}\nrules: {no-such-rule: {}}\n"));
        Assert.False(Schema.Evaluate(JsonSerializer.SerializeToElement(json)).IsValid);
    }

    [Fact]
    public void Every_key_the_loader_knows_is_in_the_schema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Repo.PathOf("policies", "schema", "policy.schema.json")))!.AsObject();
        var missing = new List<string>();
        Walk(typeof(PolicySpec), schema, schema, "", missing);
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_rule_the_catalogue_knows_has_policy_settings_and_a_schema_entry()
    {
        var rules = JsonNode.Parse(File.ReadAllText(Repo.PathOf("policies", "schema", "policy.schema.json")))!["$defs"]!["rules"]!["properties"]!.AsObject();
        var builtIn = PolicyLoader.LoadBuiltIn();
        Assert.All(RuleCatalog.All, rule =>
        {
            Assert.True(rules.ContainsKey(rule.Id), $"{rule.Id} is not in the schema");
            Assert.NotNull(new RulesPolicy().For(rule.Id));
            Assert.Equal(true, builtIn.For("acme/sdk").Rules.For(rule.Id)?.Enabled);
        });
    }

    private static void Walk(Type type, JsonObject node, JsonObject root, string path, List<string> missing)
    {
        node = Resolve(node, root);
        var properties = node["properties"]?.AsObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = PolicyKeyOf(property);
            var child = properties?[key]?.AsObject();
            if (child is null)
            {
                missing.Add($"{path}{key}");
                continue;
            }

            var t = property.PropertyType;
            if (t.IsClass && t != typeof(string) && !t.IsGenericType)
            {
                Walk(t, child, root, $"{path}{key}.", missing);
            }
        }
    }

    private static JsonObject Resolve(JsonObject node, JsonObject root)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference && node["properties"] is null)
        {
            node = root["$defs"]![reference["#/$defs/".Length..]]!.AsObject();
        }

        if (node["$ref"]?.GetValue<string>() is { } baseRef && node["properties"] is JsonObject own)
        {
            // A rule with options: its own properties plus the shared rule properties.
            var merged = new JsonObject();
            foreach (var (k, v) in Resolve(root["$defs"]![baseRef["#/$defs/".Length..]]!.AsObject(), root)["properties"]!.AsObject())
            {
                merged[k] = v!.DeepClone();
            }

            foreach (var (k, v) in own)
            {
                merged[k] = v!.DeepClone();
            }

            return new JsonObject { ["properties"] = merged };
        }

        return node;
    }

    private static string PolicyKeyOf(PropertyInfo p) =>
        p.GetCustomAttribute<PolicyKeyAttribute>()?.Key ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);
}
