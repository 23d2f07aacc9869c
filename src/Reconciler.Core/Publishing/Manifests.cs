using System.Text.Json;
using System.Text.RegularExpressions;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Publishing;

/// <summary>What the repository's build manifests say: package names, lock files, signing setup.</summary>
public static partial class Manifests
{
    /// <summary>The distribution name from pyproject.toml (<c>[project]</c> or <c>[tool.poetry]</c>).</summary>
    public static string? PythonProjectName(RepositorySnapshot repository)
    {
        if (!repository.Files.TryGetValue("pyproject.toml", out var toml))
        {
            return null;
        }

        string? section = null;
        foreach (var raw in toml.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']', ' ');
                continue;
            }

            if (section is "project" or "tool.poetry" && TomlName().Match(line) is { Success: true } m)
            {
                return m.Groups[1].Value;
            }
        }

        return null;
    }

    /// <summary>The <c>name</c> of package.json (in <paramref name="directory"/>, else the root), or null.</summary>
    public static string? NpmPackageName(RepositorySnapshot repository, string? directory = null)
    {
        if (!repository.Files.TryGetValue(InDirectory(directory, "package.json"), out var json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The repository URL package.json declares (<c>repository</c> as a string or <c>{url}</c>), or null.</summary>
    public static string? NpmRepositoryUrl(RepositorySnapshot repository, string? directory = null)
    {
        if (!repository.Files.TryGetValue(InDirectory(directory, "package.json"), out var json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("repository", out var repo))
            {
                return null;
            }

            return repo.ValueKind == JsonValueKind.String ? repo.GetString()
                : repo.ValueKind == JsonValueKind.Object && repo.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True for a Yarn 2+ lock file (it starts with a <c>__metadata</c> block).</summary>
    public static bool IsYarnBerry(RepositorySnapshot repository) =>
        repository.Files.TryGetValue("yarn.lock", out var lock_) && lock_.Contains("__metadata:", StringComparison.Ordinal);

    /// <summary>The Gradle build script, Groovy or Kotlin.</summary>
    public static string? GradleBuild(RepositorySnapshot repository) =>
        repository.Files.GetValueOrDefault("build.gradle") ?? repository.Files.GetValueOrDefault("build.gradle.kts");

    /// <summary>The gem's name from the first root *.gemspec (<c>spec.name = "acme"</c>).</summary>
    public static string? GemName(RepositorySnapshot repository) =>
        repository.Files.Where(f => f.Key.EndsWith(".gemspec", StringComparison.Ordinal) && !f.Key.Contains('/', StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => GemspecName().Match(f.Value))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .FirstOrDefault();

    /// <summary>A file's repository path under a working directory (<c>./packages/a/</c> → <c>packages/a/file</c>).</summary>
    private static string InDirectory(string? directory, string file)
    {
        var dir = (directory ?? "").Trim().Trim('/');
        dir = dir.StartsWith("./", StringComparison.Ordinal) ? dir[2..] : dir;
        return dir is "" or "." ? file : $"{dir}/{file}";
    }

    [GeneratedRegex("""\.name\s*=\s*["']([^"']+)["']""")]
    private static partial Regex GemspecName();

    [GeneratedRegex("""^name\s*=\s*["']([^"']+)["']""")]
    private static partial Regex TomlName();
}
