namespace Es.Domain;

/// <summary>
/// Who is acting. The pipeline fills it from the authenticated caller or the ingest source;
/// it never comes from user input, so deciders can trust it for ownership rules.
/// </summary>
public abstract record Actor
{
    /// <summary>The default until the pipeline fills it: deciders reject it as unauthenticated.</summary>
    public static readonly Actor Anonymous = new AnonymousActor();

    public static Actor Member(Guid memberId) => new MemberActor(memberId);

    public static Actor Administrator(Guid memberId) => new MemberActor(memberId, MemberRole.Administrator);

    /// <param name="source">e.g. "kafka:sales/3/1042", "file:orders.csv#17", "scheduler".</param>
    public static Actor System(string source) => new SystemActor(source);

    /// <summary>The acting member's id, or null when the actor is not a member.</summary>
    public Guid? MemberId => this is MemberActor m ? m.Id : null;

    public bool IsAdministrator => this is MemberActor { Role: MemberRole.Administrator };
}

public sealed record AnonymousActor : Actor;

/// <summary>An authenticated member; the administrator role comes from authentication, not from the member's stream.</summary>
public sealed record MemberActor(Guid Id, MemberRole Role = MemberRole.Member) : Actor;

public enum MemberRole { Member, Administrator }

/// <summary>A trusted non-human source: Kafka ingest, a file import, the poll-closing scheduler.</summary>
public sealed record SystemActor(string Source) : Actor;

/// <summary>Stable reasons for refusing an actor, shared by every family.</summary>
public static class ActorReasons
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string NotRegistered = "MEMBER_NOT_REGISTERED";
    public const string Deactivated = "MEMBER_DEACTIVATED";
    public const string IngestOnly = "INGEST_ONLY";
}
