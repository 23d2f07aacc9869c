using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Octokit;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Resolves the tags workflows use (<c>uses: owner/action@v4</c>) to the commits they name, before any rule runs:
/// one <c>git/matching-refs/tags/{tag}</c> per action and tag, peeling annotated (and nested) tags through
/// <c>git/tags</c>, and picking the most specific version tag on the same commit. Tags the policy's catalogue
/// answers (its approved release and that release's less specific tags, its <c>known</c> tags), exempt owners,
/// local and docker actions, and references that already are SHAs are not looked up; any other tag of a catalogue
/// action (<c>actions/checkout@v4.1.1</c> when the catalogue approves v6.0.2) is, as any other action's.
/// Workflows and composite actions' metadata alike.
/// </summary>
public sealed partial class ActionResolver(GitHubConnection connection)
{
    /// <summary>Nested annotated tags deeper than this are not followed.</summary>
    public const int MaxTagDepth = 5;

    private readonly ConcurrentDictionary<string, Task<ResolvedRef?>> _resolved = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every <c>owner/repo[/path]@ref</c> used by the snapshots' workflows that needs resolving.</summary>
    public static IReadOnlyList<(string Uses, string Repository, string Ref)> References(IEnumerable<RepositorySnapshot> snapshots, Policy.Policy policy)
    {
        var spec = policy.Spec;
        var found = new SortedSet<(string, string, string)>();
        foreach (var snapshot in snapshots)
        {
            foreach (var path in snapshot.WorkflowPaths.Concat(snapshot.ActionMetadataPaths))
            {
                foreach (Match m in Uses().Matches(snapshot.Files[path]))
                {
                    var uses = m.Groups["uses"].Value;
                    var reference = m.Groups["ref"].Value;
                    var parts = uses.Split('/');
                    if (parts.Length < 2 || uses.StartsWith("./", StringComparison.Ordinal) || uses.StartsWith("docker://", StringComparison.Ordinal) || ApprovedAction.IsSha(reference))
                    {
                        continue;
                    }

                    var repository = parts[0] + "/" + parts[1];
                    var entry = ActionResolution.Entry(spec, ActionReference.Parse(uses + "@" + reference));
                    if ((entry is not null && ActionResolution.Answers(entry, reference)) || spec.Actions.ExemptOwners.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    found.Add((uses, repository, reference));
                }
            }
        }

        return [.. found];
    }

    public async Task<ActionRefs> ResolveAsync(IEnumerable<RepositorySnapshot> snapshots, Policy.Policy policy, CancellationToken cancellationToken)
    {
        var references = References(snapshots, policy);
        var results = await Task.WhenAll(references.Select(async r => (r.Uses, r.Repository, r.Ref, Resolved: await ResolveAsync(r.Repository, r.Ref))));
        var map = new Dictionary<string, ResolvedRef>(StringComparer.OrdinalIgnoreCase);
        foreach (var (uses, repository, reference, resolved) in results)
        {
            if (resolved is not null)
            {
                map[$"{uses}@{reference}"] = resolved;
                map[$"{repository}@{reference}"] = resolved;
            }
        }

        return new ActionRefs(map);
    }

    /// <summary>The commit a tag of an action repository names, and the most specific version tag on it; null when unknown.</summary>
    public Task<ResolvedRef?> ResolveAsync(string repository, string tag) =>
        _resolved.GetOrAdd(repository + "@" + tag, _ => ResolveCoreAsync(repository, tag));

    private async Task<ResolvedRef?> ResolveCoreAsync(string repository, string tag)
    {
        IReadOnlyList<Reference> refs;
        try
        {
            refs = await connection.Api.GetAll<Reference>(new Uri($"repos/{repository}/git/matching-refs/tags/{tag}", UriKind.Relative), new ApiOptions { PageSize = 100 });
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            return null;
        }

        var exact = refs.FirstOrDefault(r => r.Ref == "refs/tags/" + tag);
        if (exact is null || await PeelAsync(repository, exact) is not { } sha)
        {
            return null;
        }

        // Candidates: version tags that extend this one (v4 → v4.2, v4.2.1), most specific first.
        var best = tag;
        if (ActionVersion.TryParse(tag, out var asked))
        {
            var candidates = refs
                .Select(r => (Ref: r, Name: r.Ref["refs/tags/".Length..]))
                .Where(c => c.Name.StartsWith(tag + ".", StringComparison.Ordinal) && ActionVersion.TryParse(c.Name, out var v) && v.Precision > asked.Precision)
                .OrderByDescending(c => Parse(c.Name).Precision)
                .ThenByDescending(c => Parse(c.Name))
                .ToList();
            foreach (var c in candidates)
            {
                if (await PeelAsync(repository, c.Ref) == sha)
                {
                    best = c.Name;
                    break;
                }
            }
        }

        return new ResolvedRef(sha, best);
    }

    /// <summary>Follows a tag ref to its commit: lightweight tags point at it; annotated ones (possibly nested) through git/tags.</summary>
    private async Task<string?> PeelAsync(string repository, Reference reference)
    {
        var type = reference.Object.Type.StringValue;
        var sha = reference.Object.Sha;
        for (var depth = 0; type == "tag" && depth < MaxTagDepth; depth++)
        {
            try
            {
                var tag = await connection.Api.Get<GitTag>(new Uri($"repos/{repository}/git/tags/{sha}", UriKind.Relative));
                type = tag.Object.Type.StringValue;
                sha = tag.Object.Sha;
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException)
            {
                return null;
            }
        }

        return type == "commit" ? sha : null;
    }

    private static ActionVersion Parse(string s) => ActionVersion.TryParse(s, out var v) ? v : default;

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*['""]?(?<uses>[^@\s'""#]+)@(?<ref>[^\s'""#]+)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex Uses();
}
