using System.Text.Json;

namespace Es.Api.Tests.Activity;

/// <summary>
/// A hand-built November 2026 (Seoul time): who was active on at least 3 distinct days (an action,
/// signing up, or a recorded visit), by sign-up month, and what the returning members used.
/// </summary>
public sealed class ReturningMembersTests(ActivityHost api) : IClassFixture<ActivityHost>
{
    private static DateOnly Nov(int day) => new(2026, 11, day);

    private sealed record Community(Dictionary<string, ApiHost.Member> Members, string AdminToken, bool[] Visits);

    private Task<Community> CommunityAsync() => api.CommunityAsync(async () =>
    {
        var m = new Dictionary<string, ApiHost.Member>();
        api.At(new DateOnly(2026, 10, 5), 10);
        foreach (var handle in new[] { "fern", "gil", "hana" }) m[handle] = await api.SignUpAsync(handle);

        api.At(Nov(2), 10);
        var post = await api.PublishAsync(m["fern"]);
        await api.LikeAsync(m["gil"], post);

        api.At(Nov(3), 10);
        foreach (var handle in new[] { "ivy", "jun" }) m[handle] = await api.SignUpAsync(handle);
        var visits = new List<bool> { await api.RecordVisitAsync(m["jun"]) };

        api.At(Nov(4), 10);
        visits.Add(await api.RecordVisitAsync(m["ivy"]));
        api.At(Nov(4), 22);
        visits.Add(await api.RecordVisitAsync(m["ivy"]));

        api.At(Nov(5), 10);
        await api.SendMessageAsync(m["ivy"], await api.StartConversationAsync(m["ivy"], m["fern"]));

        api.At(Nov(10), 10);
        await api.CommentAsync(m["fern"], post);
        var meetup = await api.ScheduleAsync(m["fern"], new DateTimeOffset(2026, 11, 20, 10, 0, 0, ActivityHost.Seoul));
        visits.Add(await api.RecordVisitAsync(m["gil"]));

        api.At(Nov(12), 10);
        await api.JoinAsync(m["jun"], meetup);

        api.At(Nov(20), 9);
        visits.Add(await api.RecordVisitAsync(m["fern"]));

        // Signed up after November: not part of it.
        api.At(new DateOnly(2026, 12, 1), 10);
        m["kai"] = await api.SignUpAsync("kai");
        var admin = await api.AdministratorTokenAsync("organiser");

        await api.WaitForActivityAsync();
        return new Community(m, admin, [.. visits]);
    });

    private const string Cohorts = "query($month: String!) { returningMembers(month: $month) { signupMonth members returning share } }";
    private const string Usage = "query($month: String!) { featureUsage(month: $month) { feature returningShare otherShare ratio } }";

    [Fact]
    public async Task The_cohort_table_counts_members_active_on_three_distinct_days_of_the_month()
    {
        var c = await CommunityAsync();
        var rows = ActivityHost.Rows(await api.DataAsync(Cohorts, new { month = "2026-11" }, c.AdminToken), "returningMembers");

        // October cohort: fern (post 2nd, comment and meetup 10th, visit 20th: 3 days) returns; gil (like 2nd,
        // visit 10th: 2 days) and hana (nothing) do not. November: ivy (sign-up 3rd, visit 4th, chat 5th) returns;
        // jun (sign-up and visit 3rd, join 12th: 2 days) does not. Kai signed up in December.
        Assert.Equal(
            [("2026-10", 3, 1, 1.0 / 3), ("2026-11", 2, 1, 1.0 / 2)],
            rows.Select(r => (r.GetProperty("signupMonth").GetString(), r.GetProperty("members").GetInt32(),
                r.GetProperty("returning").GetInt32(), r.GetProperty("share").GetDouble())));
    }

    [Fact]
    public async Task Feature_usage_compares_returning_members_with_the_others()
    {
        var c = await CommunityAsync();
        var rows = ActivityHost.Rows(await api.DataAsync(Usage, new { month = "2026-11" }, c.AdminToken), "featureUsage");

        // Returning: fern, ivy (2). Others signed up by November's end: gil, hana, jun (3).
        const double R = 2, O = 3;
        Assert.Equal(
            [
                ("POST", 1 / R, 0 / O, (double?)null),                 // fern
                ("COMMENT", 1 / R, 0 / O, null),                        // fern
                ("LIKE", 0 / R, 1 / O, 0 / R / (1 / O)),                // gil
                ("MEETUP", 1 / R, 1 / O, 1 / R / (1 / O)),              // fern hosted, jun joined
                ("CHAT", 1 / R, 0 / O, null),                           // ivy
                ("VOTE", 0 / R, 0 / O, null),
            ],
            rows.Select(r => (r.GetProperty("feature").GetString(), r.GetProperty("returningShare").GetDouble(), r.GetProperty("otherShare").GetDouble(),
                r.GetProperty("ratio").ValueKind == JsonValueKind.Null ? (double?)null : r.GetProperty("ratio").GetDouble())));
    }

    [Fact]
    public async Task Only_the_first_visit_of_a_Seoul_day_is_recorded()
    {
        var c = await CommunityAsync();
        // jun 3rd, ivy 4th at 10:00 and again at 22:00, gil 10th, fern 20th.
        Assert.Equal([true, true, false, true, true], c.Visits);
    }

    [Fact]
    public async Task Returning_members_are_for_administrators_only()
    {
        var c = await CommunityAsync();
        foreach (var query in new[] { Cohorts, Usage })
        {
            Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(query, new { month = "2026-11" }, c.Members["fern"].AccessToken))));
            Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(query, new { month = "2026-11" }))));
        }
        Assert.Equal("VALIDATION", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Cohorts, new { month = "November" }, c.AdminToken))));
    }
}
