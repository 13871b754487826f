namespace Es.Api.Tests.Members;

/// <summary>A member leaves: their sessions stop renewing and they can no longer act; others cannot make them leave.</summary>
public sealed class DeactivationTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Deactivate = "mutation($id: ID) { deactivateMember(memberId: $id, reason: \"Moving away\") { handle deactivated } }";

    [Fact]
    public async Task A_member_deactivates_themselves_and_then_can_neither_post_nor_renew_their_session()
    {
        var member = await api.SignUpAsync("leaving_member");
        var done = (await api.DataAsync(Deactivate, new { id = (string?)null }, member.AccessToken)).GetProperty("deactivateMember");
        Assert.True(done.GetProperty("deactivated").GetBoolean());

        var post = ApiHost.SingleError(await api.GraphQLAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
            new { input = new { title = "Still here?", body = "b", region = "Seoul Mapo", tags = Array.Empty<string>() } }, member.AccessToken));
        Assert.Equal("MEMBER_DEACTIVATED", post.GetProperty("extensions").GetProperty("reason").GetString());
        var refresh = ApiHost.SingleError(await api.GraphQLAsync("mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }", new { t = member.RefreshToken }));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(refresh));
    }

    [Fact]
    public async Task Another_member_cannot_deactivate_someone_else()
    {
        var victim = await api.SignUpAsync("deact_victim");
        var other = await api.SignUpAsync("deact_other");
        var refused = ApiHost.SingleError(await api.GraphQLAsync(Deactivate, new { id = victim.Id }, other.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(refused));
        var still = await api.DataAsync("query($id: ID!) { member(id: $id) { deactivated } }", new { id = victim.Id });
        Assert.False(still.GetProperty("member").GetProperty("deactivated").GetBoolean());
    }
}
