using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Policy;

/// <summary>
/// A loaded, validated policy: the base values, the groups that override them, and the exemptions.
/// Immutable; <see cref="For"/> gives the values in force for one repository.
/// </summary>
public sealed class Policy
{
    private readonly YMap _baseTree;
    private readonly IReadOnlyList<(OverrideMatch Match, YMap Values)> _overrides;
    private readonly ConcurrentDictionary<string, PolicySpec> _effective = new(StringComparer.Ordinal);

    internal Policy(string source, string text, PolicySpec spec, YMap baseTree, IReadOnlyList<(OverrideMatch, YMap)> overrides)
    {
        Source = source;
        Spec = spec;
        _baseTree = baseTree;
        _overrides = overrides;
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));
    }

    /// <summary>Where the policy came from (a path, or "built-in").</summary>
    public string Source { get; }

    public string Name => Spec.Metadata.Name;

    /// <summary>SHA-256 of the policy text: identifies the exact policy a plan or pull request was made with.</summary>
    public string Digest { get; }

    /// <summary>The base values, before any group override.</summary>
    public PolicySpec Spec { get; }

    public string PullRequestBranch => Spec.PullRequest.Branch ?? $"reconcile/{Name}";

    /// <summary>The values in force for one repository: the base with every matching group merged on, in order.</summary>
    public PolicySpec For(string repository, IReadOnlyCollection<string>? topics = null)
    {
        var matching = new List<int>();
        for (var i = 0; i < _overrides.Count; i++)
        {
            var match = _overrides[i].Match;
            if (match.Names.Any(n => Glob.MatchesRepository(n, repository)) || (topics is not null && match.Topics.Any(topics.Contains)))
            {
                matching.Add(i);
            }
        }

        if (matching.Count == 0)
        {
            return Spec;
        }

        return _effective.GetOrAdd(string.Join(',', matching), _ =>
        {
            var tree = _baseTree;
            foreach (var i in matching)
            {
                tree = PolicyLoader.Merge(tree, _overrides[i].Values);
            }

            var binder = new PolicyBinder(Source);
            var spec = binder.Bind<PolicySpec>(tree);
            return binder.Errors.Count == 0 ? spec : throw new PolicyException(binder.Errors);
        });
    }

    /// <summary>The reason a repository is exempt from a rule, or null.</summary>
    public string? Exemption(string repository, string ruleId) =>
        Spec.Exemptions.FirstOrDefault(e => e.Rule == ruleId && (e.Repository == repository || Glob.MatchesRepository(e.Repository, repository)))?.Reason;

    /// <summary>Whether the policy's selector takes a repository.</summary>
    public bool Selects(string repository, IReadOnlyCollection<string> topics)
    {
        var s = Spec.Selector;
        if (s.Include.Count > 0 && !s.Include.Any(p => Glob.MatchesRepository(p, repository)))
        {
            return false;
        }

        if (s.Exclude.Any(p => Glob.MatchesRepository(p, repository)))
        {
            return false;
        }

        return s.Topics.Count == 0 || s.Topics.Any(topics.Contains);
    }
}
