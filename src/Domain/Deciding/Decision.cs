namespace Es.Domain;

/// <summary>
/// What decide returns: the events to append (none means "nothing to do", e.g. liking twice),
/// or the rejections that refuse the command. Never both.
/// </summary>
public sealed class Decision<TEvent> where TEvent : DomainEvent
{
    private Decision(IReadOnlyList<TEvent> events, IReadOnlyList<Rejection> rejections)
    {
        Events = events;
        Rejections = rejections;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public IReadOnlyList<Rejection> Rejections { get; }

    public bool IsRejected => Rejections.Count > 0;

    /// <summary>Accepted with no new events: the pipeline appends nothing and reports success.</summary>
    public bool IsUnchanged => !IsRejected && Events.Count == 0;

    public static Decision<TEvent> Unchanged { get; } = new([], []);

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events, []);

    public static Decision<TEvent> Reject(Rejection rejection) => new([], [rejection]);

    public static Decision<TEvent> Reject(IReadOnlyList<Rejection> rejections) =>
        rejections.Count == 0
            ? throw new ArgumentException("A rejection needs at least one reason.", nameof(rejections))
            : new([], rejections);

    public static implicit operator Decision<TEvent>(TEvent @event) => Accept(@event);

    public static implicit operator Decision<TEvent>(Rejection rejection) => Reject(rejection);

    /// <summary>The same decision seen through the family-free event base, for a generic pipeline.</summary>
    public Decision<DomainEvent> AsDomainEvents() =>
        IsRejected ? Decision<DomainEvent>.Reject(Rejections) : Decision<DomainEvent>.Accept([.. Events]);

    public override string ToString() =>
        IsRejected
            ? "Rejected: " + string.Join("; ", Rejections.Select(r => $"{r.Code}/{r.Reason} {r.Field}"))
            : "Accepted: " + string.Join(", ", Events.Select(e => e.GetType().Name));
}
