namespace Es.Domain;

/// <summary>How an event is known in storage: a stable name and the version of its payload's shape.</summary>
/// <param name="Name">Stored as the event's type. Never the CLR name: renaming a class must not orphan history.</param>
/// <param name="SchemaVersion">Bump when the payload's shape changes, and teach the reader to upcast the old one.</param>
public sealed record EventType(string Name, int SchemaVersion, Type ClrType);

/// <summary>Reads a payload stored at <paramref name="FromVersion"/> of event <paramref name="Name"/> as version FromVersion + 1.</summary>
public sealed record Upcaster(string Name, int FromVersion, Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject> Step);

/// <summary>Every event Es stores, for the event store to register. The names are literals on purpose.</summary>
public static class DomainEvents
{
    public static readonly IReadOnlyList<EventType> All =
    [
        Of<MemberRegistered>("MemberRegistered"),
        Of<ProfileUpdated>("ProfileUpdated"),
        Of<MemberDeactivated>("MemberDeactivated"),
        Of<ProfessionalVerificationRequested>("ProfessionalVerificationRequested"),
        Of<ProfessionalVerified>("ProfessionalVerified"),
        Of<ProfessionalVerificationRejected>("ProfessionalVerificationRejected"),
        Of<ProfilePhotoChanged>("ProfilePhotoChanged"),
        Of<AppVisited>("AppVisited"),

        Of<HandleReserved>("HandleReserved"),
        Of<HandleReleased>("HandleReleased"),

        Of<PostPublished>("PostPublished"),
        Of<PostEdited>("PostEdited"),
        Of<PostDeleted>("PostDeleted"),
        Of<CommentAdded>("CommentAdded"),
        Of<CommentEdited>("CommentEdited"),
        Of<CommentDeleted>("CommentDeleted"),
        Of<PostLiked>("PostLiked"),
        Of<PostUnliked>("PostUnliked"),
        Of<PostImagesAttached>("PostImagesAttached"),

        Of<MeetupScheduled>("MeetupScheduled"),
        Of<MeetupJoined>("MeetupJoined"),
        Of<MeetupLeft>("MeetupLeft"),
        Of<MeetupCancelled>("MeetupCancelled"),

        Of<PollOpened>("PollOpened"),
        Of<VoteCast>("VoteCast"),
        Of<VoteChanged>("VoteChanged"),
        Of<PollClosed>("PollClosed"),

        Of<ConversationStarted>("ConversationStarted"),
        Of<ChatMessageSent>("ChatMessageSent"),
        Of<MessagesRead>("MessagesRead"),

        Of<SaleRecorded>("SaleRecorded"),
        Of<SaleRefunded>("SaleRefunded"),
        Of<SaleRefundRefused>("SaleRefundRefused"),
        Of<SaleCancelled>("SaleCancelled"),

        Of<OrderPlaced>("OrderPlaced"),
        Of<OrderDelivered>("OrderDelivered", 2),
        Of<OrderCancelled>("OrderCancelled"),
        Of<OrderPickedUp>("OrderPickedUp"),
        Of<OrderRated>("OrderRated"),

        Of<MerchantRegistered>("MerchantRegistered"),
        Of<MerchantUpdated>("MerchantUpdated"),

        Of<ReturnRecorded>("ReturnRecorded"),
    ];

    /// <summary>
    /// The steps that read an older stored shape as the next version's, one per (event, version it
    /// reads): the event store chains them up to the current version. History is never rewritten.
    /// </summary>
    public static readonly IReadOnlyList<Upcaster> Upcasters =
    [
        // OrderDelivered v1 → v2: v2 lets the distance be null; every v1 payload has one, so it reads as it is.
        new("OrderDelivered", 1, v1 => v1),
    ];

    private static readonly Dictionary<string, EventType> ByStoredName = All.ToDictionary(e => e.Name);
    private static readonly Dictionary<Type, EventType> ByClrType = All.ToDictionary(e => e.ClrType);

    public static EventType ByName(string name) =>
        ByStoredName.TryGetValue(name, out var type) ? type : throw new KeyNotFoundException($"Unknown event type '{name}'.");

    public static EventType Of(DomainEvent @event) => Of(@event.GetType());

    public static EventType Of(Type clrType) =>
        ByClrType.TryGetValue(clrType, out var type) ? type : throw new KeyNotFoundException($"{clrType.Name} is not a registered event.");

    private static EventType Of<T>(string name, int schemaVersion = 1) where T : DomainEvent => new(name, schemaVersion, typeof(T));
}

/// <summary>Every decider, so a pipeline can route any command without knowing the aggregate.</summary>
public static class Deciders
{
    public static readonly IReadOnlyList<IDecider> All =
    [
        Member.Decider,
        HandleReservation.Decider,
        Post.Decider,
        Meetup.Decider,
        Poll.Decider,
        Conversation.Decider,
        Sale.Decider,
        Order.Decider,
        Merchant.Decider,
        CustomerReturn.Decider,
    ];

    public static IDecider For(Command command) =>
        All.FirstOrDefault(d => d.CommandType.IsInstanceOfType(command))
        ?? throw new ArgumentException($"No decider handles {command.GetType().Name}.", nameof(command));

    /// <summary>
    /// The pure core of the command pipeline: the command's shape, then its decider on the folded
    /// target stream. The pipeline wraps it in I/O: stamp the envelope, load <see cref="Command.MembersToLoad"/>,
    /// read the stream, call this, append with the version it read, and on a version conflict call it again.
    /// </summary>
    public static Decision<DomainEvent> Decide(Command command, IEnumerable<DomainEvent> targetStream)
    {
        if (command.Now == default)
            throw new InvalidOperationException($"{command.GetType().Name} reached the decider without a time: the pipeline must stamp Now.");
        var shapeProblems = CommandValidation.Validate(command);
        if (shapeProblems.Count > 0)
            return Decision<DomainEvent>.Reject(shapeProblems);
        var decider = For(command);
        return decider.Decide(command, decider.Fold(targetStream));
    }

    /// <summary>The facts a command may rely on about a member, from that member's stream (empty stream: unregistered).</summary>
    public static MemberFacts MemberFactsFrom(Guid memberId, IEnumerable<DomainEvent> memberStream) =>
        Member.Facts(memberId, Member.Decider.Fold(memberStream.Cast<MemberEvent>()));
}
