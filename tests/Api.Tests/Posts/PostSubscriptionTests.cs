namespace Es.Api.Tests.Posts;

/// <summary>A region's new posts arrive on a subscription, with their author, and only that region's.</summary>
public sealed class PostSubscriptionTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Publish = "mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }";

    [Fact]
    public async Task A_subscriber_to_a_region_gets_each_new_post_there_with_its_author_and_none_from_other_regions()
    {
        var mapo = await api.SignUpAsync("sub_mapo");
        var busan = await api.SignUpAsync("sub_busan", region: "Busan Haeundae");
        var (socket, ack, _) = await GraphQLSocket.ConnectAsync(api); // anonymous: the feed is public
        await using (socket)
        {
            Assert.Equal("connection_ack", ack!.Value.GetProperty("type").GetString());
            var sub = await socket.SubscribeAsync("""subscription { postPublished(region: "Seoul Mapo") { title region author { handle } } }""");
            await Task.Delay(300); // let the subscription register before the posts it should hear

            await api.DataAsync(Publish, new { input = new { title = "Busan news", body = "b", region = "Busan Haeundae", tags = Array.Empty<string>() } }, busan.AccessToken);
            await api.DataAsync(Publish, new { input = new { title = "Mapo news", body = "b", region = "Seoul Mapo", tags = Array.Empty<string>() } }, mapo.AccessToken);

            // The first post heard is Mapo's, though Busan's was published first.
            var heard = (await socket.NextAsync(sub)).GetProperty("data").GetProperty("postPublished");
            Assert.Equal("Mapo news", heard.GetProperty("title").GetString());
            Assert.Equal("Seoul Mapo", heard.GetProperty("region").GetString());
            Assert.Equal("sub_mapo", heard.GetProperty("author").GetProperty("handle").GetString());
        }
    }
}
