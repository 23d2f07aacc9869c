using System.Text.Json;
using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.Http;

namespace Reconciler.Integration.Tests.Settings;

/// <summary>Repositories, policies and plan readers shared by the settings tests.</summary>
internal static class SettingsScenario
{
    public const string EnvName = "pypi-production";

    /// <summary>acme-hardened's files: workflows already in line, one publishing job under <see cref="EnvName"/>.</summary>
    public static Dictionary<string, string> Hardened() => Env.FilesOf(Path.Combine(Env.Examples, "acme-hardened"));

    /// <summary>The hardened files without root permissions: a file change too, so apply opens a pull request.</summary>
    public static Dictionary<string, string> HardenedButForRootPermissions()
    {
        var files = Hardened();
        const string path = ".github/workflows/release.yml";
        var edited = files[path].Replace("permissions: {}\n\n", "", StringComparison.Ordinal);
        Assert.NotEqual(files[path], edited);
        files[path] = edited;
        return files;
    }

    public static async Task<Env> StartAsync(params string[] repos)
    {
        var env = await Env.StartAsync(seedSample: false);
        foreach (var name in repos)
        {
            env.GitHub.AddRepo(Env.Org, name, new RepoSeed { Files = Hardened() });
        }

        return env;
    }

    /// <summary>The setting changes of one repository in a JSON plan, by target.</summary>
    public static Dictionary<string, JsonElement> SettingChanges(CliRun plan, string repo) =>
        PlanTests.Repositories(plan.Json)[Env.Org + "/" + repo].GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "setting")
            .ToDictionary(c => c.GetProperty("target").GetString()!, c => c, StringComparer.Ordinal);

    public static string Status(CliRun plan, string repo) => PlanTests.Repositories(plan.Json)[Env.Org + "/" + repo].GetProperty("status").GetString()!;

    public static IEnumerable<string> Findings(CliRun plan, string repo) =>
        PlanTests.Repositories(plan.Json)[Env.Org + "/" + repo].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString() + ": " + f.GetProperty("message").GetString());

    /// <summary>Requests to the settings endpoints (environments, protection, rules, Actions permissions, users).</summary>
    public static bool IsSettings(RequestLogEntry e) =>
        e.Path.Contains("/environments", StringComparison.Ordinal) || e.Path.EndsWith("/protection", StringComparison.Ordinal)
        || e.Path.Contains("/rules/branches/", StringComparison.Ordinal) || e.Path.Contains("/actions/permissions", StringComparison.Ordinal)
        || e.Path.StartsWith("/users/", StringComparison.Ordinal);

    /// <summary>Index in the log of the first request matching, or -1.</summary>
    public static int IndexOf(IReadOnlyList<RequestLogEntry> log, string method, string pathEnd) =>
        log.ToList().FindIndex(e => e.Method == method && e.Path.EndsWith(pathEnd, StringComparison.Ordinal));
}
