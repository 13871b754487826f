using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Es.Api.Tests.Pictures;

/// <summary>
/// While version 2 of members and feed is built beside a served version 1, the served views have
/// no photo_hash or image_hashes column: members and posts must still be served, without pictures.
/// </summary>
public sealed class PicturesDuringUpgradeTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Members_and_posts_served_by_a_version_1_build_have_no_pictures_rather_than_an_error()
    {
        var ana = await api.SignUpAsync("upgrade_ana");
        using var image = new Image<Rgba32>(40, 30);
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(jpeg.ToArray()), "file", "a.jpg" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ana.AccessToken);
        using var response = await api.Host.Server.CreateClient().SendAsync(request);
        var upload = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await api.DataAsync("mutation($u: ID) { setProfilePhoto(uploadId: $u) { handle } }", new { u = upload }, ana.AccessToken);
        var post = (await api.DataAsync("""mutation { publishPost(input: { title: "t", body: "b", region: "Seoul Mapo", tags: ["upgrade"] }) { id } }""", token: ana.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        await api.DataAsync("mutation($p: ID!, $u: [ID!]!) { attachPostImages(postId: $p, uploadIds: $u) { id } }", new { p = post, u = new[] { upload } }, ana.AccessToken);

        const string Query = """query { feed(tag: "upgrade") { nodes { images { id } author { photo { id } } } } }""";
        var now = (await api.DataAsync(Query)).GetProperty("feed").GetProperty("nodes")[0];
        Assert.Equal(upload, now.GetProperty("images")[0].GetProperty("id").GetString());
        Assert.Equal(upload, now.GetProperty("author").GetProperty("photo").GetProperty("id").GetString());

        // The views as a version 1 build serves them: the same rows, without the version 2 columns.
        await SqlAsync($"""
            CREATE TABLE {api.Schema}.members_v1_shape AS SELECT * FROM {api.Schema}.members;
            ALTER TABLE {api.Schema}.members_v1_shape DROP COLUMN photo_hash;
            CREATE TABLE {api.Schema}.posts_v1_shape AS SELECT * FROM {api.Schema}.posts;
            ALTER TABLE {api.Schema}.posts_v1_shape DROP COLUMN image_hashes;
            DROP VIEW {api.Schema}.members; CREATE VIEW {api.Schema}.members AS SELECT * FROM {api.Schema}.members_v1_shape;
            DROP VIEW {api.Schema}.posts; CREATE VIEW {api.Schema}.posts AS SELECT * FROM {api.Schema}.posts_v1_shape;
            """);

        var during = (await api.DataAsync(Query)).GetProperty("feed").GetProperty("nodes")[0];
        Assert.Equal(0, during.GetProperty("images").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, during.GetProperty("author").GetProperty("photo").ValueKind);
    }

    private static async Task SqlAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
