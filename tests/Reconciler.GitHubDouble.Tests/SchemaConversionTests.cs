using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.Tests.OpenApi;

namespace Reconciler.GitHubDouble.Tests;

/// <summary>The validator itself must be able to fail, or the contract tests prove nothing.</summary>
public sealed class SchemaConversionTests
{
    private const string GoodRef = """{"ref":"refs/heads/main","node_id":"x","url":"http://h/x","object":{"type":"commit","sha":"0123456789012345678901234567890123456789","url":"http://h/y"}}""";

    [Fact]
    public void Required_fields_and_lengths_are_enforced()
    {
        var schema = SpecDocument.Instance.ComponentSchema("git-ref");
        Assert.Empty(SpecDocument.Validate(schema, GoodRef));
        Assert.NotEmpty(SpecDocument.Validate(schema, GoodRef.Replace("\"node_id\":\"x\",", "")));
        Assert.NotEmpty(SpecDocument.Validate(schema, GoodRef.Replace("0123456789012345678901234567890123456789", "abc")));
    }

    [Fact]
    public void Nullable_becomes_a_null_type_and_enums_stay_strict()
    {
        var label = SpecDocument.Instance.ComponentSchema("label");
        const string ok = """{"id":1,"node_id":"n","url":"u","name":"bug","description":null,"color":"fff","default":false}""";
        Assert.Empty(SpecDocument.Validate(label, ok));
        Assert.NotEmpty(SpecDocument.Validate(label, ok.Replace("\"color\":\"fff\"", "\"color\":null")));
        var installation = SpecDocument.Instance.ComponentSchema("installation-token");
        Assert.NotEmpty(SpecDocument.Validate(installation, """{"token":"t","expires_at":"x","repository_selection":"some"}"""));
        Assert.Empty(SpecDocument.Validate(installation, """{"token":"t","expires_at":"x","repository_selection":"all"}"""));
    }

    [Fact]
    public void Contract_check_rejects_an_unlisted_status_and_a_bad_body()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "1",
            ["x-ratelimit-used"] = "1",
            ["x-ratelimit-reset"] = "1",
            ["x-ratelimit-resource"] = "core",
        };
        RequestLogEntry Entry(string method, string route, int status, string? body) =>
            new(method, "/x", "", status, true, method != "GET", "octocat", route, "", DateTimeOffset.UnixEpoch, body is null ? null : "application/json; charset=utf-8", body, headers, null);

        ContractAssert.EntriesConform([Entry("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200, GoodRef)]);
        Assert.ThrowsAny<Exception>(() => ContractAssert.EntriesConform([Entry("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200, GoodRef.Replace("\"ref\":\"refs/heads/main\",", ""))]));
        Assert.ThrowsAny<Exception>(() => ContractAssert.EntriesConform([Entry("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 418, """{"message":"teapot"}""")]));
        Assert.ThrowsAny<Exception>(() => ContractAssert.EntriesConform([Entry("GET", "/repos/{owner}/{repo}/not-a-route", 200, "{}")]));
        var noHeaders = Entry("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200, GoodRef) with { ResponseHeaders = new Dictionary<string, string>() };
        Assert.ThrowsAny<Exception>(() => ContractAssert.EntriesConform([noHeaders]));
        _ = new JsonObject();
    }
}
