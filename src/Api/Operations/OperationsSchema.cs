using Es.Api.Schema;
using Es.GraphQL.Types;
using Es.Projections;

namespace Es.Api.Operations;

/// <summary>
/// The projections' state for operators, as <c>GET /projections</c> and <c>projections status</c>
/// give it: administrators only (it names event types and stream ids of failures).
/// </summary>
public static class OperationsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum<ProjectionState>("ProjectionState")
        .Enum<ProjectionMode>("ProjectionMode")
        .Object<FailedEvent>("ProjectionFailedEvent", o => o
            .Description("The event a projection stopped on.")
            .Field("eventId", "ID!", e => e.EventId.ToString())
            .Field("sequence", "Float!", e => (double)e.Sequence, "Its position in the log.")
            .Field("eventType", "String!", e => e.EventType)
            .Field("streamId", "String!", e => e.StreamId)
            .Field("failedAt", "DateTime!", e => e.FailedAt))
        .Object<ProjectionStatus>("ProjectionStatus", o => o
            .Description("One build of a projection: the served one, or one being rebuilt beside it. Counts are Floats: log positions outgrow Int's 32 bits.")
            .Field("name", "String!", p => p.Name)
            .Field("generation", "Int!", p => p.Generation, "Which build: a rebuild makes the next generation.")
            .Field("version", "Int!", p => p.Version, "The projection's code version.")
            .Field("mode", "ProjectionMode!", p => p.Mode)
            .Field("isCurrent", "Boolean!", p => p.IsCurrent, "The build the API serves; false for a rebuild not yet swapped in.")
            .Field("state", "ProjectionState!", p => p.State)
            .Field("position", "Float!", p => (double)p.Position, "The last log sequence applied.")
            .Field("caughtUp", "Boolean!", p => p.CaughtUp)
            .Field("eventsProcessed", "Float!", p => (double)p.EventsProcessed)
            .Field("lagEvents", "Float!", p => (double)p.LagEvents, "Events in the log after its position.")
            .Field("lagSeconds", "Float!", p => p.LagSeconds, "How old the oldest event it has not applied is.")
            .Field("eventsPerSecond", "Float!", p => p.EventsPerSecond)
            .Field("progress", "Float!", p => Progress(p), "position / (position + lagEvents): 1 when caught up; a rebuild's progress.")
            .Field("rebuildStartedAt", "DateTime", p => p.RebuildStartedAt)
            .Field("lastError", "String", p => p.LastError)
            .Field("failedEvent", "ProjectionFailedEvent", p => p.FailedEvent))
        .Query(q => q
            .Field("projections", "[ProjectionStatus!]!", f => f
                .Description("Administrators: every projection's builds with state, lag and rebuild progress, by name. FORBIDDEN for other members, UNAUTHENTICATED for anonymous callers.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var caller = ctx.Caller();
                    if (!caller.IsMember) throw ApiErrors.Unauthenticated("Sign in as an administrator to read the projections' state.");
                    if (!caller.IsAdministrator) throw ApiErrors.Forbidden("ADMINISTRATOR_ONLY", "Only administrators read the projections' state.");
                    return await ctx.Service<ProjectionCatalog>().GetStatusAsync(ct: ctx.CancellationToken);
                })));

    /// <summary>How far a build is through the log: 1 when nothing is left to apply.</summary>
    public static double Progress(ProjectionStatus p) =>
        p.Position + p.LagEvents == 0 ? 1 : (double)p.Position / (p.Position + p.LagEvents);
}
