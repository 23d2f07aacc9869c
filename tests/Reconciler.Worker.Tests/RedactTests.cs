using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Tests;

/// <summary>Credentials never reach the logs or the run table.</summary>
public sealed class RedactTests
{
    [Theory]
    [InlineData("token ghp_0123456789abcdefghijABCDEFGHIJ012345 rejected", "ghp_0123456789abcdefghijABCDEFGHIJ012345")]
    [InlineData("bad github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop")]
    [InlineData("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJlc2ln", "eyJhbGciOiJSUzI1NiJ9")]
    [InlineData("Host=db;Username=reconcile;Password=hunter2;Database=x", "hunter2")]
    [InlineData("fetch https://x-access-token:ghs_abcdefghijklmnopqrstuvwx@github.com/acme/a.git", "ghs_abcdefghijklmnopqrstuvwx")]
    public void Secrets_are_masked(string text, string secret)
    {
        var redacted = Redact.Secrets(text)!;

        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(Redact.Mask, redacted);
    }

    [Fact]
    public void Ordinary_text_is_left_alone() =>
        Assert.Equal("acme-java/.github/workflows/ci.yml:3:1: invalid YAML", Redact.Secrets("acme-java/.github/workflows/ci.yml:3:1: invalid YAML"));
}
