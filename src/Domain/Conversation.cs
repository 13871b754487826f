using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A 1:1 chat, stream <c>conversation-&lt;id&gt;</c>. There is one conversation per pair of members: its id
/// is derived from the two member ids (<see cref="Conversation.IdFor"/>), so starting it twice, from
/// either side, lands on the same stream and is a no-op instead of a duplicate chat.
/// Starting loads both members' facts (the caller must be active, the other registered and active);
/// sending only needs the sender's, since the participants are in the stream. Messages to a member
/// deactivated after the start are still accepted: they simply go unread.
/// </summary>
public static class Conversation
{
    public const int MessageMaxLength = 2_000;

    public static class Reasons
    {
        public const string NotFound = "CONVERSATION_NOT_FOUND";
        public const string WithYourself = "CONVERSATION_WITH_YOURSELF";
        public const string CounterpartNotFound = Member.Reasons.NotFound;
        public const string CounterpartDeactivated = ActorReasons.Deactivated;
        public const string NotParticipant = "NOT_A_PARTICIPANT";
        public const string MessageIdTaken = "MESSAGE_ID_TAKEN";
        public const string MessageNotFound = "MESSAGE_NOT_FOUND";
    }

    /// <summary>The same id for (a, b) and (b, a).</summary>
    public static Guid IdFor(Guid a, Guid b)
    {
        var (first, second) = a.CompareTo(b) <= 0 ? (a, b) : (b, a);
        return NameBasedGuid.Create($"conversation:{first}:{second}");
    }

    public static string StreamId(Guid conversationId) => $"conversation-{conversationId}";

    public static readonly ConversationState Initial = new();

    public static readonly Decider<ConversationCommand, ConversationState, ConversationEvent> Decider =
        new(c => StreamId(c.ConversationId), Initial, Decide, Evolve);

    public static Decision<ConversationEvent> Decide(ConversationCommand command, ConversationState state)
    {
        if (command.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (command is StartConversation start)
            return Start(start, state, me);
        if (!state.IsStarted)
            return Rejection.NotFound(Reasons.NotFound, "No such conversation.", "conversationId");
        if (!state.Participants.Contains(me.MemberId))
            return Rejection.Forbidden(Reasons.NotParticipant, "Only the two participants can use this conversation.", "conversationId");
        return command switch
        {
            SendMessage c => Send(c, state, me),
            MarkRead c => MarkRead(c, state, me),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static ConversationState Evolve(ConversationState state, ConversationEvent @event) => @event switch
    {
        ConversationStarted e => state with { IsStarted = true, Participants = [e.MemberA, e.MemberB] },
        ChatMessageSent e => state with
        {
            Messages = state.Messages.Add(e.MessageId, new SentMessage(state.Messages.Count + 1, e.SenderId, e.Body)),
        },
        MessagesRead e => state with { ReadUpTo = state.ReadUpTo.SetItem(e.MemberId, state.Messages[e.UpToMessageId].Sequence) },
        _ => state,
    };

    private static Decision<ConversationEvent> Start(StartConversation c, ConversationState state, MemberFacts me)
    {
        if (c.With == me.MemberId)
            return Rejection.Validation(Reasons.WithYourself, "A conversation needs another member.", "with");
        if (state.IsStarted)
            return Decision<ConversationEvent>.Unchanged;
        var other = c.Members.Find(c.With);
        if (!other.IsRegistered)
            return Rejection.NotFound(Reasons.CounterpartNotFound, "No such member.", "with");
        if (!other.IsActive)
            return Rejection.InvalidState(Reasons.CounterpartDeactivated, "This member is deactivated.", "with");
        var (a, b) = me.MemberId.CompareTo(c.With) <= 0 ? (me.MemberId, c.With) : (c.With, me.MemberId);
        return new ConversationStarted(c.ConversationId, a, b, me.MemberId, c.Now);
    }

    private static Decision<ConversationEvent> Send(SendMessage c, ConversationState state, MemberFacts me)
    {
        if (state.Messages.TryGetValue(c.MessageId, out var sent))
            // A client retrying after a timeout resends the same message: that is not a conflict.
            return sent.SenderId == me.MemberId && sent.Body == c.Body
                ? Decision<ConversationEvent>.Unchanged
                : Rejection.Conflict(Reasons.MessageIdTaken, "A different message with this id already exists.", "messageId");
        return new ChatMessageSent(c.ConversationId, c.MessageId, me.MemberId, state.Other(me.MemberId), c.Body, c.Now);
    }

    private static Decision<ConversationEvent> MarkRead(MarkRead c, ConversationState state, MemberFacts me)
    {
        if (!state.Messages.TryGetValue(c.UpToMessageId, out var message))
            return Rejection.NotFound(Reasons.MessageNotFound, "No such message in this conversation.", "upToMessageId");
        // The read marker only moves forward: an older "read up to" from a lagging device changes nothing.
        if (state.ReadUpTo.TryGetValue(me.MemberId, out var readUpTo) && readUpTo >= message.Sequence)
            return Decision<ConversationEvent>.Unchanged;
        return new MessagesRead(c.ConversationId, me.MemberId, c.UpToMessageId, c.Now);
    }
}

public sealed record ConversationState
{
    public bool IsStarted { get; init; }
    public ImmutableArray<Guid> Participants { get; init; } = [];
    public ImmutableDictionary<Guid, SentMessage> Messages { get; init; } = ImmutableDictionary<Guid, SentMessage>.Empty;
    /// <summary>Position of the last message each participant has read.</summary>
    public ImmutableDictionary<Guid, int> ReadUpTo { get; init; } = ImmutableDictionary<Guid, int>.Empty;

    public Guid Other(Guid participant) => Participants[0] == participant ? Participants[1] : Participants[0];
}

/// <param name="Sequence">Position in the conversation, from 1: what read markers compare.</param>
public sealed record SentMessage(int Sequence, Guid SenderId, string Body);

public abstract record ConversationCommand : Command
{
    public abstract Guid ConversationId { get; }
}

/// <summary>Starts the acting member's conversation with <paramref name="With"/>; its id follows from the pair.</summary>
public sealed record StartConversation(Guid With) : ConversationCommand
{
    public override Guid ConversationId => Conversation.IdFor(Actor.MemberId ?? Guid.Empty, With);

    /// <summary>Both ends: the caller must be active and so must the member they start talking to.</summary>
    public override IReadOnlyList<Guid> MembersToLoad => Actor.MemberId is { } me ? [me, With] : [With];
}

public sealed record SendMessage(Guid ConversationId, Guid MessageId, string Body) : ConversationCommand
{
    public override Guid ConversationId { get; } = ConversationId;
}

/// <summary>Marks every message up to and including <paramref name="UpToMessageId"/> as read by the actor.</summary>
public sealed record MarkRead(Guid ConversationId, Guid UpToMessageId) : ConversationCommand
{
    public override Guid ConversationId { get; } = ConversationId;
}

public abstract record ConversationEvent : DomainEvent;

/// <summary><paramref name="MemberA"/> sorts before <paramref name="MemberB"/>, so the pair reads the same from both sides.</summary>
public sealed record ConversationStarted(Guid ConversationId, Guid MemberA, Guid MemberB, Guid StartedBy, DateTimeOffset StartedAt) : ConversationEvent;

public sealed record ChatMessageSent(
    Guid ConversationId, Guid MessageId, Guid SenderId, Guid RecipientId, string Body, DateTimeOffset SentAt) : ConversationEvent;

public sealed record MessagesRead(Guid ConversationId, Guid MemberId, Guid UpToMessageId, DateTimeOffset ReadAt) : ConversationEvent;
