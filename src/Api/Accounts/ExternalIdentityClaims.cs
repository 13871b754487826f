using System.Security.Claims;
using Es.Api.Schema;
using Microsoft.AspNetCore.Authentication;

namespace Es.Api.Accounts;

/// <summary>
/// Turns an external provider's principal into one <see cref="Caller.From"/> reads: the member its
/// subject is mapped to (<see cref="EsClaims.MemberId"/>) and the Es roles its role claim stands for
/// (<see cref="ExternalProviderOptions.RoleClaim"/>, <see cref="ExternalProviderOptions.RoleMap"/>).
/// Whatever <c>es:member</c> or <c>role</c> claims the provider's token carried are dropped first: only
/// the mapping says who a subject is. An unmapped subject stays authenticated but is no member.
/// Applied by authentication to every HTTP request and by <see cref="WebSocketSignIn"/> to sockets.
/// </summary>
public sealed class ExternalIdentityClaims(AuthOptions options, ExternalIdentities identities) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (ExternalSubject(principal) is not var (issuer, subject)) return principal;
        var external = options.External!;
        var identity = (ClaimsIdentity)principal.Identity!;
        var providerRoles = identity.FindAll(external.RoleClaim).Select(c => c.Value).ToList();
        var mapped = new ClaimsIdentity(identity.Claims.Where(c => c.Type is not (EsClaims.MemberId or EsClaims.Role)),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        // Authentication may transform a principal more than once; the result is the same each time.
        if (await identities.MemberOfAsync(issuer, subject, CancellationToken.None) is { } memberId)
        {
            mapped.AddClaim(new Claim(EsClaims.MemberId, memberId.ToString()));
            foreach (var role in providerRoles.Select(external.EsRoleOf).OfType<string>().Distinct())
                mapped.AddClaim(new Claim(EsClaims.Role, role));
        }
        return new ClaimsPrincipal(mapped);
    }

    /// <summary>The external (issuer, subject) of a principal the provider signed in, or null for anyone else.</summary>
    public (string Issuer, string Subject)? ExternalSubject(ClaimsPrincipal? principal)
    {
        if (options.External is not { IsGiven: true } external) return null;
        if (principal?.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return null;
        if (identity.FindFirst("iss")?.Value != external.Issuer || identity.FindFirst("sub")?.Value is not { Length: > 0 } subject) return null;
        return (external.Issuer!, subject);
    }
}
