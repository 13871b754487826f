using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class PostTests
{
    private static readonly Guid PostId = Guid.NewGuid();
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid CommentId = Guid.NewGuid();

    private static readonly PostPublished Published =
        new(PostId, Ana, "Walking group", "Who joins?", "lisbon-arroios", ["walking"], T0);

    private static readonly PostDeleted Deleted = new(PostId, Ana, T0.AddHours(1));

    private static T ByAna<T>(T command) where T : Command => command.By(Ana).Knowing(Active(Ana));

    private static T ByBea<T>(T command) where T : Command => command.By(Bea).Knowing(Active(Bea));

    [Fact]
    public void Publishing_records_the_post_with_the_actor_as_author()
    {
        Post.Decider.Given()
            .When(ByAna(new PublishPost(PostId, "Walking group", "Who joins?", "lisbon-arroios", ["walking"])))
            .Then(Published);
    }

    [Fact]
    public void Publishing_over_an_existing_post_is_a_conflict()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new PublishPost(PostId, "Mine", "now", "x", [])))
            .ThenRejected(RejectionCode.Conflict, Post.Reasons.AlreadyPublished, "postId");
    }

    [Fact]
    public void Publishing_without_signing_in_is_rejected_as_unauthenticated()
    {
        Post.Decider.Given()
            .When(new PublishPost(PostId, "t", "b", "r", []))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Fact]
    public void A_deactivated_member_cannot_publish()
    {
        Post.Decider.Given()
            .When(new PublishPost(PostId, "t", "b", "r", []).By(Ana).Knowing(Deactivated(Ana)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Someone_who_never_registered_cannot_publish()
    {
        Post.Decider.Given()
            .When(new PublishPost(PostId, "t", "b", "r", []).By(Ana).Knowing(Unregistered(Ana)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.NotRegistered);
    }

    [Fact]
    public void Facts_the_pipeline_did_not_load_count_as_not_registered()
    {
        Post.Decider.Given(Published)
            .When(new LikePost(PostId).By(Bea))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.NotRegistered);
    }

    [Fact]
    public void The_author_can_edit_their_post()
    {
        Post.Decider.Given(Published)
            .When(ByAna(new EditPost(PostId, "Walking group (Sat)", "Who joins?", ["walking", "saturday"])))
            .Then(new PostEdited(PostId, "Walking group (Sat)", "Who joins?", ["walking", "saturday"], T0));
    }

    [Fact]
    public void An_edit_that_changes_nothing_records_nothing()
    {
        Post.Decider.Given(Published)
            .When(ByAna(new EditPost(PostId, "Walking group", "Who joins?", ["walking"])))
            .ThenNothingHappens();
    }

    [Fact]
    public void Only_the_author_can_edit()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new EditPost(PostId, "x", "y", [])))
            .ThenRejected(RejectionCode.Forbidden, Post.Reasons.NotAuthor);
    }

    [Fact]
    public void Editing_a_post_that_does_not_exist_is_rejected_as_not_found()
    {
        Post.Decider.Given()
            .When(ByAna(new EditPost(PostId, "x", "y", [])))
            .ThenRejected(RejectionCode.NotFound, Post.Reasons.NotFound, "postId");
    }

    [Fact]
    public void A_deleted_post_takes_no_edits()
    {
        Post.Decider.Given(Published, Deleted)
            .When(ByAna(new EditPost(PostId, "x", "y", [])))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Fact]
    public void The_author_can_delete_their_post()
    {
        Post.Decider.Given(Published)
            .When(ByAna(new DeletePost(PostId)).At(T0.AddHours(1)))
            .Then(Deleted);
    }

    [Fact]
    public void Only_the_author_can_delete()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new DeletePost(PostId)))
            .ThenRejected(RejectionCode.Forbidden, Post.Reasons.NotAuthor);
    }

    [Fact]
    public void Deleting_a_deleted_post_records_nothing()
    {
        Post.Decider.Given(Published, Deleted)
            .When(ByAna(new DeletePost(PostId)))
            .ThenNothingHappens();
    }

    [Fact]
    public void Any_member_can_comment()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new AddComment(PostId, CommentId, "Count me in")))
            .Then(new CommentAdded(PostId, CommentId, Bea, "Count me in", T0));
    }

    [Fact]
    public void A_comment_id_is_used_once()
    {
        Post.Decider.Given(Published, new CommentAdded(PostId, CommentId, Bea, "Count me in", T0))
            .When(ByAna(new AddComment(PostId, CommentId, "Me too")))
            .ThenRejected(RejectionCode.Conflict, Post.Reasons.CommentIdTaken, "commentId");
    }

    [Fact]
    public void The_same_comment_resent_is_a_no_op()
    {
        Post.Decider.Given(Published, new CommentAdded(PostId, CommentId, Bea, "Count me in", T0))
            .When(ByBea(new AddComment(PostId, CommentId, "Count me in")))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_deleted_post_takes_no_comments()
    {
        Post.Decider.Given(Published, Deleted)
            .When(ByBea(new AddComment(PostId, CommentId, "hello?")))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Fact]
    public void Commenting_on_a_missing_post_is_rejected_as_not_found()
    {
        Post.Decider.Given()
            .When(ByBea(new AddComment(PostId, CommentId, "hello?")))
            .ThenRejected(RejectionCode.NotFound, Post.Reasons.NotFound);
    }

    [Fact]
    public void Liking_a_post_records_the_like()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new LikePost(PostId)))
            .Then(new PostLiked(PostId, Bea, T0));
    }

    [Fact]
    public void Liking_twice_is_a_no_op_not_a_second_event()
    {
        Post.Decider.Given(Published, new PostLiked(PostId, Bea, T0))
            .When(ByBea(new LikePost(PostId)))
            .ThenNothingHappens();
    }

    [Fact]
    public void Nobody_likes_a_deleted_post()
    {
        Post.Decider.Given(Published, Deleted)
            .When(ByBea(new LikePost(PostId)))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Fact]
    public void Liking_a_missing_post_is_rejected_as_not_found()
    {
        Post.Decider.Given()
            .When(ByBea(new LikePost(PostId)))
            .ThenRejected(RejectionCode.NotFound, Post.Reasons.NotFound);
    }

    [Fact]
    public void A_deactivated_member_cannot_like()
    {
        Post.Decider.Given(Published)
            .When(new LikePost(PostId).By(Bea).Knowing(Deactivated(Bea)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Unliking_a_liked_post_records_the_unlike()
    {
        Post.Decider.Given(Published, new PostLiked(PostId, Bea, T0))
            .When(ByBea(new UnlikePost(PostId)))
            .Then(new PostUnliked(PostId, Bea, T0));
    }

    [Fact]
    public void Unliking_a_post_you_do_not_like_records_nothing()
    {
        Post.Decider.Given(Published, new PostLiked(PostId, Ana, T0))
            .When(ByBea(new UnlikePost(PostId)))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_deleted_post_takes_no_unlikes_either()
    {
        Post.Decider.Given(Published, new PostLiked(PostId, Bea, T0), Deleted)
            .When(ByBea(new UnlikePost(PostId)))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    public void Any_sequence_of_likes_and_unlikes_leaves_the_count_equal_to_the_set_of_likers(int seed)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var likers = new HashSet<Guid>();
        var state = Post.Decider.Fold([Published]);
        var appended = 0;
        var countFromEvents = 0; // what a projection that only counts events would show

        for (var step = 0; step < 500; step++)
        {
            var member = members[random.Next(members.Length)];
            PostCommand command = random.Next(2) == 0 ? new LikePost(PostId) : new UnlikePost(PostId);
            var decision = Post.Decider.Decide(command.By(member, T0.AddSeconds(step)).Knowing(Active(member)), state);

            Assert.False(decision.IsRejected);
            Assert.True(decision.Events.Count <= 1, "one command, at most one event");
            state = decision.Events.Aggregate(state, Post.Decider.Evolve);
            appended += decision.Events.Count;
            countFromEvents += decision.Events.Sum(e => e switch { PostLiked => 1, PostUnliked => -1, _ => 0 });
            if (command is LikePost) likers.Add(member); else likers.Remove(member);

            Assert.Equal(likers.Count, state.LikeCount);
            Assert.Equal(likers.Count, countFromEvents);
            Assert.True(likers.SetEquals(state.Likers));
        }

        Assert.True(appended < 500, "repeated likes and unlikes of the same member append nothing");
    }
}
