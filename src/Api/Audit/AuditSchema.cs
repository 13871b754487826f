using System.Globalization;
using Es.Api.Schema;
using Es.EventStore;
using Es.GraphQL.Types;

namespace Es.Api.Audit;

/// <summary>
/// <c>audit</c>: the event log for administrators and auditors — a stream's history, searches by
/// actor, correlation id, type and time, an aggregate as of a version or an instant, and the
/// events behind a read-model row. Anyone else gets FORBIDDEN (UNAUTHENTICATED when anonymous) on
/// the <c>audit</c> field and nothing under it.
/// </summary>
public static class AuditSchema
{
    /// <summary>The value of the <c>audit</c> field: only ever made once the caller is allowed in.</summary>
    public sealed class AuditAccess
    {
        internal static readonly AuditAccess Granted = new();

        private AuditAccess() { }
    }

    public static void Add(SchemaBuilder builder) => builder
        .Object<RecordedEvent>("AuditEvent", o => o
            .Description("One event of the log with its metadata, as stored (the payload upcast to its current shape).")
            .Field("sequence", "String!", e => e.Sequence.ToString(CultureInfo.InvariantCulture),
                "The event's global position in the log: a 64-bit integer, as a string so that no client loses digits.")
            .Field("eventId", "ID!", e => e.EventId.ToString())
            .Field("streamId", "String!", e => e.StreamId, "Such as post-<id> or member-<id>.")
            .Field("streamVersion", "Int!", e => e.StreamVersion, "1 for the stream's first event.")
            .Field("type", "String!", e => e.EventType, "The event's stable name, such as PostPublished.")
            .Field("schemaVersion", "Int!", e => e.SchemaVersion, "The version of the payload's shape it was written with.")
            .Field("recordedAt", "DateTime!", e => e.RecordedAt)
            .Field("actor", "String", e => e.Metadata.Actor, "Who caused it, from authentication: member:<id>, admin:<id>, or the ingest source.")
            .Field("correlationId", "String", e => e.Metadata.CorrelationId, "Shared by every event of one user action or incoming message.")
            .Field("causationId", "String", e => e.Metadata.CausationId, "The request or message that caused it.")
            .Field("source", "String", e => e.Metadata.Source, "Where it came from: graphql, kafka:topic/partition/offset, file:name#line.")
            .Field("archived", "Boolean!", e => e.Archived, "Whether its stream is archived.")
            .Field("data", "JSON!", e => AuditReads.ToJson(e.Data), "The payload."))
        .Connection<RecordedEvent>("AuditEvent")
        .Object<AggregateSnapshot>("AuditAggregate", o => o
            .Description("An aggregate's state as its decider folds it from its stream's events up to a version or an instant.")
            .Field("streamId", "String!", a => a.StreamId)
            .Field("aggregate", "String!", a => a.Aggregate, "Member, Post, Meetup, Poll, Conversation, Sale, Order, Merchant, CustomerReturn or HandleReservation.")
            .Field("version", "Int!", a => a.Version, "The version the state stands at: the last event folded in.")
            .Field("recordedAt", "DateTime!", a => a.RecordedAt, "When that last event was recorded.")
            .Field("state", "JSON!", a => a.State))
        .Object<AuditAccess>("Audit", o => o
            .Description("The event log, for administrators and auditors.")
            .Field("stream", "AuditEventConnection!", f => f
                .Description("A stream's history in version order.")
                .Argument("id", "String!", description: "Such as post-<id> or member-<id>.")
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<AuditReads>().StreamAsync(ctx.Arguments.Get<string>("id"), ctx.Page(), ctx.CancellationToken)))
            .Field("events", "AuditEventConnection!", f => f
                .Description("Events in log order, filtered by every argument given.")
                .Argument("actor", "String", description: "member:<id>, admin:<id>, or an ingest source.")
                .Argument("correlationId", "String")
                .Argument("types", "[String!]", description: $"Stable event names (every schema version of each); at most {AuditReads.MaxTypes}.")
                .Argument("streamId", "String")
                .Argument("from", "DateTime", description: "Recorded at or after this instant.")
                .Argument("to", "DateTime", description: "Recorded at or before this instant.")
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<AuditReads>().EventsAsync(FilterOf(ctx.Arguments), ctx.Page(), ctx.CancellationToken)))
            .Field("aggregate", "AuditAggregate", f => f
                .Description("An aggregate as of a version, an instant, or both (the earlier bound wins); now when neither is given. Null when the stream has no event by then.")
                .Argument("streamId", "String!")
                .Argument("version", "Int")
                .Argument("at", "DateTime")
                .ResolveAsync((_, ctx) => ctx.Service<AuditReads>().AggregateAsync(ctx.Arguments.Get<string>("streamId"),
                    ctx.Arguments.TryGet<long>("version", out var version) ? version : null,
                    ctx.Arguments.TryGet<DateTimeOffset>("at", out var at) ? at : null, ctx.CancellationToken)))
            .Field("explain", "AuditEventConnection!", f => f
                .Description("The events that made one read-model row, in log order: those the projection's current build applied to that key.")
                .Argument("projection", "String!", description: "The projection's name, such as feed or members.")
                .Argument("key", "String!", description: "The row's key, such as a post's id for feed.")
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<AuditReads>().ExplainAsync(ctx.Arguments.Get<string>("projection"),
                    ctx.Arguments.Get<string>("key"), ctx.Page(), ctx.CancellationToken))))
        .Query(q => q
            .Field("audit", "Audit", f => f
                .Description("Administrators and auditors: the event log. FORBIDDEN for other members, UNAUTHENTICATED for anonymous callers.")
                .Resolve((_, ctx) => ctx.Caller() switch
                {
                    { MayReadAudit: true } => AuditAccess.Granted,
                    { IsMember: true } => throw ApiErrors.Forbidden("AUDIT_ONLY", "Only administrators and auditors read the audit log."),
                    _ => throw ApiErrors.Unauthenticated("Sign in as an administrator or auditor to read the audit log."),
                })));

    private static AuditFilter FilterOf(ArgumentValues a) => new(
        a.GetOrDefault<string?>("actor", null),
        a.GetOrDefault<string?>("correlationId", null),
        a.GetList<string>("types"),
        a.GetOrDefault<string?>("streamId", null),
        a.TryGet<DateTimeOffset>("from", out var from) ? from : null,
        a.TryGet<DateTimeOffset>("to", out var to) ? to : null);
}
