using System.Text.Json.Nodes;

namespace Reconciler.GitHubDouble;

/// <summary>
/// Applies a JSON seed file:
/// <c>{"orgs":["acme"],"users":["bob"],"repos":[{"owner":"acme","name":"api","default_branch":"main","visibility":"private",
/// "archived":false,"fork":false,"topics":["x"],"empty":false,"files":{"README.md":"hi"}}],"tokens":[{"login":"bot","value":"ghp_x","rate_limit":5000}]}</c>.
/// </summary>
internal static class SeedFile
{
    public static void Apply(GitHubDouble gh, string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("The seed file must hold a JSON object.");
        foreach (var o in root["orgs"] as JsonArray ?? [])
        {
            gh.AddOrg(o!.ToString());
        }
        foreach (var u in root["users"] as JsonArray ?? [])
        {
            gh.AddUser(u!.ToString());
        }
        foreach (var node in root["repos"] as JsonArray ?? [])
        {
            var r = node!.AsObject();
            gh.AddRepo(r["owner"]!.ToString(), r["name"]!.ToString(), new RepoSeed
            {
                DefaultBranch = r["default_branch"]?.ToString() ?? "main",
                Visibility = r["visibility"]?.ToString() ?? "private",
                Archived = r["archived"]?.GetValue<bool>() ?? false,
                Fork = r["fork"]?.GetValue<bool>() ?? false,
                Disabled = r["disabled"]?.GetValue<bool>() ?? false,
                Empty = r["empty"]?.GetValue<bool>() ?? false,
                Topics = [.. (r["topics"] as JsonArray ?? []).Select(t => t!.ToString())],
                Files = (r["files"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString()),
            });
        }
        foreach (var node in root["tokens"] as JsonArray ?? [])
        {
            var t = node!.AsObject();
            gh.AddToken(t["login"]!.ToString(), new TokenSeed
            {
                Value = t["value"]?.ToString(),
                RateLimit = t["rate_limit"]?.GetValue<int>() ?? 5000,
            });
        }
    }
}
