// Stand-alone entry point: `dotnet run --project tests/Reconciler.GitHubDouble -- --urls http://127.0.0.1:5089 [seed.json]`.
using Reconciler.GitHubDouble;

var url = "http://127.0.0.1:5089";
string? seed = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--urls" && i + 1 < args.Length)
    {
        url = args[++i];
    }
    else if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        seed = args[i];
    }
}

await using var gh = await GitHubDouble.StartAsync(new GitHubDoubleOptions { Url = url, SeedFile = seed, HandleConsoleSignals = true });
Console.WriteLine($"GitHub double listening on {gh.BaseUri} (also {gh.EnterpriseBaseUri}); token: {gh.DefaultToken}");
await gh.WaitForShutdownAsync();
