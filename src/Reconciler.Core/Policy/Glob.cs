namespace Reconciler.Core.Policy;

/// <summary>Shell-style globs for repository names: <c>*</c> any run of characters, <c>?</c> one character.</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern, 0, text, 0);

    /// <summary>Matches <c>name</c> patterns against the name and <c>owner/name</c> patterns against the full name.</summary>
    public static bool MatchesRepository(string pattern, string fullName)
    {
        var name = fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return IsMatch(pattern, pattern.Contains('/', StringComparison.Ordinal) ? fullName : name);
    }

    private static bool Match(string p, int pi, string t, int ti)
    {
        while (pi < p.Length)
        {
            switch (p[pi])
            {
                case '*':
                    for (var k = ti; k <= t.Length; k++)
                    {
                        if (Match(p, pi + 1, t, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (ti >= t.Length)
                    {
                        return false;
                    }

                    break;
                default:
                    if (ti >= t.Length || char.ToLowerInvariant(p[pi]) != char.ToLowerInvariant(t[ti]))
                    {
                        return false;
                    }

                    break;
            }

            pi++;
            ti++;
        }

        return ti == t.Length;
    }
}
