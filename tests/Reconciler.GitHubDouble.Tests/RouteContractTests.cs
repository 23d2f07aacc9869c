using Reconciler.GitHubDouble.Tests.OpenApi;

namespace Reconciler.GitHubDouble.Tests;

public sealed class RouteContractTests
{
    [Fact]
    public void Every_registered_route_exists_in_the_spec_with_its_method()
    {
        var spec = SpecDocument.Instance;
        var routes = GitHubDouble.AllRoutes();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes registered");
        var missing = routes
            .Where(r => spec.Operation(r.Method, r.Template) is null && !ContractRules.ExtraRoutes.ContainsKey(r.ToString()))
            .Select(r => r.ToString())
            .ToList();
        Assert.True(missing.Count == 0, "Routes not in the spec: " + string.Join(", ", missing));
    }

    [Fact]
    public void Allowed_extra_routes_are_still_served_and_still_missing_from_the_spec()
    {
        var spec = SpecDocument.Instance;
        var routes = GitHubDouble.AllRoutes().Select(r => r.ToString()).ToHashSet();
        foreach (var extra in ContractRules.ExtraRoutes.Keys)
        {
            Assert.Contains(extra, routes);
            var parts = extra.Split(' ', 2);
            Assert.Null(spec.Operation(parts[0], parts[1]));
        }
    }

    [Fact]
    public void Observed_exceptions_name_real_routes_and_statuses_the_spec_does_not_list()
    {
        var spec = SpecDocument.Instance;
        var routes = GitHubDouble.AllRoutes().Select(r => r.ToString()).ToHashSet();
        foreach (var e in ContractRules.Observed)
        {
            Assert.Contains(e.Method + " " + e.Template, routes);
            var op = spec.Operation(e.Method, e.Template);
            Assert.NotNull(op);
            Assert.DoesNotContain(e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.Statuses(op));
        }
    }

    [Fact]
    public void Greedy_parameters_are_exactly_the_ones_the_spec_marks_multi_segment()
    {
        var spec = SpecDocument.Instance;
        var checkedParams = 0;
        foreach (var r in GitHubDouble.AllRoutes())
        {
            var specPath = spec.FindPath(r.Template);
            var op = spec.Operation(r.Method, r.Template);
            if (specPath is null || op is null)
            {
                continue;
            }
            var multi = spec.Parameters(op)
                .Where(p => p["in"]?.ToString() == "path" && p["x-multi-segment"]?.GetValue<bool>() == true)
                .Select(p => p["name"]!.ToString())
                .ToHashSet();
            var specNames = Params(specPath).ToList();
            var ours = Params(r.Template).ToList();
            Assert.Equal(specNames.Count, ours.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                Assert.True(multi.Contains(specNames[i]) == Http.DoubleRoute.MultiSegment.Contains(ours[i]),
                    $"{r}: parameter {ours[i]} (spec {specNames[i]}) greedy mismatch");
                checkedParams++;
            }
        }
        Assert.True(checkedParams > 50);
    }

    private static IEnumerable<string> Params(string template) =>
        System.Text.RegularExpressions.Regex.Matches(template, "\\{([^}]+)\\}").Select(m => m.Groups[1].Value);

    [Fact]
    public void Router_matches_multi_segment_parameters_greedily()
    {
        var table = new Http.RouteTable();
        Http.Reply H(Http.Req _) => Http.Reply.NoContent();
        table.Get("/repos/{owner}/{repo}/branches/{branch}", H);
        table.Get("/repos/{owner}/{repo}/branches/{branch}/protection", H);
        table.Get("/repos/{owner}/{repo}/contents/{path}", H);
        var m = table.Match("GET", "/repos/o/r/branches/feature/x/protection");
        Assert.NotNull(m);
        Assert.Equal("/repos/{owner}/{repo}/branches/{branch}/protection", m.Value.Route.Template);
        Assert.Equal("feature/x", m.Value.Values["branch"]);
        var b = table.Match("GET", "/repos/o/r/branches/release/1.x");
        Assert.Equal("release/1.x", b!.Value.Values["branch"]);
        var c = table.Match("GET", "/repos/o/r/contents/.github/workflows/ci.yml");
        Assert.Equal(".github/workflows/ci.yml", c!.Value.Values["path"]);
        Assert.Null(table.Match("POST", "/repos/o/r/branches/x"));
    }
}
