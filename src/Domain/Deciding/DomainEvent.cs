namespace Es.Domain;

/// <summary>
/// Base of every stored fact. Each family derives its own base (PostEvent, MeetupEvent, ...)
/// so a decider's evolve only sees its own events. Stored names and schema versions live in
/// <see cref="DomainEvents"/>, never the CLR type name.
/// </summary>
public abstract record DomainEvent;
