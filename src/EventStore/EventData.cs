namespace Es.EventStore;

/// <summary>An event to append: its id (the idempotency key) and its payload, a registered CLR object.</summary>
public sealed record EventData(Guid EventId, object Data)
{
    /// <summary>A new event with a time-ordered (v7) id.</summary>
    public static EventData New(object data) => new(Guid.CreateVersion7(), data);
}

/// <summary>
/// Who and what caused an append; stored on every event it writes. The actor comes from the
/// authenticated caller or the ingest source, never from request input.
/// </summary>
public sealed record EventMetadata
{
    public static EventMetadata None { get; } = new();

    /// <summary>The authenticated member or the ingest source that caused the events.</summary>
    public string? Actor { get; init; }

    /// <summary>Ties together every event caused by one user action or one incoming message.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The command, message or event that directly caused these events.</summary>
    public string? CausationId { get; init; }

    /// <summary>Where the fact came from: <c>graphql</c>, <c>kafka:topic/partition/offset</c>, <c>file:name#line</c>.</summary>
    public string? Source { get; init; }
}

/// <summary>One stream's part of a bulk append.</summary>
public sealed record StreamAppend(string StreamId, ExpectedVersion ExpectedVersion, IReadOnlyList<EventData> Events, EventMetadata? Metadata = null);
