using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Http;

/// <summary>Resolves the Authorization header to a token (PAT, installation token or App JWT).</summary>
internal static class Auth
{
    public const string AnonymousKey = "\0anonymous";

    public static (TokenState? Token, Reply? Error) Authenticate(DoubleState state, string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (state.Tokens[AnonymousKey], null);
        }
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var value = space < 0 ? "" : header[(space + 1)..].Trim();
        if (!scheme.Equals("token", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BadCredentials());
        }
        if (value.Count(c => c == '.') == 2 && !state.Tokens.ContainsKey(value))
        {
            return VerifyJwt(state, value);
        }
        if (!state.Tokens.TryGetValue(value, out var token))
        {
            return (null, BadCredentials());
        }
        if (token.ExpiresAt is { } exp && exp <= state.Now)
        {
            return (null, BadCredentials());
        }
        return (token, null);
    }

    private static Reply BadCredentials() => Reply.Error(401, "Bad credentials", "https://docs.github.com/rest");

    private static Reply JwtError(string message) =>
        Reply.Error(401, message, "https://docs.github.com/rest/apps/apps#get-the-authenticated-app");

    private static (TokenState?, Reply?) VerifyJwt(DoubleState state, string jwt)
    {
        var parts = jwt.Split('.');
        JsonObject? header, payload;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(Base64Url(parts[0])) as JsonObject;
            payload = JsonNode.Parse(Base64Url(parts[1])) as JsonObject;
            signature = Base64Url(parts[2]);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return (null, JwtError("A JSON web token could not be decoded"));
        }
        if (header is null || payload is null || header["alg"]?.GetValue<string>() != "RS256")
        {
            return (null, JwtError("A JSON web token could not be decoded"));
        }
        var iss = payload["iss"]?.ToString();
        var app = state.Apps.Values.FirstOrDefault(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == iss || a.ClientId == iss);
        if (app is null)
        {
            return (null, JwtError("'Issuer' claim ('iss') must be an Integer"));
        }
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!app.PublicKey.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return (null, JwtError("A JSON web token could not be decoded"));
        }
        var now = state.Now.ToUnixTimeSeconds();
        if (payload["iat"] is not JsonValue iatV || !iatV.TryGetValue<long>(out var iat) || iat > now + 60)
        {
            return (null, JwtError("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued."));
        }
        if (payload["exp"] is not JsonValue expV || !expV.TryGetValue<long>(out var exp) || exp <= now)
        {
            return (null, JwtError("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires."));
        }
        if (exp > now + 600)
        {
            return (null, JwtError("'Expiration time' claim ('exp') is too far in the future"));
        }
        var key = "\0app:" + app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!state.Tokens.TryGetValue(key, out var token))
        {
            token = new TokenState
            {
                Value = key,
                Kind = TokenKind.App,
                Login = app.Slug + "[bot]",
                AppId = app.Id,
                DefaultAccess = Access.None,
                ResetAt = state.Now.AddHours(1),
            };
            state.Tokens[key] = token;
        }
        return (token, null);
    }

    private static byte[] Base64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        b += (b.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(b);
    }
}
