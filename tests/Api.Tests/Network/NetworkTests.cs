using System.Text.Json;
using Es.Api.Accounts;
using Es.Api.Schema;
using Es.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests.Network;

/// <summary>
/// The social graph on a hand-built community. Every expected weight is worked out here from the
/// documented weighting (docs/analytics.md, "Social graph"): like 1, comment 2, meetup 3, chat
/// message 1, halved every 30 days since the last interaction; a two-hop path is as strong as its
/// weaker link, and only public links (not chats) of others count.
/// </summary>
public sealed class NetworkTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const double Like = 1, Comment = 2, Meetup = 3, Chat = 1, HalfLifeDays = 30;

    /// <summary>Weights are read 30 days after the story, so every link has lost half (the story's own minute aside).</summary>
    private static readonly DateTimeOffset AsOf = DateTimeOffset.UtcNow.AddDays(30);

    private static double Decay(DateTimeOffset last) => Math.Pow(0.5, (AsOf - last).TotalDays / HalfLifeDays);

    private sealed record Community(Dictionary<string, ApiHost.Member> M)
    {
        public ApiHost.Member this[string name] => M[name];
    }

    private async Task<string> PostAsync(ApiHost.Member author, string title) =>
        (await api.DataAsync("mutation($i: PublishPostInput!) { publishPost(input: $i) { id } }",
            new { i = new { title, body = "body of " + title, region = "Seoul Mapo" } }, author.AccessToken))
        .GetProperty("publishPost").GetProperty("id").GetString()!;

    private Task LikeAsync(ApiHost.Member who, string post) =>
        api.DataAsync("mutation($id: ID!) { likePost(postId: $id) { id } }", new { id = post }, who.AccessToken);

    private Task UnlikeAsync(ApiHost.Member who, string post) =>
        api.DataAsync("mutation($id: ID!) { unlikePost(postId: $id) { id } }", new { id = post }, who.AccessToken);

    private Task CommentAsync(ApiHost.Member who, string post) =>
        api.DataAsync("mutation($id: ID!) { addComment(postId: $id, body: \"nice\") { id } }", new { id = post }, who.AccessToken);

    private async Task ChatAsync(ApiHost.Member from, ApiHost.Member to, int messages)
    {
        var id = (await api.DataAsync("mutation($w: ID!) { startConversation(with: $w) { id } }", new { w = to.Id }, from.AccessToken))
            .GetProperty("startConversation").GetProperty("id").GetString()!;
        for (var i = 0; i < messages; i++)
            await api.DataAsync("mutation($id: ID!) { sendMessage(conversationId: $id, body: \"hi\") { id } }", new { id }, from.AccessToken);
    }

    /// <summary>
    /// ann (Seoul Mapo, diabetes) and her circle:
    /// bob likes ann's post (then unlikes it) and comments twice; ann likes her own post;
    /// ann likes cat's post; dan hosts a walk that ann, then cat join (cat leaves and comes back);
    /// ann sends eve 2 chat messages; fay likes bob's and eve's posts and comments on dan's;
    /// gus likes cat's post and chats with eve; hal likes bob's post.
    /// </summary>
    private async Task<Community> BuildAsync(string prefix)
    {
        // Each story has regions of its own, so the stories sharing this host never meet in a region graph.
        string seoul = prefix + "Seoul Mapo", busan = prefix + "Busan", jeju = prefix + "Jeju";
        var m = new Dictionary<string, ApiHost.Member>
        {
            ["ann"] = await api.SignUpAsync(prefix + "ann", seoul, ["diabetes"]),
            ["bob"] = await api.SignUpAsync(prefix + "bob", seoul),
            ["cat"] = await api.SignUpAsync(prefix + "cat", busan, ["diabetes"]),
            ["dan"] = await api.SignUpAsync(prefix + "dan", seoul, ["arthritis"]),
            ["eve"] = await api.SignUpAsync(prefix + "eve", busan, ["hypertension"]),
            ["fay"] = await api.SignUpAsync(prefix + "fay", seoul, ["diabetes", "arthritis"]),
            ["gus"] = await api.SignUpAsync(prefix + "gus", jeju, ["diabetes"]),
            ["hal"] = await api.SignUpAsync(prefix + "hal", jeju),
        };
        var annPost = await PostAsync(m["ann"], "ann's walk");
        await LikeAsync(m["bob"], annPost);
        await UnlikeAsync(m["bob"], annPost);
        await CommentAsync(m["bob"], annPost);
        await CommentAsync(m["bob"], annPost);
        await LikeAsync(m["ann"], annPost);

        var catPost = await PostAsync(m["cat"], "cat's recipe");
        await LikeAsync(m["ann"], catPost);

        var meetup = (await api.DataAsync("mutation($i: ScheduleMeetupInput!) { scheduleMeetup(input: $i) { id } }", new
        {
            i = new { title = "Walk", region = "Seoul Mapo", place = "Han river", startsAt = DateTimeOffset.UtcNow.AddDays(5), capacity = 10 },
        }, m["dan"].AccessToken)).GetProperty("scheduleMeetup").GetProperty("id").GetString()!;
        const string join = "mutation($id: ID!) { joinMeetup(meetupId: $id) { id } }";
        await api.DataAsync(join, new { id = meetup }, m["ann"].AccessToken);
        await api.DataAsync(join, new { id = meetup }, m["cat"].AccessToken);
        await api.DataAsync("mutation($id: ID!) { leaveMeetup(meetupId: $id) { id } }", new { id = meetup }, m["cat"].AccessToken);
        await api.DataAsync(join, new { id = meetup }, m["cat"].AccessToken);

        await ChatAsync(m["ann"], m["eve"], 2);

        var bobPost = await PostAsync(m["bob"], "bob's question");
        var evePost = await PostAsync(m["eve"], "eve's photo");
        var danPost = await PostAsync(m["dan"], "dan's route");
        await LikeAsync(m["fay"], bobPost);
        await LikeAsync(m["fay"], evePost);
        await CommentAsync(m["fay"], danPost);
        await LikeAsync(m["gus"], catPost);
        await ChatAsync(m["gus"], m["eve"], 1);
        await LikeAsync(m["hal"], bobPost);

        await WaitForNetworkAsync();
        return new Community(m);
    }

    private async Task WaitForNetworkAsync()
    {
        await api.WaitForAsync("network");
    }

    private const string Network = """
        query($asOf: DateTime, $limit: Int) { me { network(asOf: $asOf) {
            neighbours(first: 10) { nodes { member { handle } weight kinds { kind count } lastInteractionAt } }
            twoHop(first: 10) { nodes { member { handle } via { handle } weight } }
            suggestions(first: 10) { nodes { member { handle } reason sharedNeighbours sameRegion sharedConditions } }
            graph(limit: $limit) { nodes { id label region } edges { source target weight kinds } }
        } } }
        """;

    [Fact]
    public async Task A_members_network_weighs_likes_comments_meetups_and_chats_finds_two_hop_paths_and_suggests_by_region_or_condition()
    {
        var c = await BuildAsync("nw_");
        var network = (await api.DataAsync(Network, new { asOf = AsOf, limit = 4 }, c["ann"].AccessToken)).GetProperty("me").GetProperty("network");

        // Neighbours, strongest first: bob 1 like (the unlike takes nothing back) + 2 comments = 5;
        // cat 1 like + 1 meetup (leaving and coming back is one meetup) = 4; dan 1 meetup = 3; eve 2 messages = 2.
        // ann's like of her own post links her with nobody.
        var neighbours = network.GetProperty("neighbours").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(["nw_bob", "nw_cat", "nw_dan", "nw_eve"], neighbours.Select(HandleOf));
        var expected = new Dictionary<string, (double Base, (string Kind, int Count)[] Kinds)>
        {
            ["nw_bob"] = (1 * Like + 2 * Comment, [("LIKE", 1), ("COMMENT", 2)]),
            ["nw_cat"] = (1 * Like + 1 * Meetup, [("LIKE", 1), ("MEETUP", 1)]),
            ["nw_dan"] = (1 * Meetup, [("MEETUP", 1)]),
            ["nw_eve"] = (2 * Chat, [("CHAT", 2)]),
        };
        foreach (var n in neighbours)
        {
            var (weightBase, kinds) = expected[HandleOf(n)];
            var last = n.GetProperty("lastInteractionAt").GetDateTimeOffset();
            Assert.Equal(weightBase * Decay(last), n.GetProperty("weight").GetDouble(), 6);
            Assert.InRange(n.GetProperty("weight").GetDouble(), weightBase * 0.49, weightBase * 0.51); // 30 days: about half
            Assert.Equal(kinds, n.GetProperty("kinds").EnumerateArray().Select(k => (k.GetProperty("kind").GetString()!, k.GetProperty("count").GetInt32())));
        }

        // Two hops, through public links only (gus's chat with eve is no path): fay via bob (her like, 1),
        // dan (her comment, 2) and eve (her like, 1), each path its weaker link: min(5,1) + min(3,2) + min(2,1);
        // gus via cat (his like): min(4,1); hal via bob (his like): min(5,1). All halved after 30 days.
        // cat and dan are linked with each other, but both are ann's neighbours already.
        var twoHop = network.GetProperty("twoHop").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal("nw_fay", HandleOf(twoHop[0]));
        var via = twoHop[0].GetProperty("via").EnumerateArray().Select(v => v.GetProperty("handle").GetString()).ToArray();
        Assert.Equal("nw_dan", via[0]); // the strongest path: min(3, 2)
        Assert.Equal(["nw_bob", "nw_eve"], via.Skip(1).Order());
        Assert.Equal((Math.Min(5, 1 * Like) + Math.Min(3, 1 * Comment) + Math.Min(2, 1 * Like)) * 0.5, twoHop[0].GetProperty("weight").GetDouble(), 3);
        Assert.Equal(["nw_gus", "nw_hal"], twoHop.Skip(1).Select(HandleOf).Order());
        Assert.All(twoHop.Skip(1), t => Assert.Equal(Math.Min(4, 1 * Like) * 0.5, t.GetProperty("weight").GetDouble(), 3));
        Assert.Equal(["nw_cat"], twoHop.Single(t => HandleOf(t) == "nw_gus").GetProperty("via").EnumerateArray().Select(v => v.GetProperty("handle").GetString()));

        // Suggestions: two hops, not linked, same region or a shared condition. hal (Jeju, none) is not one;
        // cat shares diabetes but is linked already.
        var suggestions = network.GetProperty("suggestions").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(["nw_fay", "nw_gus"], suggestions.Select(HandleOf));
        Assert.Equal("3 shared neighbours; same region; shared: diabetes", suggestions[0].GetProperty("reason").GetString());
        Assert.Equal("1 shared neighbour; shared: diabetes", suggestions[1].GetProperty("reason").GetString());
        Assert.False(suggestions[1].GetProperty("sameRegion").GetBoolean());

        // The graph, 4 nodes: ann and her three strongest; her links to them and the public link among them (cat–dan, their meetup).
        var graph = network.GetProperty("graph");
        var ids = c.M.ToDictionary(kv => kv.Value.Id, kv => kv.Key);
        Assert.Equal(["ann", "bob", "cat", "dan"], graph.GetProperty("nodes").EnumerateArray().Select(n => ids[n.GetProperty("id").GetString()!]));
        Assert.Equal("Member nw_ann", graph.GetProperty("nodes")[0].GetProperty("label").GetString());
        Assert.Equal("nw_Seoul Mapo", graph.GetProperty("nodes")[0].GetProperty("region").GetString());
        var edges = graph.GetProperty("edges").EnumerateArray()
            .ToDictionary(e => string.Join("-", new[] { ids[e.GetProperty("source").GetString()!], ids[e.GetProperty("target").GetString()!] }.Order()),
                e => (Kinds: string.Join(",", e.GetProperty("kinds").EnumerateArray().Select(k => k.GetString())), Weight: e.GetProperty("weight").GetDouble()));
        Assert.Equal(["ann-bob", "ann-cat", "ann-dan", "cat-dan"], edges.Keys.Order());
        Assert.Equal("LIKE,COMMENT", edges["ann-bob"].Kinds);
        Assert.Equal("LIKE,MEETUP", edges["ann-cat"].Kinds);
        Assert.Equal("MEETUP", edges["cat-dan"].Kinds);
        Assert.Equal(1 * Meetup * 0.5, edges["cat-dan"].Weight, 3);
    }

    private static string HandleOf(JsonElement node) => node.GetProperty("member").GetProperty("handle").GetString()!;

    [Fact]
    public async Task Nobody_reads_another_members_network_and_a_region_graph_is_for_its_members_and_administrators()
    {
        var c = await BuildAsync("nx_");
        var other = await api.GraphQLAsync("query($id: ID!) { member(id: $id) { network { neighbours { nodes { weight } } } } }",
            new { id = c["bob"].Id }, c["ann"].AccessToken);
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(other)));

        const string region = """
            query($asOf: DateTime) { regionGraph(region: "nx_Seoul Mapo", limit: 3, asOf: $asOf) { nodes { label } edges { source target weight kinds } } }
            """;
        var forbidden = await api.GraphQLAsync(region, new { asOf = AsOf }, c["cat"].AccessToken); // cat lives in Busan
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(forbidden)));

        // nx_Seoul Mapo: ann, bob, dan, fay.
        // Public links inside: ann–bob 5, ann–dan 3, dan–fay 2, bob–fay 1: ann 8, bob 6, dan 5 are the three most linked.
        var graph = (await api.DataAsync(region, new { asOf = AsOf }, c["bob"].AccessToken)).GetProperty("regionGraph");
        Assert.Equal(["Member nx_ann", "Member nx_bob", "Member nx_dan"], graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()));
        var weights = graph.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("weight").GetDouble()).ToArray();
        Assert.Equal(2, weights.Length);
        Assert.Equal((1 * Like + 2 * Comment) * 0.5, weights[0], 3);
        Assert.Equal(1 * Meetup * 0.5, weights[1], 3);

        var anonymous = await api.GraphQLAsync(region, new { asOf = AsOf });
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(anonymous)));
        var admin = await api.SignUpAsync("nx_admin", "nx_Jeju");
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(admin.Id), [EsRoles.Administrator], default);
        var adminToken = (await api.DataAsync("""mutation { signIn(email: "nx_admin@test.es", password: "correct horse battery") { accessToken } }"""))
            .GetProperty("signIn").GetProperty("accessToken").GetString();
        var seenByAdmin = (await api.DataAsync(region, new { asOf = AsOf }, adminToken)).GetProperty("regionGraph");
        Assert.Equal(3, seenByAdmin.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task A_rebuild_of_the_network_equals_the_live_build()
    {
        await BuildAsync("nr_");
        var live = await RowsAsync();
        Assert.NotEmpty(live);

        var catalog = api.Host.Services.GetRequiredService<ProjectionCatalog>();
        var generation = await catalog.RebuildAsync("network");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!((await catalog.GetStatusAsync("network")) is [{ IsCurrent: true } current] && current.Generation == generation))
        {
            Assert.True(DateTime.UtcNow < deadline, "the rebuild did not finish");
            await Task.Delay(200);
        }

        Assert.Equal(live, await RowsAsync());
    }

    private async Task<List<string>> RowsAsync()
    {
        var catalog = api.Host.Services.GetRequiredService<ProjectionCatalog>();
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        await using var cmd = dataSource.CreateCommand($"""
            SELECT concat_ws('|', member_a, member_b, likes, comments, meetups, chats, last_at, last_public_at) FROM {catalog.ViewName("network_edges")}
            UNION ALL
            SELECT concat_ws('|', member_id, display_name, region, conditions, deactivated) FROM {catalog.ViewName("network_members")}
            ORDER BY 1
            """);
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }
}
