using System.Globalization;
using System.Text.Json;
using Es.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests.Activity;

/// <summary>
/// A hand-built week (ISO week of Monday 2026-11-02, Seoul time) and the ranking it must give. The
/// scoring table (docs/analytics.md) is restated here as numbers: post 5 (cap 10), comment 2 (20),
/// like given 1 (30), like received 1 (50), meetup hosted 8 (3), meetup joined 4 (5), message 0.5 (40).
/// </summary>
public sealed class MemberOfTheWeekTests(ActivityHost api) : IClassFixture<ActivityHost>
{
    private static readonly DateOnly Sunday = new(2026, 11, 1), Monday = new(2026, 11, 2), Tuesday = new(2026, 11, 3),
        Wednesday = new(2026, 11, 4), Thursday = new(2026, 11, 5), Friday = new(2026, 11, 6), NextMonday = new(2026, 11, 9);

    private static readonly string Week = IsoWeek(Monday), NextWeek = IsoWeek(NextMonday);

    private static string IsoWeek(DateOnly day) =>
        $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}";

    private sealed record Community(Dictionary<string, ApiHost.Member> Members);

    private const string Query = """
        query($week: String, $region: String, $first: Int) {
          membersOfTheWeek(week: $week, region: $region, first: $first) {
            rank score activeDays member { handle } breakdown { kind count counted cap weight points }
          }
        }
        """;

    private Task<Community> CommunityAsync() => api.CommunityAsync(async () =>
    {
        var m = new Dictionary<string, ApiHost.Member>();
        api.At(Sunday, 10);
        foreach (var (handle, region) in new[] { ("ana", "Seoul Mapo"), ("bora", "Seoul Gangnam"), ("chul", "Seoul Mapo"), ("dami", "Seoul Gangnam"), ("eun", "Seoul Mapo") })
            m[handle] = await api.SignUpAsync(handle, region);

        api.At(Monday, 10);
        var p1 = await api.PublishAsync(m["ana"]);
        var p2 = await api.PublishAsync(m["ana"]);
        await api.LikeAsync(m["bora"], p1);
        var chat = await api.StartConversationAsync(m["bora"], m["chul"]);
        for (var i = 0; i < 45; i++) await api.SendMessageAsync(m["bora"], chat);

        api.At(Tuesday, 10);
        var meetup = await api.ScheduleAsync(m["ana"], new DateTimeOffset(2026, 11, 7, 10, 0, 0, ActivityHost.Seoul));
        await api.LikeAsync(m["chul"], p1);
        await api.CommentAsync(m["chul"], p1);
        await api.JoinAsync(m["chul"], meetup);
        await api.JoinAsync(m["dami"], meetup);

        api.At(Wednesday, 10);
        for (var i = 0; i < 3; i++) await api.CommentAsync(m["dami"], p2);
        for (var i = 0; i < 2; i++) await api.PublishAsync(m["eun"]);
        api.At(Thursday, 10);
        for (var i = 0; i < 3; i++) await api.CommentAsync(m["dami"], p2);
        for (var i = 0; i < 2; i++) await api.PublishAsync(m["eun"]);
        api.At(Friday, 10);
        for (var i = 0; i < 2; i++) await api.CommentAsync(m["dami"], p2);

        // 00:30 on Monday in Seoul is still Sunday 15:30 in UTC: it belongs to the next week.
        api.At(NextMonday, 0, 30);
        await api.CommentAsync(m["chul"], p1);
        await api.SendMessageAsync(m["bora"], chat);

        await api.WaitForActivityAsync();
        return new Community(m);
    });

    private async Task<JsonElement[]> RankingAsync(string? week, string? region = null, int first = 10) =>
        ActivityHost.Rows(await api.DataAsync(Query, new { week, region, first }), "membersOfTheWeek");

    private static string Handle(JsonElement e) => e.GetProperty("member").GetProperty("handle").GetString()!;

    private static JsonElement Line(JsonElement e, string kind) =>
        e.GetProperty("breakdown").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task The_week_is_ranked_by_score_with_each_members_breakdown()
    {
        await CommunityAsync();
        var ranking = await RankingAsync(Week);

        Assert.Equal(["bora", "dami", "ana", "eun", "chul"], ranking.Select(Handle));
        Assert.Equal([1, 2, 3, 4, 5], ranking.Select(e => e.GetProperty("rank").GetInt32()));
        var score = ranking.ToDictionary(Handle, e => e.GetProperty("score").GetDouble());
        Assert.Equal(Math.Min(45, 40) * 0.5 + 1 * 1, score["bora"]);
        Assert.Equal(1 * 4 + 8 * 2, score["dami"]);
        Assert.Equal(2 * 5 + 1 * 8 + 2 * 1, score["ana"]);
        Assert.Equal(4 * 5, score["eun"]);
        Assert.Equal(1 * 1 + 1 * 2 + 1 * 4, score["chul"]);

        // Ana hosted: her own join on scheduling is not also a join; her post got two likes.
        var ana = ranking.Single(e => Handle(e) == "ana");
        Assert.Equal((2, 2, 5.0, 10.0), Figures(Line(ana, "POST")));
        Assert.Equal((1, 1, 8.0, 8.0), Figures(Line(ana, "MEETUP_HOSTED")));
        Assert.Equal((0, 0, 4.0, 0.0), Figures(Line(ana, "MEETUP_JOINED")));
        Assert.Equal((2, 2, 1.0, 2.0), Figures(Line(ana, "LIKE_RECEIVED")));
        Assert.Equal(score["ana"], ana.GetProperty("breakdown").EnumerateArray().Sum(l => l.GetProperty("points").GetDouble()));
        Assert.Equal(["POST", "COMMENT", "LIKE_GIVEN", "LIKE_RECEIVED", "MEETUP_HOSTED", "MEETUP_JOINED", "MESSAGE_SENT"],
            ana.GetProperty("breakdown").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_capped_kind_counts_only_up_to_its_weekly_cap()
    {
        await CommunityAsync();
        var bora = (await RankingAsync(Week)).Single(e => Handle(e) == "bora");

        var messages = Line(bora, "MESSAGE_SENT");
        Assert.Equal((45, 40, 0.5, 40 * 0.5), Figures(messages));
        Assert.Equal(40, messages.GetProperty("cap").GetInt32());
    }

    [Fact]
    public async Task Equal_scores_go_to_more_active_days_then_to_the_earlier_first_action()
    {
        await CommunityAsync();
        var ranking = await RankingAsync(Week);
        var tied = ranking.Where(e => e.GetProperty("score").GetDouble() == 20).ToArray();

        // Dami was active Tue-Fri (4 days); Ana (Mon, Tue) and Eun (Wed, Thu) 2 days each, Ana first on Monday.
        Assert.Equal(["dami", "ana", "eun"], tied.Select(Handle));
        Assert.Equal([4, 2, 2], tied.Select(e => e.GetProperty("activeDays").GetInt32()));
    }

    [Fact]
    public async Task A_region_ranks_its_own_members_and_first_limits_the_list()
    {
        await CommunityAsync();
        Assert.Equal(["ana", "eun", "chul"], (await RankingAsync(Week, "Seoul Mapo")).Select(Handle));
        Assert.Equal(["bora", "dami"], (await RankingAsync(Week, "Seoul Gangnam")).Select(Handle));
        Assert.Equal([1, 2], (await RankingAsync(Week, "Seoul Gangnam")).Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(["bora", "dami"], (await RankingAsync(Week, first: 2)).Select(Handle));
    }

    [Fact]
    public async Task Monday_after_midnight_in_Seoul_is_the_next_week_which_is_the_default()
    {
        await CommunityAsync();
        var next = await RankingAsync(null);
        Assert.Equal(["chul", "bora"], next.Select(Handle));
        Assert.Equal([1 * 2, 1 * 0.5], next.Select(e => e.GetProperty("score").GetDouble()));
        Assert.Equal(next.Select(Handle), (await RankingAsync(NextWeek)).Select(Handle));
    }

    [Fact]
    public async Task A_week_that_is_not_an_ISO_week_is_a_validation_error()
    {
        var error = ApiHost.SingleError(await api.GraphQLAsync(Query, new { week = "2026-49" }));
        Assert.Equal("VALIDATION", ApiHost.Code(error));
    }

    [Fact]
    public async Task A_rebuild_of_the_activity_projection_equals_the_live_build()
    {
        await CommunityAsync();
        var catalog = api.Host.Services.GetRequiredService<ProjectionCatalog>();
        var before = await TablesAsync(catalog);
        var ranking = (await RankingAsync(Week)).Select(e => e.ToString()).ToArray();

        var generation = await catalog.RebuildAsync("activity");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!((await catalog.GetStatusAsync("activity")) is [{ IsCurrent: true } current] && current.Generation == generation))
        {
            Assert.True(DateTime.UtcNow < deadline, "the rebuild was not swapped in");
            await Task.Delay(100);
        }

        Assert.Equal(before, await TablesAsync(catalog));
        Assert.Equal(ranking, (await RankingAsync(Week)).Select(e => e.ToString()).ToArray());
    }

    private static (int Count, int Counted, double Weight, double Points) Figures(JsonElement line) =>
        (line.GetProperty("count").GetInt32(), line.GetProperty("counted").GetInt32(), line.GetProperty("weight").GetDouble(), line.GetProperty("points").GetDouble());

    private async Task<string[]> TablesAsync(ProjectionCatalog catalog)
    {
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        var rows = new List<string>();
        foreach (var table in new[] { "activity_daily", "activity_members", "activity_post_authors", "activity_meetup_hosts" })
        {
            await using var cmd = dataSource.CreateCommand($"SELECT t::text FROM {catalog.ViewName(table)} t ORDER BY 1");
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add($"{table} {r.GetString(0)}");
        }
        Assert.NotEmpty(rows);
        return [.. rows];
    }
}
