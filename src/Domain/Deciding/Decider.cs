namespace Es.Domain;

/// <summary>
/// An aggregate seen from a generic command pipeline, without knowing which one it is:
/// which stream a command targets, how to fold that stream, and what to decide.
/// </summary>
public interface IDecider
{
    /// <summary>The family's command base type (e.g. PostCommand); every command of it goes here.</summary>
    Type CommandType { get; }

    /// <summary>The family's event base type (e.g. PostEvent): the events found in its streams.</summary>
    Type EventType { get; }

    /// <summary>The stream the command targets, e.g. <c>post-&lt;guid&gt;</c>.</summary>
    string StreamId(Command command);

    object Initial { get; }

    object Evolve(object state, DomainEvent @event);

    Decision<DomainEvent> Decide(Command command, object state);

    object Fold(IEnumerable<DomainEvent> events);
}

/// <summary>
/// Chassaing's decider: initial, decide, evolve, plus the stream a command targets.
/// Pure functions only, so the same code serves GraphQL, Kafka, file import and tests.
/// </summary>
public sealed class Decider<TCommand, TState, TEvent>(
    Func<TCommand, string> streamId,
    TState initial,
    Func<TCommand, TState, Decision<TEvent>> decide,
    Func<TState, TEvent, TState> evolve) : IDecider
    where TCommand : Command
    where TState : notnull
    where TEvent : DomainEvent
{
    public Type CommandType => typeof(TCommand);

    public Type EventType => typeof(TEvent);

    public TState Initial => initial;

    public string StreamId(TCommand command) => streamId(command);

    public Decision<TEvent> Decide(TCommand command, TState state) => decide(command, state);

    public TState Evolve(TState state, TEvent @event) => evolve(state, @event);

    public TState Fold(IEnumerable<TEvent> events) => events.Aggregate(initial, evolve);

    string IDecider.StreamId(Command command) => streamId(Cast(command));

    object IDecider.Initial => initial;

    object IDecider.Evolve(object state, DomainEvent @event) => evolve((TState)state, CastEvent(@event));

    Decision<DomainEvent> IDecider.Decide(Command command, object state) =>
        decide(Cast(command), (TState)state).AsDomainEvents();

    object IDecider.Fold(IEnumerable<DomainEvent> events) => Fold(events.Select(CastEvent));

    private static TCommand Cast(Command command) =>
        command as TCommand ?? throw new ArgumentException(
            $"{command.GetType().Name} is not a {typeof(TCommand).Name}.", nameof(command));

    private static TEvent CastEvent(DomainEvent @event) =>
        @event as TEvent ?? throw new ArgumentException(
            $"{@event.GetType().Name} does not belong in a {typeof(TEvent).Name} stream.", nameof(@event));
}
