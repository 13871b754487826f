using System.Text.Json;
using Es.Api.Tests.Trends;

namespace Es.Api.Tests.Regions;

/// <summary>
/// Two regions built by hand through the API: one with 6 members, one with 3; every figure below is
/// counted from what this test wrote.
/// </summary>
public sealed class RegionTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private const string North = "Test North";
    private const string South = "Test South";

    private const string Read = """
        query($name: String!) { region(name: $name) {
          name members { value display } activeMembersThisMonth { value display }
          conditions { name count { value display } } posts { value display } meetups { value display }
          openPolls { voters { value display } electorate { value display } turnout poll { id } }
          closedPolls { voters { value display } turnout poll { id totalVotes options { text votes } } } } }
        """;

    [Fact]
    public async Task Counts_under_5_show_as_less_than_5_without_their_value_and_turnout_and_closed_results_follow_the_votes()
    {
        // North: 6 members; arthritis followed by 5 of them, hypertension by 1. South: 3 members.
        var north = new List<ApiHost.Member>();
        for (var i = 0; i < 6; i++)
            north.Add(await api.SignUpAsync($"north_{i}", North, i < 5 ? (i == 0 ? ["arthritis", "hypertension"] : ["arthritis"]) : []));
        var south = new List<ApiHost.Member>();
        for (var i = 0; i < 3; i++) south.Add(await api.SignUpAsync($"south_{i}", South));

        // North: 5 posts (by north_0..4), 1 meetup; south_0 posts once in South.
        for (var i = 0; i < 5; i++)
            await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
                new { input = new { title = $"North post {i}", body = "hello", region = North, tags = Array.Empty<string>() } }, north[i].AccessToken);
        await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
            new { input = new { title = "South post", body = "hello", region = South, tags = Array.Empty<string>() } }, south[0].AccessToken);
        await api.DataAsync("mutation($input: ScheduleMeetupInput!) { scheduleMeetup(input: $input) { id } }",
            new { input = new { title = "Walk", region = North, place = "Park", startsAt = DateTimeOffset.UtcNow.AddDays(3), capacity = 10 } }, north[5].AccessToken);

        // Open poll: electorate 6 (North's members when it opened), 5 voters (north_1..5).
        const string Open = "mutation($input: OpenPollInput!) { openPoll(input: $input) { id } }";
        const string Vote = "mutation($id: ID!, $option: Int!) { castVote(pollId: $id, option: $option) { totalVotes } }";
        var open = (await api.DataAsync(Open, new { input = new { region = North, question = "Benches?", options = new[] { "Yes", "No" }, closesAt = DateTimeOffset.UtcNow.AddDays(7) } },
            north[0].AccessToken)).GetProperty("openPoll").GetProperty("id").GetString()!;
        for (var i = 1; i <= 5; i++) await api.DataAsync(Vote, new { id = open, option = i <= 3 ? 0 : 1 }, north[i].AccessToken);
        // Closed poll: 2 voters, closed early by its opener; results 1 and 1.
        var closed = (await api.DataAsync(Open, new { input = new { region = North, question = "Lights?", options = new[] { "Yes", "No" }, closesAt = DateTimeOffset.UtcNow.AddDays(7) } },
            north[0].AccessToken)).GetProperty("openPoll").GetProperty("id").GetString()!;
        await api.DataAsync(Vote, new { id = closed, option = 0 }, north[0].AccessToken);
        await api.DataAsync(Vote, new { id = closed, option = 1 }, north[1].AccessToken);
        await api.DataAsync("mutation($id: ID!) { closePoll(pollId: $id) { closed } }", new { id = closed }, north[0].AccessToken);
        await api.WaitForAsync("regions");

        var n = (await api.DataAsync(Read, new { name = North })).GetProperty("region");
        Assert.Equal((6, "6"), Count(n.GetProperty("members")));
        // Active this month: north_0..4 posted, north_5 scheduled the meetup and voted: all 6.
        Assert.Equal((6, "6"), Count(n.GetProperty("activeMembersThisMonth")));
        Assert.Equal([("arthritis", 5, "5"), ("hypertension", (int?)null, "<5")],
            n.GetProperty("conditions").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, Count(c.GetProperty("count")).Value, Count(c.GetProperty("count")).Display)));
        Assert.Equal((5, "5"), Count(n.GetProperty("posts")));
        Assert.Equal((null, "<5"), Count(n.GetProperty("meetups")));

        var openPoll = Assert.Single(n.GetProperty("openPolls").EnumerateArray());
        Assert.Equal(open, openPoll.GetProperty("poll").GetProperty("id").GetString());
        Assert.Equal((5, "5"), Count(openPoll.GetProperty("voters")));
        Assert.Equal((6, "6"), Count(openPoll.GetProperty("electorate")));
        Assert.Equal(5.0 / 6, openPoll.GetProperty("turnout").GetDouble(), 9);

        var closedPoll = Assert.Single(n.GetProperty("closedPolls").EnumerateArray());
        Assert.Equal(closed, closedPoll.GetProperty("poll").GetProperty("id").GetString());
        Assert.Equal((null, "<5"), Count(closedPoll.GetProperty("voters")));
        Assert.Equal(JsonValueKind.Null, closedPoll.GetProperty("turnout").ValueKind); // 2 of 6 would give the 2 back
        Assert.Equal([1, 1], closedPoll.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));

        var s = (await api.DataAsync(Read, new { name = South })).GetProperty("region");
        Assert.Equal((null, "<5"), Count(s.GetProperty("members")));
        Assert.Equal((null, "<5"), Count(s.GetProperty("activeMembersThisMonth")));
        Assert.Equal((null, "<5"), Count(s.GetProperty("posts")));
        Assert.Equal((0, "0"), Count(s.GetProperty("meetups")));
        Assert.Empty(s.GetProperty("conditions").EnumerateArray());
        // The raw 3 is nowhere in South's answer.
        Assert.DoesNotContain("3", s.GetRawText().Replace(South, ""));

        var names = (await api.DataAsync("{ regions { name members { display } } }")).GetProperty("regions").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("members").GetProperty("display").GetString())).ToList();
        Assert.Equal([(North, "6"), (South, "<5")], names);

        // A rebuild from the log gives the same read model as the live build.
        string[] tables = ["region_members", "region_posts", "region_meetups", "region_polls", "region_poll_voters", "region_activity"];
        var live = new List<List<string>>();
        foreach (var t in tables) live.Add(await api.RowsAsync($"SELECT * FROM {{schema}}.{t} AS r ORDER BY r::text"));
        await api.RebuildAsync("regions");
        for (var i = 0; i < tables.Length; i++)
            Assert.Equal(live[i], await api.RowsAsync($"SELECT * FROM {{schema}}.{tables[i]} AS r ORDER BY r::text"));
    }

    private static (int? Value, string Display) Count(JsonElement c) =>
        (c.GetProperty("value").ValueKind == JsonValueKind.Null ? null : c.GetProperty("value").GetInt32(), c.GetProperty("display").GetString()!);
}
