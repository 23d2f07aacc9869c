namespace Reconciler.Core.Policy;

/// <summary>Shell-style globs for repository names: <c>*</c> any run of characters, <c>?</c> one character.</summary>
public static class Glob
{
    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="pattern"/>, ignoring case. At most
    /// pattern length × text length steps, whatever the pattern (<c>*a*a*a…b</c> included): on a
    /// mismatch only the last <c>*</c> takes one more character, since an earlier star taking more
    /// can only reach positions the last one reaches too.
    /// </summary>
    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches <c>name</c> patterns against the name and <c>owner/name</c> patterns against the full name.</summary>
    public static bool MatchesRepository(string pattern, string fullName)
    {
        var name = fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return IsMatch(pattern, pattern.Contains('/', StringComparison.Ordinal) ? fullName : name);
    }

    private static bool Same(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
}
