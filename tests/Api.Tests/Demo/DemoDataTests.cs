using System.Text.Json;
using Es.Api.Demo;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests.Demo;

/// <summary>A host in a fresh schema with the demo data seeded once through it, as <c>scripts/start</c> does on an empty database.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public ApiHost Api { get; } = new();
    public bool FirstSeedWrote { get; private set; }

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        FirstSeedWrote = await Api.Host.Services.GetRequiredService<DemoData>().SeedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Api.DisposeAsync();

    public async Task<long> CountAsync(string table)
    {
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        await using var cmd = dataSource.CreateCommand($"SELECT count(*) FROM {Api.Schema}.{table}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// What the README promises a first-time user finds after <c>scripts/start</c>. The expectations are
/// the demo's intent written out by hand (who lives where, which meetup is full, how the votes fall),
/// not read back from DemoData, so a change to the demo that breaks a promise fails here.
/// </summary>
public sealed class DemoDataTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    private ApiHost Api => demo.Api;

    private static readonly Dictionary<string, string[]> HandlesByRegion = new()
    {
        ["Seoul Mapo"] = ["minji", "junho", "soyeon", "dr_choi", "admin"],
        ["Seoul Gangnam"] = ["taeyang", "hana", "seojun", "mira"],
        ["Busan Haeundae"] = ["woojin", "eunji", "dongha", "yuna"],
    };

    private static IEnumerable<JsonElement> Nodes(JsonElement connection) => connection.GetProperty("nodes").EnumerateArray();

    [Fact]
    public async Task Seeding_an_empty_database_gives_members_in_three_regions_and_a_verified_professional()
    {
        Assert.True(demo.FirstSeedWrote);
        foreach (var (region, handles) in HandlesByRegion)
            foreach (var handle in handles)
            {
                var member = (await Api.DataAsync("query($h: String) { member(handle: $h) { region } }", new { h = handle })).GetProperty("member");
                Assert.True(member.ValueKind == JsonValueKind.Object, $"no member @{handle}");
                Assert.Equal(region, member.GetProperty("region").GetString());
            }
        var doctor = (await Api.DataAsync("{ member(handle: \"dr_choi\") { verifiedProfessional profession } }")).GetProperty("member");
        Assert.True(doctor.GetProperty("verifiedProfessional").GetBoolean());
        Assert.Equal("Endocrinologist", doctor.GetProperty("profession").GetString());

        var feed = (await Api.DataAsync("{ feed(first: 100) { nodes { tags likeCount commentCount } } }")).GetProperty("feed");
        Assert.Equal(8, Nodes(feed).Count());
        Assert.All(Nodes(feed), p => Assert.NotEmpty(p.GetProperty("tags").EnumerateArray()));
        Assert.Contains(Nodes(feed), p => p.GetProperty("likeCount").GetInt32() > 0);
        Assert.Equal(4, Nodes(feed).Count(p => p.GetProperty("commentCount").GetInt32() > 0)); // every other post
    }

    [Fact]
    public async Task Every_region_has_upcoming_meetups_one_full_one_cancelled_and_one_that_members_left()
    {
        const string Meetups = """
            query($region: String) { meetups(region: $region, includeCancelled: true, first: 100) {
              nodes { title startsAt capacity participantCount seatsLeft cancelled cancelReason } } }
            """;
        var all = new List<JsonElement>();
        foreach (var region in HandlesByRegion.Keys)
        {
            var meetups = Nodes((await Api.DataAsync(Meetups, new { region })).GetProperty("meetups")).ToList();
            Assert.True(meetups.Count(m => !m.GetProperty("cancelled").GetBoolean()) >= 3, $"{region}: fewer than 3 upcoming meetups");
            all.AddRange(meetups);
        }
        Assert.All(all, m => Assert.True(m.GetProperty("startsAt").GetDateTimeOffset() > DateTimeOffset.UtcNow));
        var full = Assert.Single(all, m => m.GetProperty("title").GetString() == "Gentle stretching for stiff knees");
        Assert.Equal((4, 4, 0), (full.GetProperty("capacity").GetInt32(), full.GetProperty("participantCount").GetInt32(), full.GetProperty("seatsLeft").GetInt32()));
        var cancelled = Assert.Single(all, m => m.GetProperty("cancelled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(cancelled.GetProperty("cancelReason").GetString()));
        // The doctor's tea: the host and three joined, two of them left.
        var left = Assert.Single(all, m => m.GetProperty("title").GetString() == "Ask a doctor: glucose readings over tea");
        Assert.Equal(2, left.GetProperty("participantCount").GetInt32());
    }

    [Fact]
    public async Task Open_polls_have_votes_from_their_region_with_a_changed_vote_and_one_poll_was_closed_early()
    {
        const string Polls = "query($status: PollStatus) { polls(status: $status, first: 100) { nodes { region question totalVotes closed options { votes } } } }";
        var open = Nodes((await Api.DataAsync(Polls, new { status = "OPEN" })).GetProperty("polls")).ToList();
        Assert.Equal(HandlesByRegion.Keys.Order(), open.Select(p => p.GetProperty("region").GetString()!).Order());
        Assert.All(open, p => Assert.True(p.GetProperty("totalVotes").GetInt32() > 0));
        // Minji's poll: Saturday 2 (minji, junho), Thursday 1 (dr_choi), Tuesday 1 (soyeon), until soyeon changed to Saturday.
        var riverWalk = Assert.Single(open, p => p.GetProperty("question").GetString() == "Which day suits the river walk best?");
        Assert.Equal([0, 1, 3], riverWalk.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));

        var closed = Assert.Single(Nodes((await Api.DataAsync(Polls, new { status = "CLOSED" })).GetProperty("polls")));
        Assert.True(closed.GetProperty("closed").GetBoolean());
        Assert.Equal([3, 0, 1], closed.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
    }

    [Fact]
    public async Task The_printed_demo_account_signs_in_and_finds_its_inbox_with_unread_and_read_conversations()
    {
        var signIn = await Api.DataAsync("mutation { signIn(email: \"minji@demo.es\", password: \"walk-together-2026\") { accessToken } }");
        var token = signIn.GetProperty("signIn").GetProperty("accessToken").GetString();
        var data = await Api.DataAsync("""
            { me { handle } inbox(first: 100) { nodes { with { handle } unreadCount messages { nodes { body } } } }
              polls(region: "Seoul Mapo") { nodes { question myVote } } }
            """, token: token);
        Assert.Equal("minji", data.GetProperty("me").GetProperty("handle").GetString());
        var inbox = Nodes(data.GetProperty("inbox")).ToDictionary(c => c.GetProperty("with").GetProperty("handle").GetString()!);
        Assert.Equal(["dr_choi", "junho", "taeyang"], inbox.Keys.Order());
        Assert.All(inbox.Values, c => Assert.True(c.GetProperty("messages").GetProperty("nodes").GetArrayLength() >= 2));
        // dr_choi's last two and both of taeyang's wait for her; she has read junho's.
        Assert.Equal(2, inbox["dr_choi"].GetProperty("unreadCount").GetInt32());
        Assert.Equal(2, inbox["taeyang"].GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, inbox["junho"].GetProperty("unreadCount").GetInt32());
        var myPoll = Assert.Single(Nodes(data.GetProperty("polls")), p => p.GetProperty("question").GetString() == "Which day suits the river walk best?");
        Assert.Equal(2, myPoll.GetProperty("myVote").GetInt32());
    }

    [Fact]
    public async Task Seeding_a_database_that_has_the_demo_data_adds_nothing()
    {
        var events = await demo.CountAsync("mt_events");
        var accounts = await demo.CountAsync("accounts");
        Assert.True(events > 0);

        var wrote = await Api.Host.Services.GetRequiredService<DemoData>().SeedAsync(CancellationToken.None);

        Assert.False(wrote);
        Assert.Equal(events, await demo.CountAsync("mt_events"));
        Assert.Equal(accounts, await demo.CountAsync("accounts"));
        Assert.Equal(13, accounts);
    }
}
