namespace Reconciler.Core.Publishing;

/// <summary>Small helpers for the sentences reviewers read.</summary>
public static class Prose
{
    /// <summary><c>`A`</c>, <c>`A` and `B`</c>, <c>`A`, `B` and `C`</c>.</summary>
    public static string Code(IEnumerable<string> items)
    {
        var list = items.Select(i => $"`{i}`").ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }
}
