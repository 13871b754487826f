using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A local issue poll (the neighbourhood vote), stream <c>poll-&lt;id&gt;</c>. Votes live in the poll's
/// stream so "one vote each" and "no vote after close" are decided against one version.
/// The voter's region is not the poll's to know: the pipeline loads the actor's
/// <see cref="MemberFacts"/> (region, active) onto the command. A member may change their vote
/// until the poll closes; that is a VoteChanged, so tallies move one vote without re-reading history.
/// A poll closes when its opener closes it, or at closes-at: votes after closes-at are refused even
/// before anyone records PollClosed, and any actor (typically the scheduler) may then record it.
/// </summary>
public static class Poll
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int QuestionMaxLength = 300;
    public const int OptionMaxLength = 100;
    /// <summary>A neighbourhood vote that runs longer than this is forgotten before it closes.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public static class Reasons
    {
        public const string AlreadyOpened = "POLL_ALREADY_EXISTS";
        public const string NotFound = "POLL_NOT_FOUND";
        public const string ClosesInThePast = "POLL_CLOSES_IN_THE_PAST";
        public const string TooLong = "POLL_RUNS_TOO_LONG";
        public const string NotInRegion = "NOT_IN_REGION";
        public const string Closed = "POLL_CLOSED";
        public const string NoSuchOption = "NO_SUCH_OPTION";
        public const string NotOpener = "NOT_THE_OPENER";
        public const string NotDue = "POLL_NOT_DUE";
    }

    public static string StreamId(Guid pollId) => $"poll-{pollId}";

    public static readonly PollState Initial = new();

    public static readonly Decider<PollCommand, PollState, PollEvent> Decider =
        new(c => StreamId(c.PollId), Initial, Decide, Evolve);

    public static bool SameRegion(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static Decision<PollEvent> Decide(PollCommand command, PollState state) => command switch
    {
        OpenPoll c => Open(c, state),
        CastVote c => Vote(c, state),
        ClosePoll c => Close(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
    };

    public static PollState Evolve(PollState state, PollEvent @event) => @event switch
    {
        PollOpened e => state with
        {
            IsOpened = true,
            OpenedBy = e.OpenedBy,
            Region = e.Region,
            OptionCount = e.Options.Count,
            ClosesAt = e.ClosesAt,
        },
        VoteCast e => state with { Votes = state.Votes.SetItem(e.MemberId, e.Option) },
        VoteChanged e => state with { Votes = state.Votes.SetItem(e.MemberId, e.ToOption) },
        PollClosed => state with { IsClosed = true },
        _ => state,
    };

    private static Decision<PollEvent> Open(OpenPoll c, PollState state)
    {
        if (c.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (state.IsOpened)
            return Rejection.Conflict(Reasons.AlreadyOpened, "A poll with this id already exists.", "pollId");
        if (c.ClosesAt <= c.Now)
            return Rejection.Validation(Reasons.ClosesInThePast, "A poll must close in the future.", "closesAt");
        if (c.ClosesAt - c.Now > MaxDuration)
            return Rejection.Validation(Reasons.TooLong, $"A poll runs at most {MaxDuration.TotalDays} days.", "closesAt");
        // A neighbourhood vote is opened by a neighbour.
        if (!SameRegion(me.Region, c.Region))
            return Rejection.Forbidden(Reasons.NotInRegion, "You can only open a poll in your own region.", "region");
        return new PollOpened(c.PollId, me.MemberId, c.Region, c.Question, c.Options, c.ClosesAt, c.Now);
    }

    private static Decision<PollEvent> Vote(CastVote c, PollState state)
    {
        if (c.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (!state.IsOpened)
            return Rejection.NotFound(Reasons.NotFound, "No such poll.", "pollId");
        if (state.IsClosedAt(c.Now))
            return Rejection.InvalidState(Reasons.Closed, "This poll is closed.");
        if (!SameRegion(me.Region, state.Region))
            return Rejection.Forbidden(Reasons.NotInRegion, "Only members of the poll's region can vote.");
        if (c.Option < 0 || c.Option >= state.OptionCount)
            return Rejection.Validation(Reasons.NoSuchOption, $"Choose an option from 0 to {state.OptionCount - 1}.", "option");
        if (!state.Votes.TryGetValue(me.MemberId, out var previous))
            return new VoteCast(c.PollId, me.MemberId, c.Option, c.Now);
        return previous == c.Option
            ? Decision<PollEvent>.Unchanged
            : new VoteChanged(c.PollId, me.MemberId, previous, c.Option, c.Now);
    }

    private static Decision<PollEvent> Close(ClosePoll c, PollState state)
    {
        if (c.Actor is AnonymousActor)
            return Rejection.Unauthenticated();
        if (!state.IsOpened)
            return Rejection.NotFound(Reasons.NotFound, "No such poll.", "pollId");
        if (state.IsClosed)
            return Decision<PollEvent>.Unchanged;
        if (c.Now >= state.ClosesAt)
            // The poll closed at its deadline, however late the scheduler gets to record it.
            return new PollClosed(c.PollId, c.Actor.MemberId, state.ClosesAt, AtDeadline: true);
        if (c.Actor is SystemActor)
            return Rejection.InvalidState(Reasons.NotDue, "The poll's deadline has not come yet.");
        if (c.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (me.MemberId != state.OpenedBy)
            return Rejection.Forbidden(Reasons.NotOpener, "Only the member who opened the poll can close it early.", "pollId");
        return new PollClosed(c.PollId, me.MemberId, c.Now, AtDeadline: false);
    }
}

public sealed record PollState
{
    public bool IsOpened { get; init; }
    public bool IsClosed { get; init; }
    public Guid OpenedBy { get; init; }
    public string Region { get; init; } = "";
    public int OptionCount { get; init; }
    public DateTimeOffset ClosesAt { get; init; }
    /// <summary>Each voter's current option.</summary>
    public ImmutableDictionary<Guid, int> Votes { get; init; } = ImmutableDictionary<Guid, int>.Empty;

    public bool IsClosedAt(DateTimeOffset now) => IsClosed || now >= ClosesAt;

    public IReadOnlyList<int> Tally() =>
        [.. Enumerable.Range(0, OptionCount).Select(option => Votes.Values.Count(v => v == option))];
}

public abstract record PollCommand(Guid PollId) : Command;

/// <summary>The opener is the acting member, who must live in <paramref name="Region"/>.</summary>
public sealed record OpenPoll(
    Guid PollId, string Region, string Question, IReadOnlyList<string> Options, DateTimeOffset ClosesAt) : PollCommand(PollId);

/// <summary><paramref name="Option"/> is the 0-based position in the poll's options.</summary>
public sealed record CastVote(Guid PollId, int Option) : PollCommand(PollId);

public sealed record ClosePoll(Guid PollId) : PollCommand(PollId);

public abstract record PollEvent : DomainEvent;

public sealed record PollOpened(
    Guid PollId, Guid OpenedBy, string Region, string Question, IReadOnlyList<string> Options,
    DateTimeOffset ClosesAt, DateTimeOffset OpenedAt) : PollEvent;

public sealed record VoteCast(Guid PollId, Guid MemberId, int Option, DateTimeOffset CastAt) : PollEvent;

public sealed record VoteChanged(Guid PollId, Guid MemberId, int FromOption, int ToOption, DateTimeOffset ChangedAt) : PollEvent;

/// <summary><paramref name="ClosedBy"/> is null when a non-member (the scheduler) recorded the deadline.</summary>
public sealed record PollClosed(Guid PollId, Guid? ClosedBy, DateTimeOffset ClosedAt, bool AtDeadline) : PollEvent;
