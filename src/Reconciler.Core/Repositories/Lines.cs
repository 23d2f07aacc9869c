namespace Reconciler.Core.Repositories;

/// <summary>Cutting a file's bytes to whole lines.</summary>
public static class Lines
{
    /// <summary>
    /// <paramref name="bytes"/> as they are when they are the <paramref name="complete"/> file, else up to and
    /// including their last newline (a cut never splits a line, nor so a multi-byte character).
    /// </summary>
    public static ReadOnlySpan<byte> Head(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (complete)
        {
            return bytes;
        }

        var end = bytes.LastIndexOf((byte)'\n');
        return end < 0 ? [] : bytes[..(end + 1)];
    }
}
