using Reconciler.Core.Policy;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.PolicyLoading;

public class HostilePolicyTests
{
    private static Policy WithInclude(string pattern)
    {
        var text = File.ReadAllText(Repo.PathOf("policies", "sdk-publish-hardening.yml"));
        Assert.Contains("include: [\"*\"]", text, StringComparison.Ordinal);
        return PolicyLoader.Load(text.Replace("include: [\"*\"]", $"include: [\"{pattern}\"]", StringComparison.Ordinal), "p.yml");
    }

    [Fact]
    public void A_glob_of_many_stars_is_matched_in_one_pass()
    {
        // Exponential for a matcher that tries every split at every star.
        var policy = WithInclude(string.Concat(Enumerable.Repeat("*a", 30)) + "*b");

        Assert.False(policy.Selects("acme/" + new string('a', 200), []));
        Assert.True(policy.Selects("acme/" + new string('a', 200) + "b", []));
        Assert.True(policy.Selects("acme/" + string.Concat(Enumerable.Repeat("xA", 30)) + "yB", []));
    }

    [Theory]
    [InlineData("sdk-*", "acme/sdk-python", true)]
    [InlineData("sdk-*", "acme/python-sdk", false)]
    [InlineData("*-sdk", "acme/Python-SDK", true)]
    [InlineData("acme/sdk-?", "acme/sdk-go", false)]
    [InlineData("acme/sdk-??", "acme/sdk-go", true)]
    [InlineData("*/*", "acme/x", true)]
    [InlineData("a*b*c", "acme/abxbc", true)]
    [InlineData("a*b*c", "acme/abxbcx", false)]
    [InlineData("**", "acme/x", true)]
    public void Globs_match_as_the_shell_does(string pattern, string repository, bool selected) =>
        Assert.Equal(selected, WithInclude(pattern).Selects(repository, []));

    [Fact]
    public async Task A_policy_file_over_the_cap_is_a_one_line_error_naming_it()
    {
        using var tree = new TempTree().Write("big.yml", string.Concat(Enumerable.Repeat("# padding\n", (PolicyLoader.MaxFileBytes / 10) + 1)));
        var path = Path.Combine(tree.Root, "big.yml");

        var result = await Support.Cli.RunAsync("policy", "validate", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal($"error: cannot read policy {path}: it is over the 1048576-byte limit for a policy file", result.Stderr.TrimEnd());
    }

    [Fact]
    public void Deep_nesting_in_a_policy_is_a_located_error()
    {
        var text = "apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata: " + new string('[', 5000) + new string(']', 5000) + "\n";

        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Load(text, "p.yml"));

        Assert.Equal("p.yml:3:266: nested more than 256 levels deep", Assert.Single(ex.Errors).ToString());
    }
}
