namespace Es.Api.Tests.Activity;

/// <summary>
/// A deactivated member keeps their history in the daily table but is no longer ranked nor counted:
/// a hand-built week (Monday 2026-11-02, Seoul time) in which the best scorer deactivates themselves.
/// Post 5 points each (docs/analytics.md).
/// </summary>
public sealed class DeactivatedMembersActivityTests(ActivityHost api) : IClassFixture<ActivityHost>
{
    private static DateOnly Nov(int day) => new(2026, 11, day);

    private sealed record Community(Dictionary<string, ApiHost.Member> Members, string AdminToken);

    private Task<Community> CommunityAsync() => api.CommunityAsync(async () =>
    {
        var m = new Dictionary<string, ApiHost.Member>();
        api.At(new DateOnly(2026, 10, 5), 10);
        foreach (var handle in new[] { "ana", "bora", "chul" }) m[handle] = await api.SignUpAsync(handle);

        // Ana posts on three days (15 points, returning); Bora once (5); Chul on three days, twice on the
        // first (20 points, returning), and chats with Bora, then leaves.
        api.At(Nov(2), 10);
        await api.PublishAsync(m["ana"]);
        await api.PublishAsync(m["bora"]);
        for (var i = 0; i < 2; i++) await api.PublishAsync(m["chul"]);
        api.At(Nov(3), 10);
        await api.PublishAsync(m["ana"]);
        await api.PublishAsync(m["chul"]);
        api.At(Nov(4), 10);
        await api.PublishAsync(m["ana"]);
        await api.PublishAsync(m["chul"]);
        await api.SendMessageAsync(m["chul"], await api.StartConversationAsync(m["chul"], m["bora"]));

        api.At(Nov(5), 10);
        await api.DataAsync("mutation { deactivateMember(reason: \"Moving away\") { deactivated } }", token: m["chul"].AccessToken);

        api.At(new DateOnly(2026, 12, 1), 10);
        var admin = await api.AdministratorTokenAsync("organiser");
        await api.WaitForActivityAsync();
        return new Community(m, admin);
    });

    [Fact]
    public async Task A_deactivated_member_is_not_ranked_in_member_of_the_week()
    {
        await CommunityAsync();
        const string Query = "query($region: String) { membersOfTheWeek(week: \"2026-W45\", region: $region) { rank score member { handle } } }";

        foreach (var region in new[] { null, "Seoul Mapo" })
        {
            var ranking = ActivityHost.Rows(await api.DataAsync(Query, new { region }), "membersOfTheWeek");
            Assert.Equal([("ana", 1, 3 * 5.0), ("bora", 2, 1 * 5.0)], ranking.Select(e =>
                (e.GetProperty("member").GetProperty("handle").GetString(), e.GetProperty("rank").GetInt32(), e.GetProperty("score").GetDouble())));
        }
    }

    [Fact]
    public async Task A_deactivated_member_leaves_the_cohorts_and_feature_usage()
    {
        var c = await CommunityAsync();

        // October cohort without Chul: Ana (3 days) returns, Bora (1 day) does not.
        var cohorts = ActivityHost.Rows(await api.DataAsync(
            "query { returningMembers(month: \"2026-11\") { signupMonth members returning share } }", token: c.AdminToken), "returningMembers");
        Assert.Equal([("2026-10", 2, 1, 1.0 / 2)], cohorts.Select(r => (r.GetProperty("signupMonth").GetString(),
            r.GetProperty("members").GetInt32(), r.GetProperty("returning").GetInt32(), r.GetProperty("share").GetDouble())));

        // Only Chul chatted: with Chul gone, no member left in the figures used chat.
        var usage = ActivityHost.Rows(await api.DataAsync(
            "query { featureUsage(month: \"2026-11\") { feature returningShare otherShare ratio } }", token: c.AdminToken), "featureUsage");
        var chat = usage.Single(u => u.GetProperty("feature").GetString() == "CHAT");
        Assert.Equal((0.0, 0.0), (chat.GetProperty("returningShare").GetDouble(), chat.GetProperty("otherShare").GetDouble()));
        var post = usage.Single(u => u.GetProperty("feature").GetString() == "POST");
        Assert.Equal((1.0, 1.0, 1.0), (post.GetProperty("returningShare").GetDouble(), post.GetProperty("otherShare").GetDouble(), post.GetProperty("ratio").GetDouble()));
    }
}
