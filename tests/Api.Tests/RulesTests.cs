using System.Text.Json;
using Npgsql;

namespace Es.Api.Tests;

/// <summary>Who may do what, and how bad input is answered: proven from the outside, over HTTP.</summary>
public sealed class RulesTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Publish = "mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }";

    private async Task<string> PublishAsync(ApiHost.Member author, string title = "Mine") =>
        (await api.DataAsync(Publish, new { input = new { title, body = "b", region = "Seoul Mapo", tags = Array.Empty<string>() } }, author.AccessToken))
        .GetProperty("publishPost").GetProperty("id").GetString()!;

    [Fact]
    public async Task Anonymous_callers_read_the_feed_but_every_mutation_answers_UNAUTHENTICATED_with_its_path()
    {
        var feed = await api.GraphQLAsync("{ feed(first: 5) { nodes { id } } me { id } }");
        Assert.False(feed.TryGetProperty("errors", out _));
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("data").GetProperty("me").ValueKind);

        var refused = await api.GraphQLAsync(Publish, new { input = new { title = "t", body = "b", region = "Seoul Mapo", tags = Array.Empty<string>() } });
        var error = ApiHost.SingleError(refused);
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(error));
        Assert.Equal(["publishPost"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("data").GetProperty("publishPost").ValueKind);
    }

    [Fact]
    public async Task A_forged_or_foreign_token_makes_the_caller_anonymous_not_someone_else()
    {
        var member = await api.SignUpAsync("rules_forger");
        var parts = member.AccessToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        var me = await api.GraphQLAsync("{ me { id } }", token: forged);
        Assert.Equal(JsonValueKind.Null, me.GetProperty("data").GetProperty("me").ValueKind);
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_a_post_and_the_refusal_says_FORBIDDEN_with_the_domain_reason()
    {
        var author = await api.SignUpAsync("rules_author");
        var stranger = await api.SignUpAsync("rules_stranger");
        var post = await PublishAsync(author);

        var edit = await api.GraphQLAsync("mutation($id: ID!) { editPost(input: { postId: $id, title: \"Hacked\", body: \"x\", tags: [] }) { title } }", new { id = post }, stranger.AccessToken);
        var editError = ApiHost.SingleError(edit);
        Assert.Equal("FORBIDDEN", ApiHost.Code(editError));
        Assert.Equal("NOT_THE_AUTHOR", editError.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal(["editPost"], editError.GetProperty("path").EnumerateArray().Select(p => p.GetString()));

        var delete = await api.GraphQLAsync("mutation($id: ID!) { deletePost(postId: $id) }", new { id = post }, stranger.AccessToken);
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(delete)));

        var stillThere = await api.DataAsync("query($id: ID!) { post(id: $id) { title } }", new { id = post });
        Assert.Equal("Mine", stillThere.GetProperty("post").GetProperty("title").GetString());

        var edited = await api.DataAsync("mutation($id: ID!) { editPost(input: { postId: $id, title: \"Mine, edited\", body: \"b2\", tags: [] }) { title editedAt } }", new { id = post }, author.AccessToken);
        Assert.Equal("Mine, edited", edited.GetProperty("editPost").GetProperty("title").GetString());
        await api.DataAsync("mutation($id: ID!) { deletePost(postId: $id) }", new { id = post }, author.AccessToken);
        var gone = await api.DataAsync("query($id: ID!) { post(id: $id) { title } }", new { id = post });
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("post").ValueKind);
    }

    [Fact]
    public async Task Bad_input_is_answered_with_VALIDATION_naming_the_field_and_nothing_is_stored()
    {
        var author = await api.SignUpAsync("rules_sloppy");
        var result = await api.GraphQLAsync(Publish, new { input = new { title = "", body = "b", region = "Seoul Mapo", tags = new[] { "Not A Tag" } } }, author.AccessToken);
        var error = ApiHost.SingleError(result);
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        var fields = error.GetProperty("extensions").TryGetProperty("rejections", out var all)
            ? all.EnumerateArray().Select(r => r.GetProperty("field").GetString()).ToArray()
            : [error.GetProperty("extensions").GetProperty("field").GetString()];
        Assert.Contains("title", fields);
        Assert.Contains(fields, f => f!.StartsWith("tags", StringComparison.Ordinal));

        var mine = await api.DataAsync("query($id: ID!) { member(id: $id) { posts { nodes { id } } } }", new { id = author.Id });
        Assert.Empty(mine.GetProperty("member").GetProperty("posts").GetProperty("nodes").EnumerateArray());

        var page = await api.GraphQLAsync("{ feed(first: 1000) { nodes { id } } }");
        Assert.Equal("VALIDATION", ApiHost.Code(ApiHost.SingleError(page)));
        var cursor = await api.GraphQLAsync("{ feed(after: \"not-a-cursor\") { nodes { id } } }");
        Assert.Equal("VALIDATION", ApiHost.Code(ApiHost.SingleError(cursor)));
    }

    [Fact]
    public async Task Liking_a_post_that_does_not_exist_is_NOT_FOUND()
    {
        var member = await api.SignUpAsync("rules_liker");
        var result = await api.GraphQLAsync("mutation($id: ID!) { likePost(postId: $id) { id } }", new { id = Guid.NewGuid() }, member.AccessToken);
        Assert.Equal("NOT_FOUND", ApiHost.Code(ApiHost.SingleError(result)));
    }

    [Fact]
    public async Task The_actor_on_every_event_is_the_signed_in_member_and_no_password_reaches_the_event_log()
    {
        var member = await api.SignUpAsync("rules_actor", password: "a very long secret phrase");
        await PublishAsync(member, "Actor test");
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        await using var cmd = dataSource.CreateCommand($"SELECT type, user_name, data::text FROM {api.Schema}.mt_events WHERE stream_id IN ($1, $2) OR data::text LIKE '%rules_actor%'");
        cmd.Parameters.AddWithValue($"member-{member.Id}");
        cmd.Parameters.AddWithValue("unused");
        var rows = new List<(string Type, string Actor, string Data)>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal($"member:{member.Id}", row.Actor));

        await using var all = dataSource.CreateCommand($"SELECT count(*) FROM {api.Schema}.mt_events WHERE data::text LIKE '%secret phrase%' OR headers::text LIKE '%secret phrase%'");
        Assert.Equal(0L, (long)(await all.ExecuteScalarAsync())!);
        await using var posts = dataSource.CreateCommand($"SELECT user_name FROM {api.Schema}.mt_events WHERE type = 'PostPublished' AND data::text LIKE '%Actor test%'");
        var postActor = (string?)await posts.ExecuteScalarAsync();
        Assert.Equal($"member:{member.Id}", postActor);
    }
}
