using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Meetups;

/// <summary>Members schedule, fill, leave and cancel meetups; lists, seats and "mine" follow at once.</summary>
public sealed class MeetupTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Schedule = """
        mutation($input: ScheduleMeetupInput!) { scheduleMeetup(input: $input) { id capacity participantCount seatsLeft joinedByMe host { handle } } }
        """;
    private const string Join = "mutation($id: ID!) { joinMeetup(meetupId: $id) { participantCount seatsLeft joinedByMe } }";
    private const string Leave = "mutation($id: ID!) { leaveMeetup(meetupId: $id) { participantCount seatsLeft joinedByMe } }";

    private async Task<string> ScheduleAsync(ApiHost.Member host, string title, int capacity, string region = "Seoul Mapo", int inDays = 7)
    {
        var meetup = (await api.DataAsync(Schedule, new
        {
            input = new { title, region, place = "Mangwon park gate", startsAt = DateTimeOffset.UtcNow.AddDays(inDays), capacity },
        }, host.AccessToken)).GetProperty("scheduleMeetup");
        return meetup.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_meetup_fills_to_capacity_refuses_the_next_join_as_CONFLICT_and_frees_a_seat_when_someone_leaves()
    {
        var host = await api.SignUpAsync("meet_host");
        var guests = new List<ApiHost.Member>();
        for (var i = 0; i < 3; i++) guests.Add(await api.SignUpAsync($"meet_guest{i}"));

        var scheduled = (await api.DataAsync(Schedule, new
        {
            input = new { title = "Saturday walk", region = "Seoul Mapo", place = "Mangwon park gate", startsAt = DateTimeOffset.UtcNow.AddDays(3), capacity = 3 },
        }, host.AccessToken)).GetProperty("scheduleMeetup");
        var id = scheduled.GetProperty("id").GetString()!;
        // The host takes the first of the three seats.
        Assert.Equal(1, scheduled.GetProperty("participantCount").GetInt32());
        Assert.Equal(3 - 1, scheduled.GetProperty("seatsLeft").GetInt32());
        Assert.True(scheduled.GetProperty("joinedByMe").GetBoolean());

        var first = (await api.DataAsync(Join, new { id }, guests[0].AccessToken)).GetProperty("joinMeetup");
        Assert.Equal(3 - 2, first.GetProperty("seatsLeft").GetInt32());
        var again = (await api.DataAsync(Join, new { id }, guests[0].AccessToken)).GetProperty("joinMeetup");
        Assert.Equal(2, again.GetProperty("participantCount").GetInt32()); // joining twice takes one seat
        var full = (await api.DataAsync(Join, new { id }, guests[1].AccessToken)).GetProperty("joinMeetup");
        Assert.Equal(0, full.GetProperty("seatsLeft").GetInt32());

        var refused = await api.GraphQLAsync(Join, new { id }, guests[2].AccessToken);
        var error = ApiHost.SingleError(refused);
        Assert.Equal("CONFLICT", ApiHost.Code(error));
        Assert.Equal("MEETUP_FULL", error.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal(["joinMeetup"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));

        var left = (await api.DataAsync(Leave, new { id }, guests[0].AccessToken)).GetProperty("leaveMeetup");
        Assert.Equal(1, left.GetProperty("seatsLeft").GetInt32());
        Assert.False(left.GetProperty("joinedByMe").GetBoolean());
        await api.DataAsync(Join, new { id }, guests[2].AccessToken);

        var participants = await api.DataAsync("query($id: ID!) { meetup(id: $id) { participants { nodes { member { handle } } } } }", new { id });
        Assert.Equal(["meet_host", "meet_guest1", "meet_guest2"],
            participants.GetProperty("meetup").GetProperty("participants").GetProperty("nodes").EnumerateArray()
                .Select(n => n.GetProperty("member").GetProperty("handle").GetString()));

        var hostCannotLeave = ApiHost.SingleError(await api.GraphQLAsync(Leave, new { id }, host.AccessToken));
        Assert.Equal("HOST_CANNOT_LEAVE", hostCannotLeave.GetProperty("extensions").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Members_racing_for_the_last_seats_never_overfill_a_meetup()
    {
        var host = await api.SignUpAsync("race_host");
        var racers = new List<ApiHost.Member>();
        for (var i = 0; i < 6; i++) racers.Add(await api.SignUpAsync($"race_member{i}"));
        const int capacity = 4;
        var id = await ScheduleAsync(host, "Race for seats", capacity);

        var results = await Task.WhenAll(racers.Select(r => api.GraphQLAsync(Join, new { id }, r.AccessToken)));

        var joined = results.Count(r => !r.TryGetProperty("errors", out _));
        var full = results.Where(r => r.TryGetProperty("errors", out _)).Select(r => ApiHost.SingleError(r).GetProperty("extensions").GetProperty("reason").GetString()).ToArray();
        Assert.Equal(capacity - 1, joined); // the host holds one seat
        Assert.Equal(Enumerable.Repeat("MEETUP_FULL", racers.Count - (capacity - 1)), full);
        var meetup = (await api.DataAsync("query($id: ID!) { meetup(id: $id) { participantCount seatsLeft } }", new { id })).GetProperty("meetup");
        Assert.Equal(capacity, meetup.GetProperty("participantCount").GetInt32());
        Assert.Equal(0, meetup.GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task Upcoming_meetups_list_by_region_soonest_first_in_pages_and_mine_splits_hosting_from_joined()
    {
        var host = await api.SignUpAsync("list_host", region: "Busan Haeundae");
        var guest = await api.SignUpAsync("list_guest", region: "Busan Haeundae");
        var later = await ScheduleAsync(host, "Later beach walk", 5, "Busan Haeundae", inDays: 20);
        var sooner = await ScheduleAsync(host, "Sooner beach walk", 5, "Busan Haeundae", inDays: 10);
        var elsewhere = await ScheduleAsync(guest, "Guest's own walk", 5, "Busan Haeundae", inDays: 15);
        await api.DataAsync(Join, new { id = later }, guest.AccessToken);

        const string Upcoming = """
            query($after: String) { meetups(region: "Busan Haeundae", first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
            """;
        var page1 = (await api.DataAsync(Upcoming, new { after = (string?)null })).GetProperty("meetups");
        var page2 = (await api.DataAsync(Upcoming, new { after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("meetups");
        Assert.Equal([sooner, elsewhere], Ids(page1));
        Assert.True(page1.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal([later], Ids(page2));
        Assert.False(page2.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        const string Mine = "query($role: MeetupRole) { myMeetups(role: $role) { nodes { id } } }";
        Assert.Equal([sooner, later], Ids((await api.DataAsync(Mine, new { role = "HOSTING" }, host.AccessToken)).GetProperty("myMeetups")));
        Assert.Equal([later], Ids((await api.DataAsync(Mine, new { role = "JOINED" }, guest.AccessToken)).GetProperty("myMeetups")));
        Assert.Equal([elsewhere, later], Ids((await api.DataAsync(Mine, new { role = "ANY" }, guest.AccessToken)).GetProperty("myMeetups")));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Mine, new { role = "ANY" }))));
    }

    [Fact]
    public async Task Only_the_host_cancels_and_a_cancelled_meetup_leaves_the_upcoming_list_with_no_seats()
    {
        var host = await api.SignUpAsync("cancel_host", region: "Seoul Gangnam");
        var guest = await api.SignUpAsync("cancel_guest", region: "Seoul Gangnam");
        var id = await ScheduleAsync(host, "Rainy day walk", 6, "Seoul Gangnam");
        const string Cancel = "mutation($id: ID!) { cancelMeetup(meetupId: $id, reason: \"Storm warning\") { cancelled cancelReason seatsLeft } }";

        var forbidden = ApiHost.SingleError(await api.GraphQLAsync(Cancel, new { id }, guest.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(forbidden));
        Assert.Equal("NOT_THE_HOST", forbidden.GetProperty("extensions").GetProperty("reason").GetString());

        var cancelled = (await api.DataAsync(Cancel, new { id }, host.AccessToken)).GetProperty("cancelMeetup");
        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
        Assert.Equal("Storm warning", cancelled.GetProperty("cancelReason").GetString());
        Assert.Equal(0, cancelled.GetProperty("seatsLeft").GetInt32());

        const string Listed = "query($all: Boolean) { meetups(region: \"Seoul Gangnam\", includeCancelled: $all) { nodes { id } } }";
        Assert.DoesNotContain(id, Ids((await api.DataAsync(Listed, new { all = false })).GetProperty("meetups")));
        Assert.Contains(id, Ids((await api.DataAsync(Listed, new { all = true })).GetProperty("meetups")));
        Assert.Equal("INVALID_STATE", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Join, new { id }, guest.AccessToken))));
    }

    [Fact]
    public async Task A_subscriber_to_a_meetup_hears_its_seats_change_when_a_member_joins()
    {
        var host = await api.SignUpAsync("seats_host");
        var guest = await api.SignUpAsync("seats_guest");
        var id = await ScheduleAsync(host, "Watched walk", 5);

        var (socket, ack, _) = await GraphQLSocket.ConnectAsync(api); // anonymous: meetups are public
        await using (socket)
        {
            Assert.Equal("connection_ack", ack!.Value.GetProperty("type").GetString());
            var sub = await socket.SubscribeAsync("subscription($id: ID!) { meetupSeatsChanged(meetupId: $id) { id seatsLeft participantCount } }", new { id });
            await Task.Delay(300); // let the subscription register before the join it should hear

            await api.DataAsync(Join, new { id }, guest.AccessToken);

            var changed = (await socket.NextAsync(sub)).GetProperty("data").GetProperty("meetupSeatsChanged");
            Assert.Equal(id, changed.GetProperty("id").GetString());
            Assert.Equal(2, changed.GetProperty("participantCount").GetInt32());
            Assert.Equal(5 - 2, changed.GetProperty("seatsLeft").GetInt32());
        }
    }

    [Fact]
    public async Task An_id_that_is_not_one_is_a_VALIDATION_error_on_its_argument()
    {
        var member = await api.SignUpAsync("meet_badid");
        var error = ApiHost.SingleError(await api.GraphQLAsync(Join, new { id = "not-a-meetup" }, member.AccessToken));
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal("meetupId", error.GetProperty("extensions").GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_start_time_given_with_a_local_offset_is_kept_as_the_same_instant()
    {
        var host = await api.SignUpAsync("offset_host");
        var local = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(9).AddHours(10), DateTimeKind.Unspecified), TimeSpan.FromHours(9)); // 10:00 in Seoul
        var meetup = (await api.DataAsync("mutation($input: ScheduleMeetupInput!) { scheduleMeetup(input: $input) { startsAt } }", new
        {
            input = new { title = "Seoul morning walk", region = "Seoul Mapo", place = "Gate", startsAt = local.ToString("yyyy-MM-ddTHH:mm:sszzz"), capacity = 5 },
        }, host.AccessToken)).GetProperty("scheduleMeetup");
        Assert.Equal(local.UtcDateTime, DateTimeOffset.Parse(meetup.GetProperty("startsAt").GetString()!).UtcDateTime);
    }

    [Fact]
    public async Task A_mutation_whose_read_model_is_paused_says_its_change_is_stored_but_not_yet_visible()
    {
        var host = await api.SignUpAsync("paused_host");
        var catalog = api.Host.Services.GetRequiredService<Es.Projections.ProjectionCatalog>();
        Assert.True(await catalog.PauseAsync("meetups"));
        try
        {
            var behind = ApiHost.SingleError(await api.GraphQLAsync(Schedule, new
            {
                input = new { title = "While paused", region = "Seoul Mapo", place = "Gate", startsAt = DateTimeOffset.UtcNow.AddDays(4), capacity = 5, clientMutationId = "paused-1" },
            }, host.AccessToken));
            Assert.Equal("READ_MODEL_BEHIND", ApiHost.Code(behind));
            Assert.True(behind.GetProperty("extensions").GetProperty("stored").GetBoolean());
        }
        finally
        {
            await catalog.ResumeAsync("meetups");
        }
        // The stored meetup shows once the projection runs again; sending it again creates nothing new.
        var again = (await api.DataAsync(Schedule, new
        {
            input = new { title = "While paused", region = "Seoul Mapo", place = "Gate", startsAt = DateTimeOffset.UtcNow.AddDays(4), capacity = 5, clientMutationId = "paused-1" },
        }, host.AccessToken)).GetProperty("scheduleMeetup");
        Assert.Equal(1, again.GetProperty("participantCount").GetInt32());
        var mine = await api.DataAsync("{ myMeetups(role: HOSTING) { nodes { id } } }", token: host.AccessToken);
        Assert.Single(mine.GetProperty("myMeetups").GetProperty("nodes").EnumerateArray());
    }

    private static string[] Ids(JsonElement connection) =>
        connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray();
}
