using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>One cached GET answer: what a 304 stands for.</summary>
public sealed record CachedResponse(string? ETag, string? ContentType, Dictionary<string, string[]> Headers, byte[] Body);

/// <summary>
/// Cached GET answers keyed by request (URL, Accept, credential scope): in memory, and optionally in a
/// directory so a later run starts warm. Corrupt or unreadable entries are ignored.
/// </summary>
public sealed class ResponseCache(string? directory = null)
{
    private readonly ConcurrentDictionary<string, CachedResponse> _memory = new(StringComparer.Ordinal);

    public string? Directory { get; } = directory;

    public CachedResponse? Get(string key)
    {
        if (_memory.TryGetValue(key, out var hit))
        {
            return hit;
        }

        if (Directory is null)
        {
            return null;
        }

        try
        {
            var file = FileOf(key);
            if (!File.Exists(file))
            {
                return null;
            }

            var entry = JsonSerializer.Deserialize<CachedResponse>(File.ReadAllBytes(file));
            if (entry is not null)
            {
                _memory[key] = entry;
            }

            return entry;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Set(string key, CachedResponse entry)
    {
        _memory[key] = entry;
        if (Directory is null)
        {
            return;
        }

        try
        {
            // Cached answers hold repository contents: keep them private to this user.
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var file = FileOf(key);
            var temp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(entry));
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk cache is an optimisation; a failed write costs only a cold request next time.
        }
    }

    private string FileOf(string key) =>
        Path.Combine(Directory!, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".json");
}
