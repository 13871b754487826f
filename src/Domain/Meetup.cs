using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A one-off exercise meetup ("join"), stream <c>meetup-&lt;id&gt;</c>. Joins live in the meetup's
/// own stream so capacity is decided against one version: of two racing joins for the last seat,
/// one append conflicts, is re-decided and rejected as full, so a meetup is never over capacity.
/// The host is a participant: scheduling also records the host's join, so projections count
/// participants from MeetupJoined/MeetupLeft alone. Whether the actor is an active member comes
/// in on the command as <see cref="MemberFacts"/>.
/// </summary>
public static class Meetup
{
    public const int MinCapacity = 2;
    public const int MaxCapacity = 100;
    public const int TitleMaxLength = 120;
    public const int PlaceMaxLength = 200;
    public const int ReasonMaxLength = 500;
    /// <summary>Meetups are planned at most this far ahead.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(365);

    public static class Reasons
    {
        public const string AlreadyScheduled = "MEETUP_ALREADY_EXISTS";
        public const string NotFound = "MEETUP_NOT_FOUND";
        public const string StartsInThePast = "MEETUP_STARTS_IN_THE_PAST";
        public const string Full = "MEETUP_FULL";
        public const string Cancelled = "MEETUP_CANCELLED";
        public const string Started = "MEETUP_STARTED";
        public const string HostCannotLeave = "HOST_CANNOT_LEAVE";
        public const string NotHost = "NOT_THE_HOST";
    }

    public static string StreamId(Guid meetupId) => $"meetup-{meetupId}";

    public static readonly MeetupState Initial = new();

    public static readonly Decider<MeetupCommand, MeetupState, MeetupEvent> Decider =
        new(c => StreamId(c.MeetupId), Initial, Decide, Evolve);

    public static Decision<MeetupEvent> Decide(MeetupCommand command, MeetupState state)
    {
        if (command.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (command is ScheduleMeetup schedule)
            return Schedule(schedule, state, me);
        if (!state.IsScheduled)
            return Rejection.NotFound(Reasons.NotFound, "No such meetup.", "meetupId");
        return command switch
        {
            JoinMeetup c => Join(c, state, me),
            LeaveMeetup c => Leave(c, state, me),
            CancelMeetup c => Cancel(c, state, me),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static MeetupState Evolve(MeetupState state, MeetupEvent @event) => @event switch
    {
        MeetupScheduled e => state with
        {
            IsScheduled = true,
            HostId = e.HostId,
            StartsAt = e.StartsAt,
            Capacity = e.Capacity,
        },
        MeetupJoined e => state with { Participants = state.Participants.Add(e.MemberId) },
        MeetupLeft e => state with { Participants = state.Participants.Remove(e.MemberId) },
        MeetupCancelled => state with { IsCancelled = true },
        _ => state,
    };

    private static Decision<MeetupEvent> Schedule(ScheduleMeetup c, MeetupState state, MemberFacts me)
    {
        if (state.IsScheduled)
            return Rejection.Conflict(Reasons.AlreadyScheduled, "A meetup with this id already exists.", "meetupId");
        if (c.StartsAt <= c.Now)
            return Rejection.Validation(Reasons.StartsInThePast, "A meetup must start in the future.", "startsAt");
        return Decision<MeetupEvent>.Accept(
            new MeetupScheduled(c.MeetupId, me.MemberId, c.Title, c.Region, c.Place, c.StartsAt, c.Capacity, c.Now),
            new MeetupJoined(c.MeetupId, me.MemberId, c.Now));
    }

    private static Decision<MeetupEvent> Join(JoinMeetup c, MeetupState state, MemberFacts me)
    {
        if (Closed(c, state) is { } closed)
            return closed;
        if (state.Participants.Contains(me.MemberId))
            return Decision<MeetupEvent>.Unchanged;
        if (state.Participants.Count >= state.Capacity)
            return Rejection.Conflict(Reasons.Full, $"This meetup is full ({state.Capacity} participants).", "meetupId");
        return new MeetupJoined(c.MeetupId, me.MemberId, c.Now);
    }

    private static Decision<MeetupEvent> Leave(LeaveMeetup c, MeetupState state, MemberFacts me)
    {
        if (Closed(c, state) is { } closed)
            return closed;
        if (!state.Participants.Contains(me.MemberId))
            return Decision<MeetupEvent>.Unchanged;
        if (me.MemberId == state.HostId)
            return Rejection.InvalidState(Reasons.HostCannotLeave, "The host cannot leave; cancel the meetup instead.");
        return new MeetupLeft(c.MeetupId, me.MemberId, c.Now);
    }

    private static Decision<MeetupEvent> Cancel(CancelMeetup c, MeetupState state, MemberFacts me)
    {
        if (me.MemberId != state.HostId)
            return Rejection.Forbidden(Reasons.NotHost, "Only the host can cancel the meetup.", "meetupId");
        if (state.IsCancelled)
            return Decision<MeetupEvent>.Unchanged;
        if (c.Now >= state.StartsAt)
            return Rejection.InvalidState(Reasons.Started, "This meetup has already started.");
        return new MeetupCancelled(c.MeetupId, me.MemberId, c.Reason, c.Now);
    }

    /// <summary>Once cancelled or started, the list of participants is history.</summary>
    private static Rejection? Closed(MeetupCommand c, MeetupState state) =>
        state.IsCancelled ? Rejection.InvalidState(Reasons.Cancelled, "This meetup was cancelled.")
        : c.Now >= state.StartsAt ? Rejection.InvalidState(Reasons.Started, "This meetup has already started.")
        : null;
}

public sealed record MeetupState
{
    public bool IsScheduled { get; init; }
    public bool IsCancelled { get; init; }
    public Guid HostId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public int Capacity { get; init; }
    public ImmutableHashSet<Guid> Participants { get; init; } = [];
}

public abstract record MeetupCommand(Guid MeetupId) : Command;

/// <summary>The host is the acting member.</summary>
public sealed record ScheduleMeetup(
    Guid MeetupId, string Title, string Region, string Place, DateTimeOffset StartsAt, int Capacity) : MeetupCommand(MeetupId);

public sealed record JoinMeetup(Guid MeetupId) : MeetupCommand(MeetupId);

public sealed record LeaveMeetup(Guid MeetupId) : MeetupCommand(MeetupId);

public sealed record CancelMeetup(Guid MeetupId, string? Reason) : MeetupCommand(MeetupId);

public abstract record MeetupEvent : DomainEvent;

public sealed record MeetupScheduled(
    Guid MeetupId, Guid HostId, string Title, string Region, string Place,
    DateTimeOffset StartsAt, int Capacity, DateTimeOffset ScheduledAt) : MeetupEvent;

public sealed record MeetupJoined(Guid MeetupId, Guid MemberId, DateTimeOffset JoinedAt) : MeetupEvent;

public sealed record MeetupLeft(Guid MeetupId, Guid MemberId, DateTimeOffset LeftAt) : MeetupEvent;

public sealed record MeetupCancelled(Guid MeetupId, Guid CancelledBy, string? Reason, DateTimeOffset CancelledAt) : MeetupEvent;
