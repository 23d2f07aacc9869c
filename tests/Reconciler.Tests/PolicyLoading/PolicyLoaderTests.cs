using Reconciler.Core.Policy;

namespace Reconciler.Tests.PolicyLoading;

public class PolicyLoaderTests
{
    private const string Minimal = "apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata:\n  name: test\n";

    [Fact]
    public void The_built_in_policy_loads_with_the_registries_and_catalogue_of_the_hardened_topology()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        Assert.Equal("sdk-publish-hardening", policy.Name);
        Assert.Equal("pypi-production", policy.Spec.Registries["pypi"].Environment);
        Assert.Equal("de0fac2e4500dabe0009e67214ff5f5447ce83dd", policy.Spec.Actions.Catalogue["actions/checkout"].Sha);
        Assert.Equal("v8", policy.Spec.Actions.MinimumVersions["actions/download-artifact"]);
        Assert.Equal("reconcile/sdk-publish-hardening", policy.PullRequestBranch);
        Assert.StartsWith("sha256:", policy.Digest, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_with_file_line_column_and_key()
    {
        const string text = """
            apiVersion: reconcile.dev/v1
            kind: Policy
            metadata:
              name: test
            registries:
              pypi:
                environment: pypi-production
                artifactRetentionDays: many
              pipy:
                environment: x
            rules:
              root-permissions:
                enabled: yes-please
              no-such-rule: {}
            settings:
              branchProtection:
                requiredApprovingReviewCount: 9
            colour: blue
            """;
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(text, "p.yml"));
        var errors = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("p.yml:8:28: registries.pypi.artifactRetentionDays: expected a whole number, found 'many'", errors);
        Assert.Contains(errors, e => e.StartsWith("p.yml:9:3: registries.pipy: unknown registry 'pipy'", StringComparison.Ordinal));
        Assert.Contains("p.yml:13:14: rules.root-permissions.enabled: expected true or false, found 'yes-please'", errors);
        Assert.Contains(errors, e => e.StartsWith("p.yml:14:3: rules.no-such-rule: unknown key 'no-such-rule'", StringComparison.Ordinal));
        Assert.Contains("p.yml:17:35: settings.branchProtection.requiredApprovingReviewCount: requiredApprovingReviewCount must be between 0 and 6", errors);
        Assert.Contains(errors, e => e.StartsWith("p.yml:18:1: colour: unknown key 'colour'", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_its_position()
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(Minimal + "rules: [unclosed\n", "bad.yml"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("bad.yml", error.File);
        Assert.True(error.Line >= 5, error.ToString());
    }

    [Fact]
    public void A_wrong_api_version_is_named()
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(Minimal.Replace("reconcile.dev/v1", "reconcile.dev/v9", StringComparison.Ordinal), "p.yml"));
        Assert.Contains("unsupported apiVersion 'reconcile.dev/v9'", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_groups_change_values_for_matching_repositories_only()
    {
        var policy = PolicyLoader.Load(Minimal + """
            registries:
              maven-central: {environment: maven-production}
            overrides:
              - match: {names: ["*-java"]}
                registries:
                  maven-central: {environment: central-production}
              - match: {topics: [legacy]}
                rules:
                  pinned-actions: {enabled: false}
            """, "p.yml");
        Assert.Equal("central-production", policy.For("acme/sdk-java").Registries["maven-central"].Environment);
        Assert.Equal("maven-production", policy.For("acme/sdk-python").Registries["maven-central"].Environment);
        Assert.False(policy.For("acme/old", ["legacy"]).Rules.PinnedActions.Enabled);
        Assert.True(policy.For("acme/new", ["sdk"]).Rules.PinnedActions.Enabled);
    }

    [Fact]
    public void A_bad_value_inside_an_override_is_reported_at_load_time_with_its_position()
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(Minimal + """
            overrides:
              - match: {names: ["*"]}
                registries:
                  npm: {environment: 42, retention: 1}
                selector: {}
            """, "p.yml"));
        var errors = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("p.yml:8:30: overrides[0].registries.npm.retention: unknown key 'retention'", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'selector' can't be overridden per group", StringComparison.Ordinal));
    }

    [Fact]
    public void An_error_in_the_base_is_reported_once_even_when_groups_are_merged_onto_it()
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(Minimal + """
            registries:
              npm: {environment: x, colour: red}
            overrides:
              - match: {names: ["*"]}
                rules: {concurrency: {enabled: false}}
            """, "p.yml"));
        Assert.Equal("p.yml:6:25: registries.npm.colour: unknown key 'colour' (known keys: artifactRetentionDays, environment)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Exemptions_need_a_reason_and_apply_to_one_rule_of_one_repository()
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(Minimal + "exemptions:\n  - {repository: acme/a, rule: pinned-actions, reason: ''}\n", "p.yml"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("written reason", StringComparison.Ordinal));

        var policy = PolicyLoader.Load(Minimal + "exemptions:\n  - {repository: acme/a, rule: pinned-actions, reason: vendor pins}\n", "p.yml");
        Assert.Equal("vendor pins", policy.Exemption("acme/a", "pinned-actions"));
        Assert.Null(policy.Exemption("acme/a", "root-permissions"));
        Assert.Null(policy.Exemption("acme/b", "pinned-actions"));
    }

    [Fact]
    public void The_digest_identifies_the_policy_text()
    {
        Assert.Equal(PolicyLoader.Load(Minimal, "a").Digest, PolicyLoader.Load(Minimal, "b").Digest);
        Assert.NotEqual(PolicyLoader.Load(Minimal, "a").Digest, PolicyLoader.Load(Minimal + "# changed\n", "a").Digest);
    }
}
