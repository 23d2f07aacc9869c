using Xunit.Abstractions;

namespace Reconciler.Integration.Tests;

/// <summary>What a sweep costs in requests and rate-limit points, measured from the double's request log.</summary>
public sealed class CostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Applying_a_saved_plan_plans_its_repositories_again_about_twenty_requests_each_cold_and_one_point_each_warm()
    {
        await using var env = await Env.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        var cache = Path.Combine(Path.GetTempPath(), $"reconcile-cache-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, (await env.RunAsync("plan", "--org", Env.Org, "--output", file)).Exit);
            var mark = env.Mark;
            var run = await env.RunAsync("apply", file, "--yes");
            Assert.True(run.Exit == 0, run.ToString());
            var log = env.Since(mark);
            var drifted = env.GitHub.Inspect(s => s.Repos.Values.Count(r => r.Pulls.Count > 0));
            output.WriteLine($"apply plan.json (cold): {log.Count} requests for {drifted} drifted repositories ({(double)log.Count / drifted:0.0} each), {log.Count(e => e.CountedAgainstRateLimit)} points, {log.Count(e => e.IsWrite)} writes");
            output.WriteLine(env.Describe(log));
            Assert.True(log.Count <= drifted * 20, env.Describe(log));
        }
        finally
        {
            File.Delete(file);
        }

        // The same with the plan's cache: planning again is answered 304, but for one look-up per repository (the
        // plan listed the org, so it never asked for a repository by name).
        await using var warm = await Env.StartAsync();
        try
        {
            Assert.Equal(0, (await warm.RunAsync("plan", "--org", Env.Org, "--output", file, "--cache-dir", cache)).Exit);
            var mark = warm.Mark;
            var run = await warm.RunAsync("apply", file, "--yes", "--cache-dir", cache);
            Assert.True(run.Exit == 0, run.ToString());
            var log = warm.Since(mark);
            var replan = log.TakeWhile(e => !e.IsWrite && !e.Path.Contains("/pulls", StringComparison.Ordinal)).ToList();
            output.WriteLine($"apply plan.json (warm cache): {log.Count} requests, {log.Count(e => e.CountedAgainstRateLimit)} points, of which planning again: {replan.Count} requests, {replan.Count(e => e.CountedAgainstRateLimit)} points");
            var counted = replan.Where(e => e.CountedAgainstRateLimit).ToList();
            Assert.True(counted.Count <= 4 && counted.All(e => e.Method == "GET" && e.Path.Count(c => c == '/') == 3), warm.Describe(counted));
        }
        finally
        {
            File.Delete(file);
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task A_warm_plan_of_an_unchanged_org_costs_no_rate_limit_and_apply_costs_a_handful_of_writes()
    {
        await using var env = await Env.StartAsync();
        var cache = Path.Combine(Path.GetTempPath(), $"reconcile-cache-{Guid.NewGuid():N}");
        try
        {
            var repos = Env.SampleRepos.Count;
            var mark = env.Mark;
            var cold = await env.RunAsync("plan", "--org", Env.Org, "--cache-dir", cache);
            Assert.True(cold.Exit == 0, cold.ToString());
            var coldLog = env.Since(mark);

            mark = env.Mark;
            var warm = await env.RunAsync("plan", "--org", Env.Org, "--cache-dir", cache);
            Assert.Equal(cold.Stdout, warm.Stdout);
            var warmLog = env.Since(mark);
            Assert.True(warmLog.All(e => !e.CountedAgainstRateLimit), "warm plan spent rate limit:\n" + env.Describe(warmLog.Where(e => e.CountedAgainstRateLimit)));
            Assert.All(warmLog, e => Assert.Equal(304, e.Status));

            mark = env.Mark;
            var apply = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--cache-dir", cache);
            Assert.True(apply.Exit == 0, apply.ToString());
            var applyLog = env.Since(mark);

            mark = env.Mark;
            var again = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--cache-dir", cache);
            Assert.True(again.Exit == 0, again.ToString());
            var againLog = env.Since(mark);
            Assert.DoesNotContain(againLog, e => e.IsWrite);

            mark = env.Mark;
            var third = await env.RunAsync("apply", "--org", Env.Org, "--yes", "--cache-dir", cache);
            Assert.True(third.Exit == 0, third.ToString());
            var thirdLog = env.Since(mark);
            Assert.True(thirdLog.All(e => !e.CountedAgainstRateLimit), "an apply of an unchanged org spent rate limit:\n" + env.Describe(thirdLog.Where(e => e.CountedAgainstRateLimit)));

            var drifted = env.GitHub.Inspect(s => s.Repos.Values.Count(r => r.Pulls.Count > 0));
            output.WriteLine($"{repos} repositories, {drifted} drifted");
            Report("cold plan", coldLog.Count, coldLog.Count(e => e.CountedAgainstRateLimit), coldLog.Count(e => e.IsWrite));
            Report("warm plan", warmLog.Count, warmLog.Count(e => e.CountedAgainstRateLimit), warmLog.Count(e => e.IsWrite));
            Report("apply (warm cache)", applyLog.Count, applyLog.Count(e => e.CountedAgainstRateLimit), applyLog.Count(e => e.IsWrite));
            Report("second apply", againLog.Count, againLog.Count(e => e.CountedAgainstRateLimit), againLog.Count(e => e.IsWrite));
            Report("third apply", thirdLog.Count, thirdLog.Count(e => e.CountedAgainstRateLimit), thirdLog.Count(e => e.IsWrite));
            output.WriteLine("cold plan requests:\n" + env.Describe(coldLog));
            output.WriteLine("apply requests:\n" + env.Describe(applyLog));

            void Report(string what, int requests, int points, int writes) =>
                output.WriteLine($"{what}: {requests} requests ({(double)requests / repos:0.0}/repo), {points} rate-limit points ({(double)points / repos:0.0}/repo), {writes} writes");
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }
}
