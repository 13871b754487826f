using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.EventStore;
using Es.GraphQL.Types;

namespace Es.Api.Meetups;

/// <summary>Meetup, the upcoming and "my" meetups, schedule/join/leave/cancel, and seats left as a subscription.</summary>
public static class MeetupsSchema
{
    private static Task<MeetupView?> LoadMeetup(this ResolveFieldContext ctx, Guid id) =>
        ctx.Request.DataLoader<Guid, MeetupView>("meetups", ctx.Service<MeetupReads>().ByIdsAsync).LoadAsync(id);

    public static void Add(SchemaBuilder builder) => builder
        .Enum<MeetupRole>("MeetupRole")
        .Object<MeetupView>("Meetup", o => o
            .Description("A one-off exercise meetup: a place, a time, a number of seats. The host takes the first seat.")
            .Field("id", "ID!", m => m.Id.ToString())
            .Field("title", "String!", m => m.Title)
            .Field("region", "String!", m => m.Region)
            .Field("place", "String!", m => m.Place)
            .Field("startsAt", "DateTime!", m => m.StartsAt)
            .Field("capacity", "Int!", m => m.Capacity)
            .Field("participantCount", "Int!", m => m.ParticipantCount, "The host included.")
            .Field("seatsLeft", "Int!", m => m.SeatsLeft, "0 once full or cancelled.")
            .Field("cancelled", "Boolean!", m => m.Cancelled)
            .Field("cancelReason", "String", m => m.CancelReason)
            .Field("host", "Member", f => f.ResolveAsync((m, ctx) => ctx.LoadMember(m.HostId)))
            .Field("joinedByMe", "Boolean!", f => f
                .Description("Whether the signed-in member takes part (hosts do); false for anonymous callers.")
                .ResolveAsync(async (m, ctx) => ctx.Caller().MemberId is { } me
                    && await ctx.Request.DataLoader<Guid, bool>("joinedByMe", (ids, ct) => ctx.Service<MeetupReads>().JoinedByAsync(me, ids, ct)).LoadAsync(m.Id)))
            .Field("participants", "MeetupParticipantConnection!", f => f
                .Description("In the order they joined, the host first.")
                .Paged()
                .ResolveAsync((m, ctx) => ctx.Service<MeetupReads>().ParticipantsAsync(m.Id, ctx.Page(), ctx.CancellationToken))))
        .Object<ParticipantView>("MeetupParticipant", o => o
            .Field("member", "Member", f => f.ResolveAsync((p, ctx) => ctx.LoadMember(p.MemberId)))
            .Field("joinedAt", "DateTime!", p => p.JoinedAt))
        .Connection<MeetupView>("Meetup")
        .Connection<ParticipantView>("MeetupParticipant")
        .InputObject("ScheduleMeetupInput", i => i
            .Field("title", "String!")
            .Field("region", "String!")
            .Field("place", "String!")
            .Field("startsAt", "DateTime!")
            .Field("capacity", "Int!", description: $"Seats, the host's included: {Meetup.MinCapacity} to {Meetup.MaxCapacity}.")
            .Field("clientMutationId", "String", description: "Makes the mutation safe to retry: the same id again schedules nothing new.")
            .ToValue(v => v))
        .Query(q => q
            .Field("meetups", "MeetupConnection!", f => f
                .Description("Meetups still to come (from `from`, by default now), soonest first; by region. Public.")
                .Argument("region", "String")
                .Argument("from", "DateTime")
                .Argument("includeCancelled", "Boolean", false)
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<MeetupReads>().UpcomingAsync(ctx.Arguments.GetOrDefault<string?>("region", null),
                    ctx.Arguments.TryGet<DateTimeOffset>("from", out var from) ? from : ctx.Service<TimeProvider>().GetUtcNow(),
                    ctx.Arguments.Get<bool>("includeCancelled"), ctx.Page(), ctx.CancellationToken)))
            .Field("meetup", "Meetup", f => f
                .Argument("id", "ID!")
                .ResolveAsync((_, ctx) => ctx.LoadMeetup(ctx.Arguments.Id("id"))))
            .Field("myMeetups", "MeetupConnection!", f => f
                .Description("The signed-in member's meetups, soonest first: hosting, joined as a guest, or both (ANY).")
                .Argument("role", "MeetupRole", MeetupRole.Any)
                .Argument("includePast", "Boolean", false)
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<MeetupReads>().OfMemberAsync(MembersSchema.RequireMember(ctx), ctx.Arguments.Get<MeetupRole>("role"),
                    ctx.Arguments.Get<bool>("includePast") ? null : ctx.Service<TimeProvider>().GetUtcNow(), ctx.Page(), ctx.CancellationToken))))
        .Mutation(m => m
            .Field("scheduleMeetup", "Meetup", f => f
                .Description("You host it and take the first seat.")
                .Argument("input", "ScheduleMeetupInput!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var v = ctx.Arguments.Get<ArgumentValues>("input");
                    var clientId = v.GetOrDefault<string?>("clientMutationId", null);
                    var meetupId = clientId is null ? Guid.CreateVersion7() : NameBasedGuid.Create($"meetup:{me}:{clientId}");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new ScheduleMeetup(meetupId, v.Get<string>("title"), v.Get<string>("region"),
                        v.Get<string>("place"), v.Get<DateTimeOffset>("startsAt"), v.Get<int>("capacity")), clientId);
                    return await ctx.Service<MeetupReads>().ByIdsAsync([meetupId], ctx.CancellationToken) is var found ? found.GetValueOrDefault(meetupId) : null;
                }))
            .Field("joinMeetup", "Meetup", f => f
                .Description("Takes a seat; joining again changes nothing. CONFLICT (MEETUP_FULL) when no seat is left.")
                .Argument("meetupId", "ID!")
                .ResolveAsync((_, ctx) => Send(ctx, id => new JoinMeetup(id))))
            .Field("leaveMeetup", "Meetup", f => f
                .Description("Gives your seat back. The host cannot leave: cancel instead.")
                .Argument("meetupId", "ID!")
                .ResolveAsync((_, ctx) => Send(ctx, id => new LeaveMeetup(id))))
            .Field("cancelMeetup", "Meetup", f => f
                .Description("Only the host cancels, before the start.")
                .Argument("meetupId", "ID!")
                .Argument("reason", "String")
                .ResolveAsync((_, ctx) => Send(ctx, id => new CancelMeetup(id, ctx.Arguments.GetOrDefault<string?>("reason", null))))))
        .Subscription(s => s
            .Field("meetupSeatsChanged", "Meetup!", f => f
                .Description("The meetup each time someone joins or leaves, or it is cancelled. Public.")
                .Argument("meetupId", "ID!")
                .Subscribe(ctx =>
                {
                    var id = ctx.Arguments.Id("meetupId");
                    return ctx.Service<ServedEvents>().Subscribe(SeatEvents, e => MeetupIdOf(e) == id, ctx.CancellationToken);
                })
                .ResolveAsync(async (e, ctx) =>
                {
                    var id = MeetupIdOf((RecordedEvent)e!)!.Value;
                    return (await ctx.Service<MeetupReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);
                })));

    private static readonly IReadOnlySet<string> SeatEvents = new HashSet<string>(StringComparer.Ordinal) { "MeetupJoined", "MeetupLeft", "MeetupCancelled" };

    private static Guid? MeetupIdOf(RecordedEvent e) => e.Data switch
    {
        MeetupJoined j => j.MeetupId,
        MeetupLeft l => l.MeetupId,
        MeetupCancelled c => c.MeetupId,
        _ => null,
    };

    private static async Task<MeetupView?> Send(ResolveFieldContext ctx, Func<Guid, MeetupCommand> command)
    {
        var id = ctx.Arguments.Id("meetupId");
        await ctx.Service<CommandSender>().SendAsync(ctx, command(id));
        return (await ctx.Service<MeetupReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);
    }
}
