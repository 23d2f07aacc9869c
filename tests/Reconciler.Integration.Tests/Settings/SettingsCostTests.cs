using Reconciler.GitHubDouble.Http;
using Xunit.Abstractions;

namespace Reconciler.Integration.Tests.Settings;

/// <summary>What reading and applying settings adds to a sweep, measured against the same sweep with the settings rules off.</summary>
public sealed class SettingsCostTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Settings_add_a_few_requests_per_repository_and_nothing_to_a_warm_plan_of_compliant_settings(bool compliant)
    {
        var on = await MeasureAsync(compliant, settingsOff: false);
        var off = await MeasureAsync(compliant, settingsOff: true);
        var repos = Env.SampleRepos.Count;
        output.WriteLine($"{repos} repositories, settings {(compliant ? "already compliant" : "all to fix")}; extra per repository with the settings rules on:");
        foreach (var (stage, (requests, points, writes)) in on)
        {
            var (r0, p0, w0) = off[stage];
            output.WriteLine($"  {stage}: +{(double)(requests - r0) / repos:0.0} requests, +{(double)(points - p0) / repos:0.0} points, +{(double)(writes - w0) / repos:0.0} writes (on: {requests}/{points}/{writes}, off: {r0}/{p0}/{w0})");
        }

        Assert.True(on["cold plan"].Requests - off["cold plan"].Requests <= repos * 5, "settings made a cold plan much dearer");
        if (compliant)
        {
            Assert.Equal(0, on["warm plan"].Points);
            Assert.Equal(off["apply"].Writes, on["apply"].Writes);
        }
    }

    private async Task<Dictionary<string, (int Requests, int Points, int Writes)>> MeasureAsync(bool compliant, bool settingsOff)
    {
        await using var env = await Env.StartAsync(compliantSettings: compliant);
        var cache = Path.Combine(Path.GetTempPath(), $"reconcile-cache-{Guid.NewGuid():N}");
        var policy = await ApplyTests.WritePolicyAsync(p => settingsOff
            ? p.Replace("  environment-protection: {}", "  environment-protection: {enabled: false}", StringComparison.Ordinal)
                .Replace("  branch-protection: {}", "  branch-protection: {enabled: false}", StringComparison.Ordinal)
                .Replace("  actions-settings: {}", "  actions-settings: {enabled: false}", StringComparison.Ordinal)
            : p + "\n");
        try
        {
            var result = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal);
            async Task Stage(string name, params string[] args)
            {
                var mark = env.Mark;
                var run = await env.RunAsync([.. args, "--org", Env.Org, "--policy", policy, "--cache-dir", cache]);
                Assert.True(run.Exit == 0, run.ToString());
                IReadOnlyList<RequestLogEntry> log = env.Since(mark);
                result[name] = (log.Count, log.Count(e => e.CountedAgainstRateLimit), log.Count(e => e.IsWrite));
                if (!settingsOff && name != "warm plan")
                {
                    output.WriteLine($"-- {name} (settings on, {(compliant ? "compliant" : "to fix")}), settings requests:\n" + env.Describe(log.Where(SettingsScenario.IsSettings)));
                }
            }

            await Stage("cold plan", "plan");
            await Stage("warm plan", "plan");
            await Stage("apply", "apply", "--yes");
            await Stage("second apply", "apply", "--yes");
            return result;
        }
        finally
        {
            File.Delete(policy);
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }
}
