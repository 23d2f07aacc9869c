using System.Security.Cryptography;
using Octokit;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>How we authenticate: a token (GITHUB_TOKEN / GH_TOKEN), or a GitHub App's installation.</summary>
public abstract record GitHubCredentials
{
    /// <summary>Identifies the credential for cache scoping without revealing it.</summary>
    public abstract string Scope { get; }

    /// <summary>
    /// From environment variables: GITHUB_TOKEN or GH_TOKEN; else GITHUB_APP_ID (or client id) with
    /// GITHUB_APP_PRIVATE_KEY (PEM text) or GITHUB_APP_PRIVATE_KEY_PATH, and optionally GITHUB_APP_INSTALLATION_ID.
    /// </summary>
    public static GitHubCredentials? FromEnvironment(Func<string, string?> env)
    {
        if ((Nonempty(env("GITHUB_TOKEN")) ?? Nonempty(env("GH_TOKEN"))) is { } token)
        {
            return new TokenCredentials(token);
        }

        if (Nonempty(env("GITHUB_APP_ID")) is { } appId)
        {
            var pem = Nonempty(env("GITHUB_APP_PRIVATE_KEY"));
            if (pem is null && Nonempty(env("GITHUB_APP_PRIVATE_KEY_PATH")) is { } path)
            {
                try
                {
                    pem = File.ReadAllText(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new HostException($"cannot read the GitHub App private key {path}: {ex.Message}");
                }
            }

            if (pem is null)
            {
                throw new HostException("GITHUB_APP_ID is set but neither GITHUB_APP_PRIVATE_KEY nor GITHUB_APP_PRIVATE_KEY_PATH is");
            }

            long? installation = long.TryParse(env("GITHUB_APP_INSTALLATION_ID"), out var id) ? id : null;
            return new AppCredentials(appId, pem, installation);
        }

        return null;
    }

    private static string? Nonempty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed record TokenCredentials : GitHubCredentials
{
    public TokenCredentials(string token)
    {
        Token = token;
        Secrets.Register(token);
    }

    public string Token { get; }

    public override string Scope => "token:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Token)))[..16];

    public override string ToString() => "TokenCredentials { Token = *** }";
}

/// <param name="Issuer">The App's client ID or numeric App ID (the JWT's iss).</param>
/// <param name="PrivateKeyPem">The App's private key.</param>
/// <param name="InstallationId">The installation; looked up from the org (or repository) when null.</param>
public sealed record AppCredentials(string Issuer, string PrivateKeyPem, long? InstallationId = null) : GitHubCredentials
{
    public override string Scope => "app:" + Issuer + ":" + (InstallationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "auto");

    public override string ToString() => $"AppCredentials {{ Issuer = {Issuer}, InstallationId = {InstallationId} }}";
}

/// <summary>
/// Octokit's credential hook for an App: an installation token, fetched with a fresh JWT and renewed five
/// minutes before its hour runs out, so a long sweep never sends an expired token.
/// </summary>
public sealed class InstallationTokenStore(AppCredentials app, IConnection jwtConnection, Func<DateTimeOffset> now, Func<CancellationToken, Task<long>>? findInstallation = null) : ICredentialStore
{
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly RSA _key = AppJwt.ImportKey(app.PrivateKeyPem);
    private string? _token;
    private DateTimeOffset _expires;
    private long? _installation = app.InstallationId;

    /// <summary>How many installation tokens were created (renewals included).</summary>
    public int TokensCreated { get; private set; }

    public async Task<Credentials> GetCredentials()
    {
        await _lock.WaitAsync();
        try
        {
            if (_token is null || now() >= _expires - RenewBefore)
            {
                await RenewAsync();
            }

            return new Credentials(_token!, AuthenticationType.Oauth);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A JWT for App-level calls (finding the installation).</summary>
    public string Jwt() => AppJwt.Create(app.Issuer, _key, now());

    private async Task RenewAsync()
    {
        try
        {
            _installation ??= findInstallation is null
                ? throw new HostException("the GitHub App installation is unknown: set GITHUB_APP_INSTALLATION_ID")
                : await findInstallation(CancellationToken.None);
            var api = new ApiConnection(jwtConnection);
            var uri = new Uri($"app/installations/{_installation}/access_tokens", UriKind.Relative);
            var token = await api.Post<AccessToken>(uri, new Dictionary<string, object>());
            Secrets.Register(token.Token);
            _token = token.Token;
            _expires = token.ExpiresAt;
            TokensCreated++;
        }
        catch (ApiException ex)
        {
            throw new HostException($"could not get a GitHub App installation token: {Secrets.Redact(ex.Message)} ({(int)ex.StatusCode})");
        }
    }
}
