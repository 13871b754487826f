using System.Text.Json;

namespace Es.Api.Tests.Polls;

/// <summary>A region's members open a poll, vote, change their vote and close it; results and "my vote" follow at once.</summary>
public sealed class PollTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Open = """
        mutation($input: OpenPollInput!) { openPoll(input: $input) { id question totalVotes closed options { index text votes } } }
        """;
    private const string Vote = "mutation($id: ID!, $option: Int!) { castVote(pollId: $id, option: $option) { totalVotes myVote options { votes } } }";
    private const string Read = "query($id: ID!) { poll(id: $id) { totalVotes closed closedAt myVote options { text votes } } }";

    private async Task<string> OpenAsync(ApiHost.Member opener, string region, string question, params string[] options) =>
        (await api.DataAsync(Open, new { input = new { region, question, options, closesAt = DateTimeOffset.UtcNow.AddDays(14) } }, opener.AccessToken))
        .GetProperty("openPoll").GetProperty("id").GetString()!;

    [Fact]
    public async Task Votes_count_once_per_member_a_changed_vote_moves_and_only_the_region_votes()
    {
        var opener = await api.SignUpAsync("poll_opener");
        var neighbour = await api.SignUpAsync("poll_neighbour");
        var outsider = await api.SignUpAsync("poll_outsider", region: "Busan Haeundae");
        var id = await OpenAsync(opener, "Seoul Mapo", "Where should the new outdoor gym go?", "Mangwon park", "Hapjeong station", "Nowhere");

        await api.DataAsync(Vote, new { id, option = 1 }, opener.AccessToken);
        await api.DataAsync(Vote, new { id, option = 1 }, neighbour.AccessToken);
        await api.DataAsync(Vote, new { id, option = 1 }, neighbour.AccessToken); // the same vote again changes nothing
        var changed = (await api.DataAsync(Vote, new { id, option = 0 }, neighbour.AccessToken)).GetProperty("castVote");
        // opener: Hapjeong; neighbour: Hapjeong, then Mangwon.
        Assert.Equal([1, 1, 0], Votes(changed));
        Assert.Equal(2, changed.GetProperty("totalVotes").GetInt32());
        Assert.Equal(0, changed.GetProperty("myVote").GetInt32());

        var refused = ApiHost.SingleError(await api.GraphQLAsync(Vote, new { id, option = 0 }, outsider.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(refused));
        Assert.Equal("NOT_IN_REGION", refused.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal(["castVote"], refused.GetProperty("path").EnumerateArray().Select(p => p.GetString()));

        var noSuchOption = ApiHost.SingleError(await api.GraphQLAsync(Vote, new { id, option = 3 }, opener.AccessToken));
        Assert.Equal("VALIDATION", ApiHost.Code(noSuchOption));
        Assert.Equal("option", noSuchOption.GetProperty("extensions").GetProperty("field").GetString());

        var anonymous = (await api.DataAsync(Read, new { id })).GetProperty("poll");
        Assert.Equal([1, 1, 0], Votes(anonymous));
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("myVote").ValueKind);
        Assert.Equal(1, (await api.DataAsync(Read, new { id }, opener.AccessToken)).GetProperty("poll").GetProperty("myVote").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Read, new { id }, outsider.AccessToken)).GetProperty("poll").GetProperty("myVote").ValueKind);
    }

    [Fact]
    public async Task Only_the_opener_closes_early_and_a_closed_poll_moves_from_the_open_list_to_the_closed_one_and_takes_no_vote()
    {
        var opener = await api.SignUpAsync("close_opener", region: "Seoul Gangnam");
        var voter = await api.SignUpAsync("close_voter", region: "Seoul Gangnam");
        var id = await OpenAsync(opener, "Seoul Gangnam", "More benches on the river path?", "Yes", "No");
        await api.DataAsync(Vote, new { id, option = 0 }, voter.AccessToken);
        const string Close = "mutation($id: ID!) { closePoll(pollId: $id) { closed closedAt totalVotes } }";
        const string Listed = "query($status: PollStatus) { polls(region: \"Seoul Gangnam\", status: $status) { nodes { id } } }";
        Assert.Equal([id], Ids((await api.DataAsync(Listed, new { status = "OPEN" })).GetProperty("polls")));
        Assert.Empty(Ids((await api.DataAsync(Listed, new { status = "CLOSED" })).GetProperty("polls")));

        var forbidden = ApiHost.SingleError(await api.GraphQLAsync(Close, new { id }, voter.AccessToken));
        Assert.Equal("NOT_THE_OPENER", forbidden.GetProperty("extensions").GetProperty("reason").GetString());

        var closed = (await api.DataAsync(Close, new { id }, opener.AccessToken)).GetProperty("closePoll");
        Assert.True(closed.GetProperty("closed").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closedAt").ValueKind);
        Assert.Equal(1, closed.GetProperty("totalVotes").GetInt32());

        Assert.Empty(Ids((await api.DataAsync(Listed, new { status = "OPEN" })).GetProperty("polls")));
        Assert.Equal([id], Ids((await api.DataAsync(Listed, new { status = "CLOSED" })).GetProperty("polls")));
        var late = ApiHost.SingleError(await api.GraphQLAsync(Vote, new { id, option = 1 }, voter.AccessToken));
        Assert.Equal("POLL_CLOSED", late.GetProperty("extensions").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_member_opens_polls_only_in_their_own_region()
    {
        var member = await api.SignUpAsync("poll_far", region: "Busan Haeundae");
        var refused = ApiHost.SingleError(await api.GraphQLAsync(Open,
            new { input = new { region = "Seoul Mapo", question = "Not my town?", options = new[] { "a", "b" }, closesAt = DateTimeOffset.UtcNow.AddDays(1) } },
            member.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(refused));
        Assert.Equal("region", refused.GetProperty("extensions").GetProperty("field").GetString());
    }

    private static int[] Votes(JsonElement poll) => poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()).ToArray();

    private static string[] Ids(JsonElement connection) =>
        connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray();
}
