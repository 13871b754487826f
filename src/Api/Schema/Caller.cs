using System.Security.Claims;
using Es.Domain;

namespace Es.Api.Schema;

/// <summary>The claims Es reads from an authenticated caller.</summary>
public static class EsClaims
{
    /// <summary>The member id (a Guid). Es's own tokens carry it; an external provider's subject is mapped to it at sign-in.</summary>
    public const string MemberId = "es:member";

    /// <summary>One claim per role.</summary>
    public const string Role = "role";
}

/// <summary>The roles a caller can hold. Every signed-in member has <see cref="Member"/>.</summary>
public static class EsRoles
{
    public const string Member = "member";
    public const string Administrator = "administrator";
    public const string Auditor = "auditor";
    public const string Ingest = "ingest";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Member, Administrator, Auditor, Ingest };
}

/// <summary>
/// Who is calling, as authentication established it: never read from a request's input. The
/// command pipeline gets <see cref="Actor"/> from here, so the actor on every event is the caller.
/// </summary>
public sealed record Caller(Guid? MemberId, IReadOnlySet<string> Roles)
{
    public static readonly Caller Anonymous = new(null, new HashSet<string>());

    public bool IsMember => MemberId is not null;
    public bool IsAdministrator => MemberId is not null && Roles.Contains(EsRoles.Administrator);
    public bool MayReadAudit => MemberId is not null && (Roles.Contains(EsRoles.Administrator) || Roles.Contains(EsRoles.Auditor));

    public Actor Actor => MemberId switch
    {
        null => Actor.Anonymous,
        { } id when Roles.Contains(EsRoles.Administrator) => Actor.Administrator(id),
        { } id => Actor.Member(id),
    };

    public static Caller From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        if (!Guid.TryParse(user.FindFirst(EsClaims.MemberId)?.Value, out var memberId)) return Anonymous;
        var roles = user.FindAll(EsClaims.Role).Select(c => c.Value).Where(EsRoles.All.Contains).ToHashSet(StringComparer.Ordinal);
        roles.Add(EsRoles.Member);
        return new Caller(memberId, roles);
    }
}
