using System.Text.Json;
using Es.Api.Accounts;
using Es.Api.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Audit;

/// <summary>
/// Administrators and auditors read the event log through <c>audit</c>: a post's history with who did
/// what, searches, time travel and explain; everyone else is refused without a byte of it.
/// </summary>
public sealed class AuditTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string EventFields = "sequence eventId streamId streamVersion type schemaVersion recordedAt actor correlationId causationId source data";

    private const string Stream = $$"""
        query($id: String!, $first: Int, $after: String) {
          audit { stream(id: $id, first: $first, after: $after) { nodes { {{EventFields}} } pageInfo { hasNextPage endCursor } } }
        }
        """;

    private const string Events = $$"""
        query($actor: String, $correlationId: String, $types: [String!], $streamId: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
          audit {
            events(actor: $actor, correlationId: $correlationId, types: $types, streamId: $streamId, from: $from, to: $to, first: $first, after: $after) {
              edges { cursor node { {{EventFields}} } }
              pageInfo { hasNextPage hasPreviousPage endCursor }
            }
          }
        }
        """;

    private const string Aggregate = """
        query($streamId: String!, $version: Int, $at: DateTime) {
          audit { aggregate(streamId: $streamId, version: $version, at: $at) { streamId aggregate version recordedAt state } }
        }
        """;

    private const string Explain = $$"""
        query($projection: String!, $key: String!) {
          audit { explain(projection: $projection, key: $key) { nodes { {{EventFields}} } pageInfo { hasNextPage } } }
        }
        """;

    /// <summary>A member's story: sign up, publish "Original title", edit it to "Edited title", like it; with instants taken between the steps.</summary>
    private sealed record Story(ApiHost.Member Member, string Handle, string PostId, DateTimeOffset BeforePublish, DateTimeOffset BetweenPublishAndEdit, DateTimeOffset AfterEdit)
    {
        public string Actor => $"member:{Member.Id}";
        public string PostStream => $"post-{PostId}";
    }

    private async Task<Story> TellAsync(string handle)
    {
        var member = await api.SignUpAsync(handle);
        var beforePublish = DateTimeOffset.UtcNow;
        var postId = (await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
                new { input = new { title = "Original title", body = "First words", region = "Seoul Mapo", tags = new[] { "audit" } } }, member.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        var between = DateTimeOffset.UtcNow;
        await api.DataAsync("mutation($id: ID!) { editPost(input: { postId: $id, title: \"Edited title\", body: \"Second words\", tags: [\"audit\"] }) { id } }",
            new { id = postId }, member.AccessToken);
        var afterEdit = DateTimeOffset.UtcNow;
        await api.DataAsync("mutation($id: ID!) { likePost(postId: $id) { likeCount } }", new { id = postId }, member.AccessToken);
        return new Story(member, handle, postId, beforePublish, between, afterEdit);
    }

    /// <summary>Signs up a member, gives them <paramref name="role"/> and signs in again for a token that carries it.</summary>
    private async Task<string> TokenWithRoleAsync(string handle, string role)
    {
        var member = await api.SignUpAsync(handle);
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return (await api.DataAsync($$"""mutation { signIn(email: "{{handle}}@test.es", password: "correct horse battery") { accessToken } }"""))
            .GetProperty("signIn").GetProperty("accessToken").GetString()!;
    }

    private static JsonElement[] Nodes(JsonElement connection) => connection.GetProperty("nodes").EnumerateArray().ToArray();

    private static JsonElement[] EdgeNodes(JsonElement connection) => connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToArray();

    private static string[] Types(IEnumerable<JsonElement> events) => events.Select(e => e.GetProperty("type").GetString()!).ToArray();

    private static long Sequence(JsonElement e) => long.Parse(e.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement> EventsAsync(string token, object variables) =>
        (await api.DataAsync(Events, variables, token)).GetProperty("audit").GetProperty("events");

    [Fact]
    public async Task A_posts_history_lists_each_event_in_version_order_with_the_member_as_actor_its_own_correlation_and_causation_and_source_graphql()
    {
        var story = await TellAsync("audit_historian");
        var admin = await TokenWithRoleAsync("audit_admin_history", EsRoles.Administrator);

        var stream = (await api.DataAsync(Stream, new { id = story.PostStream }, admin)).GetProperty("audit").GetProperty("stream");
        var events = Nodes(stream);

        Assert.Equal(["PostPublished", "PostEdited", "PostLiked"], Types(events));
        Assert.Equal([1, 2, 3], events.Select(e => e.GetProperty("streamVersion").GetInt32()));
        Assert.All(events, e =>
        {
            Assert.Equal(story.PostStream, e.GetProperty("streamId").GetString());
            Assert.Equal(story.Actor, e.GetProperty("actor").GetString());
            Assert.Equal("graphql", e.GetProperty("source").GetString());
            Assert.Equal(1, e.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(story.PostId, e.GetProperty("data").GetProperty("postId").GetString());
            var recordedAt = e.GetProperty("recordedAt").GetDateTimeOffset();
            Assert.InRange(recordedAt, story.BeforePublish, DateTimeOffset.UtcNow);
        });
        // Three mutations, three requests: each event is its own user action and has its own cause.
        Assert.Equal(3, events.Select(e => e.GetProperty("correlationId").GetString()).Where(c => !string.IsNullOrEmpty(c)).Distinct().Count());
        Assert.Equal(3, events.Select(e => e.GetProperty("causationId").GetString()).Where(c => !string.IsNullOrEmpty(c)).Distinct().Count());
        Assert.Equal(3, events.Select(e => Guid.Parse(e.GetProperty("eventId").GetString()!)).Distinct().Count());
        var sequences = events.Select(Sequence).ToArray();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(3, sequences.Distinct().Count());

        Assert.Equal("Original title", events[0].GetProperty("data").GetProperty("title").GetString());
        Assert.Equal("Edited title", events[1].GetProperty("data").GetProperty("title").GetString());
        Assert.Equal(story.Member.Id, events[2].GetProperty("data").GetProperty("memberId").GetString());
        Assert.False(stream.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        // Paged by version: two events, then the one after them.
        var first = (await api.DataAsync(Stream, new { id = story.PostStream, first = 2 }, admin)).GetProperty("audit").GetProperty("stream");
        Assert.Equal([1, 2], Nodes(first).Select(e => e.GetProperty("streamVersion").GetInt32()));
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var rest = (await api.DataAsync(Stream, new { id = story.PostStream, first = 2, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() }, admin))
            .GetProperty("audit").GetProperty("stream");
        Assert.Equal([3], Nodes(rest).Select(e => e.GetProperty("streamVersion").GetInt32()));
        Assert.False(rest.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
    }

    [Fact]
    public async Task Events_by_actor_come_in_log_order_over_keyset_pages_that_neither_repeat_nor_skip_while_others_write()
    {
        var story = await TellAsync("audit_pager");
        var bystander = await api.SignUpAsync("audit_bystander");
        var admin = await TokenWithRoleAsync("audit_admin_pager", EsRoles.Administrator);
        // Sign-up reserves the handle then registers the member; then the post's three events.
        string[] expected = ["HandleReserved", "MemberRegistered", "PostPublished", "PostEdited", "PostLiked"];

        var page1 = await EventsAsync(admin, new { actor = story.Actor, first = 3 });
        Assert.Equal(expected[..3], Types(EdgeNodes(page1)));
        Assert.True(page1.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.False(page1.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());

        // Someone else writes between the pages: nothing of theirs, and nothing twice, on the next page.
        await api.DataAsync("mutation($id: ID!) { likePost(postId: $id) { likeCount } }", new { id = story.PostId }, bystander.AccessToken);

        var page2 = await EventsAsync(admin, new { actor = story.Actor, first = 3, after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        Assert.Equal(expected[3..], Types(EdgeNodes(page2)));
        Assert.False(page2.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.True(page2.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());

        var all = EdgeNodes(page1).Concat(EdgeNodes(page2)).ToArray();
        Assert.All(all, e => Assert.Equal(story.Actor, e.GetProperty("actor").GetString()));
        var sequences = all.Select(Sequence).ToArray();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(5, sequences.Distinct().Count());
        Assert.Equal([$"handle-{story.Handle}", $"member-{story.Member.Id}"], all[..2].Select(e => e.GetProperty("streamId").GetString()));

        // The sign-up is one action over two streams: its correlation id finds exactly its two events.
        var signUp = all[1].GetProperty("correlationId").GetString();
        var correlated = await EventsAsync(admin, new { correlationId = signUp });
        Assert.Equal(["HandleReserved", "MemberRegistered"], Types(EdgeNodes(correlated)));

        // A stream history's cursor counts versions, not log positions: this list refuses it.
        var streamCursor = (await api.DataAsync(Stream, new { id = story.PostStream, first = 1 }, admin))
            .GetProperty("audit").GetProperty("stream").GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var misused = await api.GraphQLAsync(Events, new { actor = story.Actor, after = streamCursor }, admin);
        var error = ApiHost.SingleError(misused);
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal("BAD_CURSOR", error.GetProperty("extensions").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Events_by_type_and_time_range_hold_only_what_was_recorded_of_those_types_in_that_range()
    {
        var story = await TellAsync("audit_clock");
        var admin = await TokenWithRoleAsync("audit_admin_clock", EsRoles.Administrator);
        string[] postTypes = ["PostPublished", "PostEdited", "PostLiked"];

        var window = await EventsAsync(admin, new { actor = story.Actor, types = postTypes, from = story.BeforePublish, to = story.AfterEdit });
        Assert.Equal(["PostPublished", "PostEdited"], Types(EdgeNodes(window)));

        var afterEdit = await EventsAsync(admin, new { actor = story.Actor, from = story.AfterEdit });
        Assert.Equal(["PostLiked"], Types(EdgeNodes(afterEdit)));

        var edits = await EventsAsync(admin, new { types = new[] { "PostEdited" }, streamId = story.PostStream });
        var edit = Assert.Single(EdgeNodes(edits));
        Assert.Equal(2, edit.GetProperty("streamVersion").GetInt32());

        var registrations = await EventsAsync(admin, new { actor = story.Actor, types = new[] { "MemberRegistered", "HandleReserved" } });
        Assert.Equal(["HandleReserved", "MemberRegistered"], Types(EdgeNodes(registrations)));

        var unknown = await api.GraphQLAsync(Events, new { types = new[] { "PostPublishd" } }, admin);
        var error = ApiHost.SingleError(unknown);
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal("UNKNOWN_EVENT_TYPE", error.GetProperty("extensions").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_post_as_of_version_1_or_of_an_instant_before_the_edit_has_the_original_title_and_now_the_edited_one_and_the_like()
    {
        var story = await TellAsync("audit_traveller");
        var admin = await TokenWithRoleAsync("audit_admin_travel", EsRoles.Administrator);

        async Task<JsonElement> AggregateAsync(object variables) =>
            (await api.DataAsync(Aggregate, variables, admin)).GetProperty("audit").GetProperty("aggregate");

        var original = await AggregateAsync(new { streamId = story.PostStream, version = 1 });
        Assert.Equal("Post", original.GetProperty("aggregate").GetString());
        Assert.Equal(story.PostStream, original.GetProperty("streamId").GetString());
        Assert.Equal(1, original.GetProperty("version").GetInt32());
        Assert.Equal("Original title", original.GetProperty("state").GetProperty("title").GetString());
        Assert.Equal("First words", original.GetProperty("state").GetProperty("body").GetString());
        Assert.Empty(original.GetProperty("state").GetProperty("likers").EnumerateArray());

        var beforeEdit = await AggregateAsync(new { streamId = story.PostStream, at = story.BetweenPublishAndEdit });
        Assert.Equal(1, beforeEdit.GetProperty("version").GetInt32());
        Assert.Equal("Original title", beforeEdit.GetProperty("state").GetProperty("title").GetString());

        var now = await AggregateAsync(new { streamId = story.PostStream });
        Assert.Equal(3, now.GetProperty("version").GetInt32());
        Assert.Equal("Edited title", now.GetProperty("state").GetProperty("title").GetString());
        Assert.Equal([story.Member.Id], now.GetProperty("state").GetProperty("likers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(story.Member.Id, now.GetProperty("state").GetProperty("authorId").GetString());

        var member = await AggregateAsync(new { streamId = $"member-{story.Member.Id}" });
        Assert.Equal("Member", member.GetProperty("aggregate").GetString());
        Assert.Equal(story.Handle, member.GetProperty("state").GetProperty("handle").GetString());

        var beforeTheStream = await AggregateAsync(new { streamId = story.PostStream, at = story.BeforePublish });
        Assert.Equal(JsonValueKind.Null, beforeTheStream.ValueKind);
        var noSuchPost = await AggregateAsync(new { streamId = $"post-{Guid.NewGuid()}" });
        Assert.Equal(JsonValueKind.Null, noSuchPost.ValueKind);
    }

    [Fact]
    public async Task Explain_of_a_posts_feed_row_lists_exactly_the_events_of_that_post()
    {
        var story = await TellAsync("audit_explainer");
        var commenter = await api.SignUpAsync("audit_commenter");
        await api.DataAsync("mutation($id: ID!) { addComment(postId: $id, body: \"Well said\") { body } }", new { id = story.PostId }, commenter.AccessToken);
        // Another post of the same author is another row.
        await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
            new { input = new { title = "Another", body = "b", region = "Seoul Mapo", tags = Array.Empty<string>() } }, story.Member.AccessToken);
        var admin = await TokenWithRoleAsync("audit_admin_explain", EsRoles.Administrator);

        var explained = (await api.DataAsync(Explain, new { projection = "feed", key = story.PostId }, admin)).GetProperty("audit").GetProperty("explain");
        var events = Nodes(explained);
        Assert.Equal(["PostPublished", "PostEdited", "PostLiked", "CommentAdded"], Types(events));
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.GetProperty("streamVersion").GetInt32()));
        Assert.All(events, e => Assert.Equal(story.PostStream, e.GetProperty("streamId").GetString()));
        Assert.Equal([story.Actor, story.Actor, story.Actor, $"member:{commenter.Id}"], events.Select(e => e.GetProperty("actor").GetString()));

        var history = Nodes((await api.DataAsync(Stream, new { id = story.PostStream }, admin)).GetProperty("audit").GetProperty("stream"));
        Assert.Equal(history.Select(Sequence), events.Select(Sequence));

        var unknown = await api.GraphQLAsync(Explain, new { projection = "no_such_projection", key = story.PostId }, admin);
        Assert.Equal("NOT_FOUND", ApiHost.Code(ApiHost.SingleError(unknown)));
    }

    [Fact]
    public async Task A_plain_member_gets_FORBIDDEN_and_an_anonymous_caller_UNAUTHENTICATED_on_the_audit_path_with_no_data()
    {
        var story = await TellAsync("audit_snooper");
        var query = $$"""
            query($id: String!, $key: String!) {
              audit {
                stream(id: $id) { nodes { {{EventFields}} } }
                explain(projection: "feed", key: $key) { nodes { type data } }
                aggregate(streamId: $id) { state }
              }
            }
            """;
        var variables = new { id = story.PostStream, key = story.PostId };

        foreach (var (token, code) in new[] { (story.Member.AccessToken, "FORBIDDEN"), ((string?)null, "UNAUTHENTICATED") })
        {
            var refused = await api.GraphQLAsync(query, variables, token);
            var error = ApiHost.SingleError(refused);
            Assert.Equal(code, ApiHost.Code(error));
            Assert.Equal(["audit"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(JsonValueKind.Null, refused.GetProperty("data").GetProperty("audit").ValueKind);
            var text = refused.GetRawText();
            Assert.DoesNotContain(story.PostId, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Original title", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PostPublished", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task What_the_audit_serves_of_a_member_holds_neither_their_password_nor_their_email()
    {
        var member = await api.SignUpAsync("audit_private", password: "a very long secret phrase");
        var admin = await TokenWithRoleAsync("audit_admin_private", EsRoles.Administrator);

        var events = await api.GraphQLAsync(Events, new { actor = $"member:{member.Id}" }, admin);
        var aggregate = await api.GraphQLAsync(Aggregate, new { streamId = $"member-{member.Id}" }, admin);

        Assert.Equal(["HandleReserved", "MemberRegistered"], Types(EdgeNodes(events.GetProperty("data").GetProperty("audit").GetProperty("events"))));
        Assert.Equal("audit_private", aggregate.GetProperty("data").GetProperty("audit").GetProperty("aggregate").GetProperty("state").GetProperty("handle").GetString());
        foreach (var text in new[] { events.GetRawText(), aggregate.GetRawText() })
        {
            Assert.DoesNotContain("secret phrase", text, StringComparison.Ordinal);
            Assert.DoesNotContain("audit_private@test.es", text, StringComparison.Ordinal);
            Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_auditor_reads_the_log_as_an_administrator_does()
    {
        var story = await TellAsync("audit_audited");
        var auditor = await TokenWithRoleAsync("audit_auditor", EsRoles.Auditor);

        var stream = (await api.DataAsync(Stream, new { id = story.PostStream }, auditor)).GetProperty("audit").GetProperty("stream");
        Assert.Equal(["PostPublished", "PostEdited", "PostLiked"], Types(Nodes(stream)));
        var original = (await api.DataAsync(Aggregate, new { streamId = story.PostStream, version = 1 }, auditor)).GetProperty("audit").GetProperty("aggregate");
        Assert.Equal("Original title", original.GetProperty("state").GetProperty("title").GetString());
    }
}
