using System.Text.RegularExpressions;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Builds REST paths from names that come from repositories, policies and plans: every segment escaped on its own, and
/// a segment that is empty, <c>.</c> or <c>..</c> refused, so no name can step out of the repository it belongs to
/// (a URI joined to the API root resolves dot segments, so escaping alone isn't enough).
/// </summary>
public static partial class ApiPath
{
    /// <summary>Whether <paramref name="fullName"/> is <c>owner/name</c> as GitHub spells repositories.</summary>
    public static bool IsRepositoryName(string fullName) =>
        RepositoryName().IsMatch(fullName) && fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..] is not ("." or "..");

    /// <summary><c>repos/OWNER/NAME</c>; throws <see cref="HostException"/> when the name isn't <c>owner/name</c>.</summary>
    public static string Repository(string fullName) =>
        IsRepositoryName(fullName) ? "repos/" + Segments(fullName) : throw new HostException($"'{fullName}' is not a repository name (owner/name)");

    /// <summary>One segment, escaped (a <c>/</c> in it becomes <c>%2F</c>).</summary>
    public static string Segment(string value) =>
        value is "" or "." or ".." ? throw new HostException($"'{value}' can't be a name in a request path") : Uri.EscapeDataString(value);

    /// <summary>A name that may hold slashes (a branch such as <c>release/1.x</c>): each part escaped, the slashes kept.</summary>
    public static string Segments(string value) => string.Join('/', value.Split('/').Select(Segment));

    /// <summary>A relative URI under the API root.</summary>
    public static Uri Relative(string path) => new(path, UriKind.Relative);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,38}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryName();
}
