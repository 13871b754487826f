namespace Es.Domain;

/// <summary>
/// Who holds a member handle. Uniqueness spans all members, which no single member stream can
/// decide, so each normalized handle gets its own tiny stream <c>handle-&lt;normalized&gt;</c>.
/// The pipeline appends <see cref="HandleReserved"/> with the expected version it read: two
/// members racing for one handle cannot both win, the loser re-reads and is rejected as taken.
/// Registration order: ReserveHandle, then RegisterMember. If registration then fails, the handle
/// stays reserved to that member id, which only that same member can use on retry.
/// </summary>
public static class HandleReservation
{
    public static class Reasons
    {
        public const string Taken = "HANDLE_TAKEN";
        public const string NotHolder = "HANDLE_NOT_YOURS";
    }

    /// <summary>Handles are unique regardless of case: "Ana" and "ana" are the same handle.</summary>
    public static string Normalize(string handle) => handle.Trim().ToLowerInvariant();

    public static string StreamId(string handle) => $"handle-{Normalize(handle)}";

    public static readonly HandleReservationState Initial = new(null);

    public static readonly Decider<HandleCommand, HandleReservationState, HandleEvent> Decider =
        new(c => StreamId(c.Handle), Initial, Decide, Evolve);

    /// <summary>The reservation to run before <paramref name="registration"/>, with the same envelope.</summary>
    public static ReserveHandle For(RegisterMember registration) =>
        new(registration.Handle, registration.MemberId)
        {
            Actor = registration.Actor,
            Now = registration.Now,
            IdempotencyKey = registration.IdempotencyKey,
        };

    public static Decision<HandleEvent> Decide(HandleCommand command, HandleReservationState state) => command switch
    {
        ReserveHandle c => Reserve(c, state),
        ReleaseHandle c => Release(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
    };

    public static HandleReservationState Evolve(HandleReservationState state, HandleEvent @event) => @event switch
    {
        HandleReserved e => new(e.MemberId),
        HandleReleased => new(null),
        _ => state,
    };

    private static Decision<HandleEvent> Reserve(ReserveHandle c, HandleReservationState state)
    {
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (actor != c.MemberId && !c.Actor.IsAdministrator)
            return Rejection.Forbidden(Member.Reasons.NotSelf, "You can only reserve a handle for yourself.", "memberId");
        if (state.HeldBy == c.MemberId)
            return Decision<HandleEvent>.Unchanged;
        if (state.HeldBy is not null)
            return Rejection.Conflict(Reasons.Taken, $"The handle '{c.Handle}' is taken.", "handle");
        return new HandleReserved(Normalize(c.Handle), c.MemberId, c.Now);
    }

    private static Decision<HandleEvent> Release(ReleaseHandle c, HandleReservationState state)
    {
        if (c.Actor.MemberId is null)
            return Rejection.Unauthenticated();
        // Releasing is an administrator's act (a typo-squatted or abusive handle); members keep theirs for life.
        if (!c.Actor.IsAdministrator)
            return Rejection.Forbidden(Member.Reasons.AdministratorOnly, "Only an administrator releases a handle.");
        if (state.HeldBy is null)
            return Decision<HandleEvent>.Unchanged;
        return new HandleReleased(Normalize(c.Handle), state.HeldBy.Value, c.Now);
    }
}

public sealed record HandleReservationState(Guid? HeldBy);

public abstract record HandleCommand(string Handle) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

public sealed record ReserveHandle(string Handle, Guid MemberId) : HandleCommand(Handle);

public sealed record ReleaseHandle(string Handle) : HandleCommand(Handle);

public abstract record HandleEvent : DomainEvent;

/// <summary><paramref name="Handle"/> is the normalized form, the one the stream id is made of.</summary>
public sealed record HandleReserved(string Handle, Guid MemberId, DateTimeOffset ReservedAt) : HandleEvent;

public sealed record HandleReleased(string Handle, Guid MemberId, DateTimeOffset ReleasedAt) : HandleEvent;
