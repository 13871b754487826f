using Es.Domain;

namespace Es.Commands.Tests;

public sealed class CommandPipelineTests(PipelineFixture app) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task Fifty_members_joining_a_meetup_of_capacity_ten_at_once_fill_it_exactly_and_the_rest_are_told_it_is_full()
    {
        var host = await app.RegisterAsync();
        var others = await Task.WhenAll(Enumerable.Range(0, 49).Select(_ => app.RegisterAsync()));
        var meetupId = Guid.NewGuid();
        var scheduled = await app.Pipeline.SendAsync(new ScheduleMeetup(meetupId, "Morning run", "lisbon", "Parque Eduardo VII",
            DateTimeOffset.UtcNow.AddDays(3), Capacity: 10), PipelineFixture.As(host));
        Assert.True(scheduled.Succeeded, string.Join("; ", scheduled.Rejections));

        // All 50 members (the host among them) join at once. The host is a participant already,
        // so their join is a no-op; nine seats remain for the other 49.
        var joiners = others.Append(host).OrderBy(_ => Random.Shared.Next()).ToArray();
        var results = await Task.WhenAll(joiners.Select(m => Task.Run(() =>
            app.Pipeline.SendAsync(new JoinMeetup(meetupId), PipelineFixture.As(m)))));

        var joinedNow = results.Where(r => r.Succeeded && r.Events.Count > 0).ToList();
        var full = results.Where(r => !r.Succeeded).ToList();
        Assert.Equal(9, joinedNow.Count);
        Assert.Equal(40, full.Count);
        Assert.All(full, r => Assert.Equal(Meetup.Reasons.Full, Assert.Single(r.Rejections).Reason));
        Assert.Equal(1, results.Count(r => r.Succeeded && r.Events.Count == 0)); // the host

        var stream = await app.Store.ReadStreamAsync(Meetup.StreamId(meetupId));
        var participants = stream.Select(e => e.Data).OfType<MeetupJoined>().Select(j => j.MemberId).ToList();
        Assert.Equal(10, participants.Count);
        Assert.Equal(10, participants.Distinct().Count());
        Assert.Contains(host, participants);
    }

    [Fact]
    public async Task Concurrent_likes_of_one_post_all_land_once_without_spurious_failures()
    {
        var author = await app.RegisterAsync();
        var likers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.RegisterAsync()));
        var postId = Guid.NewGuid();
        Assert.True((await app.Pipeline.SendAsync(new PublishPost(postId, "Knee pain after runs", "Any advice?", "lisbon", ["running"]),
            PipelineFixture.As(author))).Succeeded);

        // Each member likes twice at once: the second like of each is a no-op, not a second event.
        var results = await Task.WhenAll(likers.Concat(likers).Select(m => Task.Run(() =>
            app.Pipeline.SendAsync(new LikePost(postId), PipelineFixture.As(m)))));

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Rejections)));
        var stream = await app.Store.ReadStreamAsync(Post.StreamId(postId));
        var liked = stream.Select(e => e.Data).OfType<PostLiked>().Select(l => l.MemberId).ToList();
        Assert.Equal(likers.Order(), liked.Order());
    }

    [Fact]
    public async Task A_command_that_appends_nothing_reports_the_position_of_the_state_it_was_decided_on()
    {
        var author = await app.RegisterAsync();
        var fan = await app.RegisterAsync();
        var postId = Guid.NewGuid();
        await app.Pipeline.SendAsync(new PublishPost(postId, "Stairs or lift?", "Stairs.", "lisbon", []), PipelineFixture.As(author));
        var liked = await app.Pipeline.SendAsync(new LikePost(postId), PipelineFixture.As(fan));

        var again = await app.Pipeline.SendAsync(new LikePost(postId), PipelineFixture.As(fan));

        Assert.Empty(again.Events);
        var stream = await app.Store.ReadStreamAsync(Post.StreamId(postId));
        Assert.Equal(stream[^1].Sequence, again.LastSequence);
        Assert.Equal(liked.LastSequence, again.LastSequence);
    }

    [Fact]
    public async Task A_command_with_an_idempotency_key_sent_twice_appends_once()
    {
        var author = await app.RegisterAsync();
        var postId = Guid.NewGuid();
        var context = PipelineFixture.As(author) with { IdempotencyKey = "client-mutation-7" };
        var command = new PublishPost(postId, "Stretching", "Ten minutes a day", "lisbon", []);

        var first = await app.Pipeline.SendAsync(command, context);
        var second = await app.Pipeline.SendAsync(command, context);

        Assert.True(first.Succeeded);
        Assert.False(first.AlreadyApplied);
        Assert.True(second.Succeeded);
        Assert.True(second.AlreadyApplied);
        Assert.Single(await app.Store.ReadStreamAsync(Post.StreamId(postId)));
    }

    [Fact]
    public async Task The_actor_correlation_causation_and_source_go_into_every_event_and_the_actor_comes_from_the_context()
    {
        var author = await app.RegisterAsync();
        var postId = Guid.NewGuid();
        var context = new CommandContext(Actor.Member(author), "graphql") { CorrelationId = "corr-1", CausationId = "req-1" };
        // Whatever actor a caller puts on the command itself is overwritten by the context's.
        var command = new PublishPost(postId, "Hello", "First post", "lisbon", []) { Actor = Actor.Member(Guid.NewGuid()) };

        var result = await app.Pipeline.SendAsync(command, context);

        Assert.True(result.Succeeded);
        var e = Assert.Single(await app.Store.ReadStreamAsync(Post.StreamId(postId)));
        Assert.Equal($"member:{author}", e.Metadata.Actor);
        Assert.Equal("corr-1", e.Metadata.CorrelationId);
        Assert.Equal("req-1", e.Metadata.CausationId);
        Assert.Equal("graphql", e.Metadata.Source);
        Assert.Equal(author, ((PostPublished)e.Data).AuthorId);
    }

    [Fact]
    public async Task A_command_of_the_wrong_shape_is_rejected_with_field_errors_and_appends_nothing()
    {
        var author = await app.RegisterAsync();
        var postId = Guid.NewGuid();
        var result = await app.Pipeline.SendAsync(new PublishPost(postId, "", "body", "lisbon", []), PipelineFixture.As(author));

        Assert.False(result.Succeeded);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(RejectionCode.Validation, rejection.Code);
        Assert.Equal("title", rejection.Field);
        Assert.Null(await app.Store.GetStreamAsync(Post.StreamId(postId)));
    }

    [Fact]
    public async Task A_caller_who_is_not_a_registered_member_is_refused()
    {
        var result = await app.Pipeline.SendAsync(new PublishPost(Guid.NewGuid(), "t", "b", "lisbon", []), PipelineFixture.As(Guid.NewGuid()));
        Assert.Equal(RejectionCode.Forbidden, Assert.Single(result.Rejections).Code);
    }

    [Fact]
    public async Task Two_members_registering_one_handle_at_once_leave_it_to_exactly_one()
    {
        var handle = "runner_" + Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        var results = await Task.WhenAll(ids.Select(id => Task.Run(() => app.Pipeline.SendAsync(
            new RegisterMember(id, handle, "Runner", "porto", [], 1985), PipelineFixture.As(id)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(HandleReservation.Reasons.Taken, Assert.Single(r.Rejections).Reason));
    }
}
