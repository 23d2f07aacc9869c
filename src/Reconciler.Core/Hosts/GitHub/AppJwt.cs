using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// A GitHub App's JSON Web Token, made by hand (Octokit can't): RS256 over <c>{iat: now-60, exp: now+540, iss}</c>,
/// signed with the App's private key (PKCS#1 "BEGIN RSA PRIVATE KEY" or PKCS#8 PEM).
/// </summary>
public static class AppJwt
{
    /// <summary>GitHub allows 10 minutes and measures with its own clock, so stay under it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(540);

    public static string Create(string issuer, RSA key, DateTimeOffset now)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.Add(Lifetime).ToUnixTimeSeconds(),
            ["iss"] = issuer,
        }));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var jwt = header + "." + payload + "." + Base64Url(signature);
        Secrets.Register(jwt);
        return jwt;
    }

    /// <summary>Reads a PEM private key; the message never echoes the key.</summary>
    public static RSA ImportKey(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new HostException("the GitHub App private key is not a PEM RSA private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
