using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Es.Api.Tests.Accounts;

/// <summary>
/// The Es host configured for an external identity provider that the test plays: an RSA key made
/// here, its public half given to Es as a JWKS document (no discovery), and tokens minted with it.
/// The provider's role "es-admins" is mapped to Es's administrator.
/// </summary>
public sealed class ExternalProviderHost : ApiHost, IDisposable
{
    public const string Issuer = "https://idp.test/realms/es";
    public const string Audience = "es-api";
    public const string KeyId = "test-key-1";

    private readonly RSA _key = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new();

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Es:Auth:External:Issuer", Issuer);
        web.UseSetting("Es:Auth:External:Audience", Audience);
        web.UseSetting("Es:Auth:External:Jwks", Jwks(_key, KeyId));
        web.UseSetting("Es:Auth:External:RoleMap:es-admins", "administrator");
    }

    /// <summary>A JWKS document holding the public half of <paramref name="key"/>.</summary>
    public static string Jwks(RSA key, string keyId)
    {
        var p = key.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = keyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } },
        });
    }

    /// <summary>An access token of the provider for <paramref name="subject"/>; each parameter spoils it one way for the tests that need that.</summary>
    public string Token(string subject, string[]? roles = null, string issuer = Issuer, string audience = Audience,
        TimeSpan? expiresIn = null, RSA? signedWith = null, IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = subject };
        if (roles is not null) all["roles"] = roles;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            Claims = all,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signedWith ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _key.Dispose();
}
