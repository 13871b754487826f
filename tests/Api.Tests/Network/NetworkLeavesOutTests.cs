using System.Text.Json;
using Es.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests.Network;

/// <summary>
/// What the social graph leaves out (docs/analytics.md, "Social graph"): a meetup cancelled before it
/// took place links nobody, and a deactivated member is in no network answer. Weights: like 1,
/// comment 2, meetup 3.
/// </summary>
public sealed class NetworkLeavesOutTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Network = """
        query { me { network {
            neighbours(first: 10) { nodes { member { handle } kinds { kind count } } }
            twoHop(first: 10) { nodes { member { handle } via { handle } } }
            suggestions(first: 10) { nodes { member { handle } sharedNeighbours } }
            graph(limit: 10) { nodes { label } edges { kinds } }
        } } }
        """;

    private async Task<string> PostAsync(ApiHost.Member author) =>
        (await api.DataAsync("mutation($i: PublishPostInput!) { publishPost(input: $i) { id } }",
            new { i = new { title = "A walk", body = "Along the river", region = "Seoul Mapo" } }, author.AccessToken))
        .GetProperty("publishPost").GetProperty("id").GetString()!;

    private Task LikeAsync(ApiHost.Member who, string post) =>
        api.DataAsync("mutation($id: ID!) { likePost(postId: $id) { id } }", new { id = post }, who.AccessToken);

    private async Task<string> ScheduleAsync(ApiHost.Member host) =>
        (await api.DataAsync("mutation($i: ScheduleMeetupInput!) { scheduleMeetup(input: $i) { id } }", new
        {
            i = new { title = "Walk", region = "Seoul Mapo", place = "Han river", startsAt = DateTimeOffset.UtcNow.AddDays(5), capacity = 10 },
        }, host.AccessToken)).GetProperty("scheduleMeetup").GetProperty("id").GetString()!;

    private Task JoinAsync(ApiHost.Member who, string meetup) =>
        api.DataAsync("mutation($id: ID!) { joinMeetup(meetupId: $id) { id } }", new { id = meetup }, who.AccessToken);

    private async Task<Dictionary<string, ApiHost.Member>> SignUpAsync(string prefix, params string[] names)
    {
        var m = new Dictionary<string, ApiHost.Member>();
        foreach (var name in names) m[name] = await api.SignUpAsync(prefix + name, prefix + "Seoul Mapo");
        return m;
    }

    private async Task<JsonElement> NetworkOfAsync(ApiHost.Member member)
    {
        await api.WaitForAsync("network");
        return (await api.DataAsync(Network, token: member.AccessToken)).GetProperty("me").GetProperty("network");
    }

    private static string[] Handles(JsonElement network, string list) =>
        [.. network.GetProperty(list).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("member").GetProperty("handle").GetString()!)];

    private static (string, int)[] Kinds(JsonElement neighbour) =>
        [.. neighbour.GetProperty("kinds").EnumerateArray().Select(k => (k.GetProperty("kind").GetString()!, k.GetProperty("count").GetInt32()))];

    [Fact]
    public async Task A_meetup_cancelled_before_it_took_place_links_nobody()
    {
        var m = await SignUpAsync("mc_", "ann", "bob", "cat", "dan");
        await LikeAsync(m["bob"], await PostAsync(m["ann"]));
        var cancelled = await ScheduleAsync(m["dan"]);
        await JoinAsync(m["ann"], cancelled);
        await JoinAsync(m["bob"], cancelled);
        var held = await ScheduleAsync(m["dan"]);
        await JoinAsync(m["cat"], held);
        await JoinAsync(m["bob"], held);
        await api.DataAsync("mutation($id: ID!) { cancelMeetup(meetupId: $id, reason: \"Rain\") { id } }", new { id = cancelled }, m["dan"].AccessToken);

        // Ann met Dan only at the cancelled walk: no link is left. Her link with Bob keeps his like, not the walk.
        var ann = await NetworkOfAsync(m["ann"]);
        Assert.Equal(["mc_bob"], Handles(ann, "neighbours"));
        Assert.Equal([("LIKE", 1)], Kinds(ann.GetProperty("neighbours").GetProperty("nodes")[0]));

        // Dan, Bob and Cat met at the walk that was held: one meetup each, whatever the cancelled one added.
        var dan = await NetworkOfAsync(m["dan"]);
        Assert.Equal(["mc_bob", "mc_cat"], Handles(dan, "neighbours").Order());
        Assert.All(dan.GetProperty("neighbours").GetProperty("nodes").EnumerateArray(), n => Assert.Equal([("MEETUP", 1)], Kinds(n)));
        var bob = await NetworkOfAsync(m["bob"]);
        Assert.Equal([("MEETUP", 1)], Kinds(bob.GetProperty("neighbours").GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("member").GetProperty("handle").GetString() == "mc_dan")));
    }

    [Fact]
    public async Task A_deactivated_member_is_in_no_network_answer()
    {
        // Ann comments on Bob's post (2) and likes Dan's (1); Bob and Dan both like Cat's post. Then Bob leaves.
        var m = await SignUpAsync("md_", "ann", "bob", "cat", "dan");
        await api.DataAsync("mutation($id: ID!) { addComment(postId: $id, body: \"nice\") { id } }", new { id = await PostAsync(m["bob"]) }, m["ann"].AccessToken);
        await LikeAsync(m["ann"], await PostAsync(m["dan"]));
        var catPost = await PostAsync(m["cat"]);
        await LikeAsync(m["bob"], catPost);
        await LikeAsync(m["dan"], catPost);
        await api.DataAsync("mutation { deactivateMember(reason: \"Moving away\") { deactivated } }", token: m["bob"].AccessToken);

        var ann = await NetworkOfAsync(m["ann"]);
        Assert.Equal(["md_dan"], Handles(ann, "neighbours"));
        Assert.Equal(["md_cat"], Handles(ann, "twoHop"));
        Assert.Equal(["md_dan"], ann.GetProperty("twoHop").GetProperty("nodes")[0].GetProperty("via").EnumerateArray().Select(v => v.GetProperty("handle").GetString()));
        Assert.Equal(["md_cat"], Handles(ann, "suggestions"));
        Assert.Equal(1, ann.GetProperty("suggestions").GetProperty("nodes")[0].GetProperty("sharedNeighbours").GetInt32());
        Assert.Equal(["Member md_ann", "Member md_dan"], ann.GetProperty("graph").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()));
        Assert.Equal(1, ann.GetProperty("graph").GetProperty("edges").GetArrayLength());

        // From Cat's side too: Bob's like is not a link any more, and Ann is two hops away through Dan alone.
        var cat = await NetworkOfAsync(m["cat"]);
        Assert.Equal(["md_dan"], Handles(cat, "neighbours"));
        Assert.Equal(["md_ann"], Handles(cat, "twoHop"));
    }
}
