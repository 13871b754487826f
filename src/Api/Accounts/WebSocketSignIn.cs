using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Es.Api.Accounts;

/// <summary>
/// Signs in a GraphQL WebSocket (graphql-transport-ws): browsers cannot set an Authorization header
/// on a WebSocket, so the client sends its access token in <c>connection_init</c>'s payload
/// (<c>{"Authorization": "Bearer ..."}</c> or <c>{"token": "..."}</c>). The token is checked with the
/// very parameters JwtBearer checks HTTP requests with (Es's own key, or the external provider's),
/// then transformed as authentication transforms HTTP principals (an external subject → its member).
/// </summary>
public sealed class WebSocketSignIn(IOptionsMonitor<JwtBearerOptions> jwtOptions, IClaimsTransformation claims)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The bearer token in a connection_init payload, if any.</summary>
    public static string? TokenIn(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } p) return null;
        foreach (var property in p.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) continue;
            var value = property.Value.GetString()!;
            if (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
                return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : null;
            if (property.Name.Equals("token", StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    /// <summary>The principal the token stands for; null when it is not valid (forged, expired, someone else's issuer).</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken ct)
    {
        var options = jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } provider)
        {
            var configuration = await provider.GetConfigurationAsync(ct);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }
        var result = await _handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? await claims.TransformAsync(new ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }
}
