using System.Security.Claims;
using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL;

namespace Es.Api.Accounts;

/// <summary>
/// registerMember: a caller the external provider signed in, whose subject is no member yet, becomes
/// one. The subject is mapped first (the unique mapping makes a second registration, or a race of
/// two, a CONFLICT), then the member is registered exactly as signUp registers it; a refused profile
/// removes the mapping again. The provider's subject never enters the log.
/// </summary>
public sealed class ExternalRegistration(AuthOptions options, ExternalIdentities identities, ExternalIdentityClaims claims,
    MemberRegistration registration, MemberReads members)
{
    public const string BuiltInAccounts = "BUILT_IN_ACCOUNTS";

    public async Task<MemberView?> RegisterAsync(ClaimsPrincipal? user, MemberProfile profile, string? requestId, CancellationToken ct)
    {
        if (!options.UsesExternalProvider)
            throw ApiErrors.Forbidden(BuiltInAccounts, "This Es keeps its own accounts: become a member with signUp. registerMember is for callers an external identity provider signed in.");
        if (claims.ExternalSubject(user) is not var (issuer, subject))
            throw ApiErrors.Unauthenticated($"Sign in with the identity provider ({options.External!.Issuer}) and send its access token: registerMember makes you a member.");
        var memberId = Guid.CreateVersion7();
        if (!await identities.MapAsync(issuer, subject, memberId, ct))
            throw new GraphQLError("You are a member already: this identity is registered.", extensions: new Dictionary<string, object?>
            {
                ["code"] = "CONFLICT", ["reason"] = Member.Reasons.AlreadyRegistered,
            });
        await registration.RegisterAsync(memberId, profile, requestId, () => identities.UnmapAsync(issuer, subject, memberId, CancellationToken.None), ct);
        return (await members.ByIdsAsync([memberId], ct)).GetValueOrDefault(memberId);
    }
}
