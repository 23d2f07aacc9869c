using System.Text.RegularExpressions;

namespace Reconciler.GitHubDouble.Http;

public delegate Reply RouteHandler(Req req);

/// <summary>
/// One route of the double. <see cref="Template"/> is written in the spec's style
/// (e.g. <c>/repos/{owner}/{repo}/branches/{branch}/protection</c>); the parameters the spec marks
/// <c>x-multi-segment</c> (<c>ref</c>, <c>path</c>, <c>branch</c>) match greedily, slashes included.
/// </summary>
public sealed class DoubleRoute
{
    public static readonly IReadOnlySet<string> MultiSegment = new HashSet<string>(StringComparer.Ordinal) { "ref", "path", "branch", "tree_sha", "commit_sha" };

    internal DoubleRoute(string method, string template, RouteHandler handler)
    {
        Method = method;
        Template = template;
        Handler = handler;
        Regex = Compile(template);
        Specificity = Regex.Replace(template, "\\{[^}]+\\}", "").Length;
    }

    public string Method { get; }
    public string Template { get; }
    public bool IsWrite => Method is not ("GET" or "HEAD");
    internal RouteHandler Handler { get; }
    internal Regex Regex { get; }
    internal int Specificity { get; }

    private static Regex Compile(string template)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape(template).Replace("\\{", "{"), "/\\{([a-z_]+)\\}", m =>
        {
            var name = m.Groups[1].Value;
            if (name == "path")
            {
                return "(?:/(?<path>.*))?";
            }
            return MultiSegment.Contains(name) ? $"/(?<{name}>.+)" : $"/(?<{name}>[^/]+)";
        }) + "/?$";
        return new Regex(pattern, RegexOptions.CultureInvariant);
    }

    public override string ToString() => Method + " " + Template;
}

/// <summary>The route table; matches the most specific template first.</summary>
public sealed class RouteTable
{
    private readonly List<DoubleRoute> _routes = [];
    private DoubleRoute[]? _ordered;

    public IReadOnlyList<DoubleRoute> Routes => _routes;

    public RouteTable Map(string method, string template, RouteHandler handler)
    {
        _routes.Add(new DoubleRoute(method, template, handler));
        _ordered = null;
        return this;
    }

    public RouteTable Get(string t, RouteHandler h) => Map("GET", t, h);
    public RouteTable Post(string t, RouteHandler h) => Map("POST", t, h);
    public RouteTable Put(string t, RouteHandler h) => Map("PUT", t, h);
    public RouteTable Patch(string t, RouteHandler h) => Map("PATCH", t, h);
    public RouteTable Delete(string t, RouteHandler h) => Map("DELETE", t, h);

    public (DoubleRoute Route, Dictionary<string, string> Values)? Match(string method, string path)
    {
        _ordered ??= [.. _routes.OrderByDescending(r => r.Specificity)];
        foreach (var r in _ordered)
        {
            if (!string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var m = r.Regex.Match(path);
            if (!m.Success)
            {
                continue;
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in r.Regex.GetGroupNames())
            {
                if (!int.TryParse(name, out _))
                {
                    values[name] = Uri.UnescapeDataString(m.Groups[name].Value);
                }
            }
            return (r, values);
        }
        return null;
    }
}
