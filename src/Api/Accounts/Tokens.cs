using System.Security.Claims;
using System.Security.Cryptography;
using Es.Api.Schema;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Es.Api.Accounts;

/// <summary>A signed-in session: a short-lived access token (JWT) and the refresh token that renews it.</summary>
public sealed record Session(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt, Guid MemberId);

/// <summary>Signs Es's access tokens with the key JwtBearer validates them with (<see cref="AccountsServiceCollectionExtensions"/>).</summary>
public sealed class AccessTokens(AuthOptions options, SigningKeyHolder key, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid memberId, IEnumerable<string> roles)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = memberId.ToString(),
            [EsClaims.MemberId] = memberId.ToString(),
            [EsClaims.Role] = roles.Distinct().ToArray(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>A refresh token: 256 random bits, given to the client once; only its hash is stored.</summary>
    public static (string Token, byte[] Hash) NewRefreshToken()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    public static byte[] HashOf(string refreshToken) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken));
}

/// <summary>The access-token key, set once at start (from configuration or the database) and read by JwtBearer.</summary>
public sealed class SigningKeyHolder
{
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The access-token key is not loaded yet.");

    public void Set(byte[] key) => _key = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] };
}

public static class ClaimsExtensions
{
    public static Guid? MemberId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(EsClaims.MemberId)?.Value, out var id) ? id : null;
}
