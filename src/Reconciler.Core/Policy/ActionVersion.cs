namespace Reconciler.Core.Policy;

/// <summary>A version tag like <c>v6</c>, <c>v6.0.2</c> or <c>1.0.3</c>, ordered numerically.</summary>
public readonly record struct ActionVersion(int Major, int? Minor, int? Patch, bool HasV) : IComparable<ActionVersion>
{
    public static bool TryParse(string? text, out ActionVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var hasV = text[0] is 'v' or 'V';
        var parts = (hasV ? text[1..] : text).Split('.');
        if (parts.Length is 0 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        version = new ActionVersion(
            int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null,
            parts.Length > 2 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : null,
            hasV);
        return true;
    }

    /// <summary>How many components were written: a more specific tag names the same commit more precisely.</summary>
    public int Precision => Patch is not null ? 3 : Minor is not null ? 2 : 1;

    public int CompareTo(ActionVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = (Minor ?? 0).CompareTo(other.Minor ?? 0);
        return c != 0 ? c : (Patch ?? 0).CompareTo(other.Patch ?? 0);
    }

    public static bool operator <(ActionVersion a, ActionVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(ActionVersion a, ActionVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(ActionVersion a, ActionVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ActionVersion a, ActionVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() =>
        (HasV ? "v" : "") + Major + (Minor is null ? "" : "." + Minor) + (Patch is null ? "" : "." + Patch);
}
