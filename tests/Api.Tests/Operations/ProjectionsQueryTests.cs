using Es.Api.Operations;
using Es.Projections;

namespace Es.Api.Tests.Operations;

/// <summary>The projections' state over GraphQL: administrators only, the same builds GET /projections lists.</summary>
public sealed class ProjectionsQueryTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Query = "{ projections { name isCurrent state mode position lagEvents progress generation } }";

    [Fact]
    public async Task Administrators_read_every_projection_with_its_state_lag_and_progress()
    {
        var admin = await api.SignUpWithRoleAsync("ops_admin", "administrator");
        var rows = (await api.DataAsync(Query, token: admin)).GetProperty("projections").EnumerateArray().ToList();
        var names = rows.Select(r => r.GetProperty("name").GetString()!).ToList();
        foreach (var expected in new[] { "feed", "members", "network", "activity", "trends", "regions" }) Assert.Contains(expected, names);
        foreach (var row in rows)
        {
            Assert.Contains(row.GetProperty("state").GetString(), new[] { "RUNNING", "REBUILDING", "PAUSED", "FAILED" });
            var position = row.GetProperty("position").GetDouble();
            var lag = row.GetProperty("lagEvents").GetDouble();
            var expectedProgress = position + lag == 0 ? 1 : position / (position + lag);
            Assert.Equal(expectedProgress, row.GetProperty("progress").GetDouble(), 9);
        }
    }

    [Fact]
    public void Progress_is_the_share_of_the_log_applied()
    {
        static ProjectionStatus At(long position, long lag) => new("x", 1, 1, ProjectionMode.Async, false, ProjectionState.Rebuilding, position,
            lag == 0, position, lag, 0, 0, null, null, null);
        Assert.Equal(0.25, OperationsSchema.Progress(At(25, 75)));
        Assert.Equal(1, OperationsSchema.Progress(At(0, 0)));
        Assert.Equal(0, OperationsSchema.Progress(At(0, 40)));
    }

    [Fact]
    public async Task Members_are_forbidden_and_anonymous_callers_unauthenticated()
    {
        var member = await api.SignUpAsync("ops_member");
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Query, token: member.AccessToken))));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Query))));
    }
}
