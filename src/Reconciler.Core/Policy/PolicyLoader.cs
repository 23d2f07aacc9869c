using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Policy;

/// <summary>Reads policy files: YAML → validated <see cref="Policy"/>, or every error with file, line and column.</summary>
public static class PolicyLoader
{
    public const string BuiltInName = "sdk-publish-hardening.yml";

    /// <summary>Keys an override group may set (the rest of the policy is global).</summary>
    private static readonly string[] OverridableKeys = ["registries", "actions", "rules", "generators", "settings", "pullRequest"];

    /// <summary>Largest policy file read (the shipped one is about 10 KB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Loads a policy file; an <see cref="IOException"/> when it can't be read or is over <see cref="MaxFileBytes"/>.</summary>
    public static Policy LoadFile(string path) => Load(ReadCapped(path), path);

    /// <summary>
    /// Reads a regular file only (a FIFO or a device is refused, never waited on) and at most one byte past the cap,
    /// so a huge file or an endless device is refused without being loaded.
    /// </summary>
    private static string ReadCapped(string path)
    {
        try
        {
            return RegularFile.ReadText(path, MaxFileBytes);
        }
        catch (NotReadableException ex)
        {
            throw new IOException(ex.OverLimit ? $"it is over the {MaxFileBytes}-byte limit for a policy file" : $"it {ex.Reason}", ex);
        }
    }

    /// <summary>The default policy shipped inside the tool.</summary>
    public static Policy LoadBuiltIn()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("Reconciler.Core.Policies." + BuiltInName)
            ?? throw new InvalidOperationException("the built-in policy is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd(), $"built-in:{BuiltInName}");
    }

    public static Policy Load(string text, string source)
    {
        YNode? root;
        try
        {
            root = YTree.Parse(text);
        }
        catch (YamlSyntaxException ex)
        {
            throw new PolicyException([new PolicyError(source, ex.Line, ex.Column, "", ex.Message)]);
        }

        if (root is not YMap map)
        {
            throw new PolicyException([new PolicyError(source, root?.Start.Line ?? 1, root?.Start.Column ?? 1, "", "a policy is a YAML mapping with apiVersion, kind, metadata, ...")]);
        }

        var binder = new PolicyBinder(source);
        var overridesEntry = map.Find("overrides");
        var baseTree = Without(map, "overrides");
        var spec = binder.Bind<PolicySpec>(baseTree);
        var overrides = new List<(OverrideMatch, YMap)>();
        if (overridesEntry is not null)
        {
            if (overridesEntry.Value is not YSeq groups)
            {
                binder.Report(overridesEntry.Value, "overrides", "expected a list of groups");
            }
            else
            {
                for (var i = 0; i < groups.Items.Count; i++)
                {
                    ReadOverride(binder, baseTree, groups.Items[i], $"overrides[{i}]", overrides);
                }
            }
        }

        if (binder.Errors.Count > 0)
        {
            throw new PolicyException(binder.Errors);
        }

        return new Policy(source, text, spec, baseTree, overrides);
    }

    private static void ReadOverride(PolicyBinder binder, YMap baseTree, YNode node, string path, List<(OverrideMatch, YMap)> overrides)
    {
        if (node is not YMap group)
        {
            binder.Report(node, path, "an override group is a mapping with 'match' and the values it overrides");
            return;
        }

        var matchEntry = group.Find("match");
        if (matchEntry is null)
        {
            binder.Report(group, path, "an override group needs 'match' (names and/or topics)");
            return;
        }

        var before = binder.Errors.Count;
        var match = binder.Bind<OverrideMatch>(matchEntry.Value);
        if (match.Names.Count == 0 && match.Topics.Count == 0)
        {
            binder.Report(matchEntry.Value, path + ".match", "match needs at least one name glob or topic");
        }

        var values = Without(group, "match");
        foreach (var entry in values.Entries.Where(e => !OverridableKeys.Contains(e.KeyText)))
        {
            binder.Report(entry.Key, $"{path}.{entry.KeyText}", $"'{entry.KeyText}' can't be overridden per group (allowed: {string.Join(", ", OverridableKeys)})");
        }

        // Bind the merged result now, so a bad override value is reported at load time with its own
        // position. Errors in the base are reported once already: keep only those inside this group.
        var merged = new PolicyBinder(binder.File);
        merged.Bind<PolicySpec>(Merge(baseTree, values));
        foreach (var error in merged.Errors.Where(e => e.Line >= group.Start.Line && e.Line <= group.End.Line))
        {
            binder.Add(error with { Key = $"{path}.{error.Key}" });
        }

        if (binder.Errors.Count == before)
        {
            overrides.Add((match, values));
        }
    }

    private static YMap Without(YMap map, string key)
    {
        var copy = new YMap(map.IsFlow, map.Start, map.End, map.Anchor);
        copy.Entries.AddRange(map.Entries.Where(e => e.KeyText != key));
        return copy;
    }

    /// <summary>Deep-merges <paramref name="top"/> onto <paramref name="bottom"/>: mappings merge, everything else is replaced.</summary>
    internal static YMap Merge(YMap bottom, YMap top)
    {
        var merged = new YMap(bottom.IsFlow, bottom.Start, bottom.End, bottom.Anchor);
        foreach (var entry in bottom.Entries)
        {
            var over = top.Find(entry.KeyText);
            merged.Entries.Add(over is null ? entry
                : entry.Value is YMap b && over.Value is YMap t ? new YEntry(entry.Key, Merge(b, t))
                : over);
        }

        merged.Entries.AddRange(top.Entries.Where(e => bottom.Find(e.KeyText) is null));
        return merged;
    }
}
