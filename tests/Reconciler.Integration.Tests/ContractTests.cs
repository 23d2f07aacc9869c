using Reconciler.GitHubDouble.Tests.OpenApi;

namespace Reconciler.Integration.Tests;

/// <summary>
/// Every request our client sends is an operation of GitHub's OpenAPI description, and every write's body validates
/// against the operation's request schema (the double's contract checker, which also validates its answers).
/// </summary>
public sealed class ContractTests
{
    [Fact]
    public async Task Every_request_the_client_sends_is_in_the_OpenAPI_description_with_a_valid_body()
    {
        await using var env = await Env.StartAsync();
        var app = env.GitHub.AddApp(5150, "contract-bot");
        env.GitHub.AddInstallation(app.Id, Env.Org);
        var policy = await ApplyTests.WritePolicyAsync(p => p.Replace("labels: [security, reconcile]", "labels: [security, automated]", StringComparison.Ordinal));
        try
        {
            // Plan cold and warm, apply, re-apply, an update after main moves, a human commit, a closed PR.
            Assert.Equal(0, (await env.RunAsync("plan", "--org", Env.Org)).Exit);
            Assert.Equal(0, (await env.RunAsync("plan", "--org", Env.Org)).Exit);
            Assert.Equal(0, (await env.RunAsync("apply", "--org", Env.Org, "--yes", "--policy", policy)).Exit);
            Assert.Equal(0, (await env.RunAsync("apply", "--org", Env.Org, "--yes", "--policy", policy)).Exit);
            env.GitHub.PushCommit(Env.Org, "acme-node", "main", new Dictionary<string, string?> { [".github/workflows/more.yml"] = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n" });
            env.GitHub.PushCommit(Env.Org, "acme-python", Env.Branch, new Dictionary<string, string?> { ["x"] = "y" });
            Assert.Equal(0, (await env.RunAsync("apply", "--org", Env.Org, "--yes", "--policy", policy)).Exit);

            // The same as a GitHub App.
            env.Variables["GITHUB_TOKEN"] = null;
            env.Variables["GITHUB_APP_ID"] = app.ClientId;
            env.Variables["GITHUB_APP_PRIVATE_KEY"] = app.PrivateKeyPem;
            Assert.Equal(0, (await env.RunAsync("plan", "--repo", "acme/acme-java")).Exit);

            OpenApiSpec.AssertAllKnown(env.Log);
            var seen = ContractAssert.EntriesConform(env.Log);
            Assert.Contains("POST /repos/{owner}/{repo}/git/trees", seen);
            Assert.Contains("PATCH /repos/{owner}/{repo}/git/refs/{ref}", seen);
            Assert.Contains("POST /app/installations/{installation_id}/access_tokens", seen);
        }
        finally
        {
            File.Delete(policy);
        }
    }
}
