using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Es.Api.Schema;
using Es.Domain;
using Es.EventStore;
using Es.Projections;

namespace Es.Api.Audit;

/// <summary>Filters of an audit search over the log's metadata; every one is optional, and they combine with AND.</summary>
public sealed record AuditFilter(string? Actor = null, string? CorrelationId = null, IReadOnlyList<string>? Types = null,
    string? StreamId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>An aggregate's state folded from its stream up to <see cref="Version"/>, as JSON.</summary>
/// <param name="Aggregate">The decider's name: Member, Post, Meetup, Poll, Conversation, Sale, Order, HandleReservation.</param>
/// <param name="RecordedAt">When the last event folded in was recorded.</param>
public sealed record AggregateSnapshot(string StreamId, string Aggregate, long Version, DateTimeOffset RecordedAt, JsonElement State);

/// <summary>
/// What auditors read: the event log itself (a stream's history, searches by actor, correlation id,
/// type and time), an aggregate folded with its decider as of a version or an instant, and the events
/// behind a read-model row (the projections' explain). Every list is a keyset page over the log's own
/// order — a stream's version or the global sequence — so pages never skip or repeat an event.
/// </summary>
public sealed class AuditReads(IEventStore store, ProjectionCatalog catalog)
{
    /// <summary>Event types one search may name; each is one indexed query.</summary>
    public const int MaxTypes = 20;

    private const string StreamKey = "ver";
    private const string SequenceKey = "seq";

    private static readonly HashSet<string> KnownTypes = DomainEvents.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Event payloads and states as clients read JSON elsewhere in the API: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static JsonElement ToJson(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), Json);

    /// <summary>A stream's events in version order, paged by version.</summary>
    public async Task<Connection<RecordedEvent>> StreamAsync(string streamId, PageRequest page, CancellationToken ct)
    {
        CheckStreamId(streamId, "id");
        var after = After(page, StreamKey);
        var events = await store.ReadStreamAsync(streamId, new StreamReadOptions { FromVersion = after + 1, MaxCount = page.Fetch }, ct);
        return events.ToConnection(page, e => [StreamKey, e.StreamVersion.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>Events matching <paramref name="filter"/> in log order, paged by sequence.</summary>
    public async Task<Connection<RecordedEvent>> EventsAsync(AuditFilter filter, PageRequest page, CancellationToken ct)
    {
        if (filter.StreamId is { } stream) CheckStreamId(stream, "streamId");
        if (filter is { From: { } from, To: { } to } && from > to)
            throw ApiErrors.Validation("TIME_RANGE", "from must not be after to.", "from");
        var types = filter.Types is null ? [null] : filter.Types.Distinct(StringComparer.Ordinal).Select(t => (string?)t).ToArray();
        if (types.Length == 0) throw ApiErrors.Validation("NO_TYPES", "Name at least one event type, or leave types out.", "types");
        if (types.Length > MaxTypes) throw ApiErrors.Validation("TOO_MANY_TYPES", $"Name at most {MaxTypes} event types.", "types");
        if (types.FirstOrDefault(t => t is not null && !KnownTypes.Contains(t)) is { } unknown)
            throw ApiErrors.Validation("UNKNOWN_EVENT_TYPE", $"'{unknown}' is not an event type Es records.", "types");

        var query = new EventQuery
        {
            Actor = filter.Actor, CorrelationId = filter.CorrelationId, StreamId = filter.StreamId,
            RecordedFrom = filter.From, RecordedTo = filter.To, AfterSequence = After(page, SequenceKey), Limit = page.Fetch,
        };
        // The store filters by one type at a time: each type's page, merged in log order, holds the first Fetch of their union.
        var pages = await Task.WhenAll(types.Select(t => store.QueryEventsAsync(query with { EventType = t }, ct)));
        var merged = pages.SelectMany(p => p).OrderBy(e => e.Sequence).Take(page.Fetch).ToList();
        return merged.ToConnection(page, SequenceCursor);
    }

    /// <summary>
    /// The aggregate of <paramref name="streamId"/> folded with its decider's evolve over the events up
    /// to <paramref name="version"/> and recorded at or before <paramref name="at"/> (both optional: the
    /// current state); null when the stream has no event in that range.
    /// </summary>
    public async Task<AggregateSnapshot?> AggregateAsync(string streamId, long? version, DateTimeOffset? at, CancellationToken ct)
    {
        CheckStreamId(streamId, "streamId");
        if (version is < 1) throw ApiErrors.Validation("VERSION", "version starts at 1.", "version");
        var events = await store.ReadStreamAsync(streamId, new StreamReadOptions { ToVersion = version, ToInstant = at }, ct);
        if (events.Count == 0) return null;
        var decider = Deciders.All.FirstOrDefault(d => d.EventType.IsInstanceOfType(events[0].Data))
            ?? throw ApiErrors.Validation("NOT_AN_AGGREGATE", $"Stream '{streamId}' is not the stream of a domain aggregate.", "streamId");
        var state = decider.Fold(events.Select(e => (DomainEvent)e.Data));
        var name = decider.Initial.GetType().Name;
        if (name.EndsWith("State", StringComparison.Ordinal)) name = name[..^"State".Length];
        var last = events[^1];
        return new AggregateSnapshot(streamId, name, last.StreamVersion, last.RecordedAt, ToJson(state));
    }

    /// <summary>The events that made one read-model row (the projections' explain), in log order, paged by sequence.</summary>
    public async Task<Connection<RecordedEvent>> ExplainAsync(string projection, string key, PageRequest page, CancellationToken ct)
    {
        var after = After(page, SequenceKey);
        if (!catalog.Registry.TryGet(projection, out _))
            throw ApiErrors.NotFound("UNKNOWN_PROJECTION", $"No projection named '{projection}'.", "projection");
        IReadOnlyList<RecordedEvent> events;
        try
        {
            events = await catalog.ExplainAsync(projection, key, ct);
        }
        catch (ProjectionNotFoundException)
        {
            // Registered but not built yet on this log.
            throw ApiErrors.NotFound("UNKNOWN_PROJECTION", $"Projection '{projection}' has no build yet.", "projection");
        }
        return events.Where(e => e.Sequence > after).Take(page.Fetch).ToList().ToConnection(page, SequenceCursor);
    }

    private static string[] SequenceCursor(RecordedEvent e) => [SequenceKey, e.Sequence.ToString(CultureInfo.InvariantCulture)];

    // A cursor of another list (a stream's version where a sequence is expected) is refused, not misread.
    private static long After(PageRequest page, string kind) => page.AfterKey switch
    {
        null => 0,
        [var k, var n] when k == kind && long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var position) => position,
        _ => throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after"),
    };

    private static void CheckStreamId(string streamId, string field)
    {
        if (string.IsNullOrWhiteSpace(streamId) || streamId.Length > 500)
            throw ApiErrors.Validation("STREAM_ID", "A stream id is 1 to 500 characters, such as post-<id> or member-<id>.", field);
    }
}
