namespace Es.Domain;

/// <summary>
/// Base of every command. The payload is the derived record's positional parameters; these
/// properties are the envelope the pipeline fills before validating and deciding:
/// <c>command with { Actor = caller, Now = clock.Now, Members = facts }</c>.
/// Time is always here, never read from a clock, so decisions replay and test deterministically.
/// </summary>
public abstract record Command
{
    /// <summary>The authenticated caller or the ingest source; set by the pipeline, never from input.</summary>
    public Actor Actor { get; init; } = Actor.Anonymous;

    /// <summary>The instant the command is decided at: "is the meetup started", "is the poll closed".</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>
    /// Optional key (a client mutation id, or an ingest source id) from which the pipeline derives
    /// event ids, so a retried command appends nothing new.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Facts about the members in <see cref="MembersToLoad"/>, loaded by the pipeline.</summary>
    public MemberDirectory Members { get; init; } = MemberDirectory.Empty;

    /// <summary>
    /// Members whose streams the decision depends on besides the target stream. By default the
    /// acting member (is the caller a registered, active member; their region). The pipeline reads
    /// <c>member-&lt;id&gt;</c> for each and fills <see cref="Members"/> before deciding.
    /// </summary>
    public virtual IReadOnlyList<Guid> MembersToLoad => Actor.MemberId is { } id ? [id] : [];

    /// <summary>
    /// Commands the pipeline must run, each to success, before this one: a registration first
    /// reserves its handle in the handle's own stream. A rejected prerequisite rejects this command.
    /// </summary>
    public virtual IReadOnlyList<Command> Prerequisites => [];

    /// <summary>
    /// The acting member's facts, or the rejection that stops a non-member or a deactivated
    /// member from acting. Missing facts count as "not registered", so a pipeline that forgot to
    /// load them fails closed.
    /// </summary>
    public Rejection? RequireActiveMember(out MemberFacts member)
    {
        member = MemberFacts.Unregistered(Guid.Empty);
        if (Actor.MemberId is not { } id)
            return Rejection.Unauthenticated();
        member = Members.Find(id);
        if (!member.IsRegistered)
            return Rejection.Forbidden(ActorReasons.NotRegistered, "Register as a member before doing this.");
        if (!member.IsActive)
            return Rejection.Forbidden(ActorReasons.Deactivated, "A deactivated member cannot act.");
        return null;
    }

    /// <summary>
    /// Commerce facts (sales, orders) come from outside systems through ingest; an administrator may
    /// correct them by hand. Members never record them.
    /// </summary>
    public Rejection? RequireIngestOrAdministrator() => Actor switch
    {
        SystemActor => null,
        MemberActor { Role: MemberRole.Administrator } => null,
        AnonymousActor => Rejection.Unauthenticated("Commerce facts come from ingest or an administrator."),
        _ => Rejection.Forbidden(ActorReasons.IngestOnly, "Commerce facts come from ingest or an administrator."),
    };
}

/// <summary>What other aggregates may know about a member: read from the member's stream, never trusted from input.</summary>
public sealed record MemberFacts(Guid MemberId, bool IsRegistered, bool IsActive, string? Region, bool IsVerifiedProfessional)
{
    public static MemberFacts Unregistered(Guid memberId) => new(memberId, false, false, null, false);
}

/// <summary>The member facts a command was decided with, by member id.</summary>
public sealed class MemberDirectory
{
    private readonly IReadOnlyDictionary<Guid, MemberFacts> _facts;

    /// <summary>A member listed twice (say, starting a chat with yourself) is one entry, not an error.</summary>
    public MemberDirectory(IEnumerable<MemberFacts> facts)
    {
        var byId = new Dictionary<Guid, MemberFacts>();
        foreach (var f in facts)
            byId[f.MemberId] = f;
        _facts = byId;
    }

    public static MemberDirectory Empty { get; } = new([]);

    public static MemberDirectory Of(params MemberFacts[] facts) => new(facts);

    public IEnumerable<MemberFacts> All => _facts.Values;

    public MemberFacts Find(Guid memberId) =>
        _facts.TryGetValue(memberId, out var facts) ? facts : MemberFacts.Unregistered(memberId);
}
