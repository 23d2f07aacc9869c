using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>A write the guard refused: it would have touched a default branch or a branch that isn't ours.</summary>
public sealed class UnsafeWriteException(string message) : InvalidOperationException(message);

/// <summary>
/// The last line of defence, below every API call: a ref may only be created, moved or deleted when it is one of
/// our pull-request branches and not the repository's default branch (fail closed when the default branch is
/// unknown). Writes that move a branch without a ref call (contents API, merges) are refused outright, and so is
/// any write that is not one reconcile makes (<see cref="KnownWrites"/>): the settings it converges may be written,
/// never deleted wholesale (no environment, protection or repository DELETE).
/// </summary>
public sealed partial class WriteGuard
{
    private readonly ConcurrentDictionary<string, string> _defaultBranches = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _allowed;

    public WriteGuard(IEnumerable<string> allowedBranches) => _allowed = new HashSet<string>(allowedBranches, StringComparer.Ordinal);

    /// <summary>Records a repository's default branch (as listed or read); refs to it are never written.</summary>
    public void KnowDefaultBranch(string fullName, string branch) => _defaultBranches[fullName] = branch;

    /// <summary>Throws <see cref="UnsafeWriteException"/> when the request would write somewhere it must not.</summary>
    public void Check(HttpMethod method, string path, string? body)
    {
        if (!RateLimitHandler.IsWrite(method))
        {
            return;
        }

        if (BranchMovers().IsMatch(path))
        {
            throw new UnsafeWriteException($"refused {method} {path}: reconcile never writes to a branch except through its own pull-request branch");
        }

        if (!KnownWrites().IsMatch(method.Method + " " + path))
        {
            throw new UnsafeWriteException($"refused {method} {path}: not a write reconcile makes");
        }

        var m = Refs().Match(path);
        if (!m.Success)
        {
            return;
        }

        var repo = m.Groups["owner"].Value + "/" + m.Groups["repo"].Value;
        string? target = m.Groups["ref"].Success ? "refs/" + Uri.UnescapeDataString(m.Groups["ref"].Value) : null;
        if (target is null && method == HttpMethod.Post)
        {
            try
            {
                target = JsonDocument.Parse(body ?? "{}").RootElement.TryGetProperty("ref", out var r) ? r.GetString() : null;
            }
            catch (JsonException)
            {
                target = null;
            }
        }

        if (target is null || !target.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            throw new UnsafeWriteException($"refused {method} {path}: only branches under refs/heads/ may be written (got '{target}')");
        }

        var branch = target["refs/heads/".Length..];
        if (!_defaultBranches.TryGetValue(repo, out var defaultBranch))
        {
            throw new UnsafeWriteException($"refused {method} {path}: the default branch of {repo} is not known, so no ref is written");
        }

        if (string.Equals(branch, defaultBranch, StringComparison.Ordinal))
        {
            throw new UnsafeWriteException($"refused {method} {path}: '{branch}' is the default branch of {repo}; reconcile never writes to it");
        }

        if (!_allowed.Contains(branch))
        {
            throw new UnsafeWriteException($"refused {method} {path}: '{branch}' is not reconcile's pull-request branch");
        }
    }

    [GeneratedRegex("/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/git/refs(?:/(?<ref>.+?))?/?$")]
    private static partial Regex Refs();

    /// <summary>Every write reconcile makes: its commit, branch and pull request, and the settings it converges.</summary>
    [GeneratedRegex(@"^(POST \S*/repos/[^/]+/[^/]+/(git/trees|git/commits|git/refs|pulls|issues/[0-9]+/labels|environments/[^/]+/deployment-branch-policies)"
        + @"|PATCH \S*/repos/[^/]+/[^/]+/(git/refs/.+|pulls/[0-9]+)"
        + @"|DELETE \S*/repos/[^/]+/[^/]+/(git/refs/.+|environments/[^/]+/deployment-branch-policies/[0-9]+)"
        + @"|PUT \S*/repos/[^/]+/[^/]+/(environments/[^/]+|branches/.+/protection|actions/permissions|actions/permissions/workflow))/?$")]
    private static partial Regex KnownWrites();

    [GeneratedRegex("/repos/[^/]+/[^/]+/(contents/|merges$|merge-upstream$|pulls/[0-9]+/merge$|branches/[^/]+/rename$)")]
    private static partial Regex BranchMovers();
}
