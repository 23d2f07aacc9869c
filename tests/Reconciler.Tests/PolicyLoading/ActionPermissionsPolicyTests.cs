using System.Text.Json;
using Reconciler.Core.Policy;
using Reconciler.Core.Rules;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.PolicyLoading;

/// <summary><c>actions.permissions</c>: what an org's own actions and reusable workflows need from the token.</summary>
public class ActionPermissionsPolicyTests
{
    private const string Minimal = "apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata:\n  name: test\n";

    private const string Good = Minimal + """
        actions:
          permissions:
            my-org/setup-action: {}
            my-org/shared/.github/workflows/verify.yml:
              contents: read
              pull-requests: write
            my-org/release-*: {contents: write, id-token: none}
        """;

    [Fact]
    public void Declarations_load_as_scope_to_level_mappings()
    {
        var permissions = PolicyLoader.Load(Good, "p.yml").Spec.Actions.Permissions;
        Assert.Empty(permissions["my-org/setup-action"]);
        Assert.Equal("write", permissions["my-org/shared/.github/workflows/verify.yml"]["pull-requests"]);
        Assert.Equal("none", permissions["my-org/release-*"]["id-token"]);
        Assert.True(PolicySchemaTests.Schema.Evaluate(Json(Good)).IsValid);
    }

    [Fact]
    public void Bad_names_scopes_and_levels_are_errors_with_file_line_column_and_key()
    {
        const string text = Minimal + """
            actions:
              permissions:
                my-org/setup-action@v2: {}
                solo: {contents: read}
                my-org/a:
                  contnets: read
                  issues: admin
                  id-token: read
                my-org/b: write
            """;
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(text, "p.yml"));
        var errors = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("p.yml:7:5: actions.permissions.my-org/setup-action@v2: 'my-org/setup-action@v2' is not owner/repo", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("p.yml:8:5: actions.permissions.solo: 'solo' is not owner/repo", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("p.yml:10:7: actions.permissions.my-org/a.contnets: unknown permission 'contnets' (known: actions,", StringComparison.Ordinal));
        Assert.Contains("p.yml:11:15: actions.permissions.my-org/a.issues: expected read, write or none, found 'admin'", errors);
        Assert.Contains("p.yml:12:17: actions.permissions.my-org/a.id-token: id-token is write or none (GitHub has no read level for it)", errors);
        Assert.Contains("p.yml:13:15: actions.permissions.my-org/b: expected a mapping, found 'write'", errors);
        Assert.Equal(6, errors.Count);
        Assert.False(PolicySchemaTests.Schema.Evaluate(Json(text)).IsValid);
    }

    [Fact]
    public void A_bad_declaration_in_an_override_group_is_reported_with_the_group_path()
    {
        const string text = Minimal + """
            overrides:
              - match: {names: ["*-java"]}
                actions:
                  permissions:
                    my-org/java-setup: {packages: publish}
            """;
        var error = Assert.Single(Assert.Throws<PolicyException>(() => PolicyLoader.Load(text, "p.yml")).Errors);
        Assert.Equal("p.yml:9:39: overrides[0].actions.permissions.my-org/java-setup.packages: expected read, write or none, found 'publish'", error.ToString());
    }

    [Fact]
    public void The_policy_comes_before_the_built_in_knowledge_and_exact_names_before_globs()
    {
        var permissions = ActionPermissions.For(PolicyLoader.Load(Minimal + """
            actions:
              permissions:
                actions/checkout: {}
                my-org/*: {contents: read}
                my-org/release-*: {contents: write}
                my-org/release-notes: {pull-requests: write}
            """, "p.yml").Spec);

        Assert.Equal("", Find("actions/checkout@v6")?.Grants);
        Assert.Equal("contents: write", Find("softprops/action-gh-release@v2")?.Grants);
        Assert.Equal("contents: read", Find("my-org/setup@v1")?.Grants);
        Assert.Equal("contents: write", Find("my-org/release-tag@v1")?.Grants);
        Assert.Equal("pull-requests: write", Find("my-org/release-notes@v1")?.Grants);
        Assert.Equal("pull-requests: write", Find("my-org/release-notes/sub@v1")?.Grants); // a sub-action falls back to its repository
        Assert.Null(Find("other-org/thing@v1"));

        (string Grants, string Why)? Find(string uses) => permissions.Find(ActionReference.Parse(uses));
    }

    [Fact]
    public void A_reusable_workflow_is_known_only_by_its_own_path_or_a_glob()
    {
        var permissions = ActionPermissions.For(PolicyLoader.Load(Minimal + """
            actions:
              permissions:
                my-org/shared: {contents: write}
                my-org/shared/.github/workflows/lint.yml: {}
            """, "p.yml").Spec);
        Assert.Null(permissions.Find(ActionReference.Parse("my-org/shared/.github/workflows/verify.yml@v1")));
        Assert.Equal("", permissions.Find(ActionReference.Parse("my-org/shared/.github/workflows/lint.yml@v1"))?.Grants);
    }

    private static JsonElement Json(string yaml) => JsonSerializer.SerializeToElement(YamlJson.Convert(YTree.Parse(yaml)));
}
