using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

/// <summary>A comment is edited and deleted by its author only; a deleted comment stays in the stream, marked.</summary>
public class CommentTests
{
    private static readonly Guid PostId = Guid.NewGuid();
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid CommentId = Guid.NewGuid();

    private static readonly PostPublished Published = new(PostId, Ana, "Walking group", "Who joins?", "lisbon-arroios", ["walking"], T0);
    private static readonly CommentAdded BeasComment = new(PostId, CommentId, Bea, "Count me in", T0);
    private static readonly CommentDeleted BeaDeleted = new(PostId, CommentId, Bea, T0.AddHours(2));

    private static T ByAna<T>(T command) where T : Command => command.By(Ana).Knowing(Active(Ana));

    private static T ByBea<T>(T command) where T : Command => command.By(Bea).Knowing(Active(Bea));

    [Fact]
    public void Its_author_edits_a_comment()
    {
        Post.Decider.Given(Published, BeasComment)
            .When(ByBea(new EditComment(PostId, CommentId, "Count me and my sister in")))
            .Then(new CommentEdited(PostId, CommentId, "Count me and my sister in", T0));
    }

    [Fact]
    public void Editing_a_comment_to_the_same_text_records_nothing()
    {
        Post.Decider.Given(Published, BeasComment)
            .When(ByBea(new EditComment(PostId, CommentId, "Count me in")))
            .ThenNothingHappens();
    }

    [Fact]
    public void The_post_author_cannot_edit_someone_elses_comment()
    {
        Post.Decider.Given(Published, BeasComment)
            .When(ByAna(new EditComment(PostId, CommentId, "Not coming")))
            .ThenRejected(RejectionCode.Forbidden, Post.Reasons.NotAuthor, "commentId");
    }

    [Fact]
    public void Only_its_author_deletes_a_comment()
    {
        Post.Decider.Given(Published, BeasComment)
            .When(ByAna(new DeleteComment(PostId, CommentId)))
            .ThenRejected(RejectionCode.Forbidden, Post.Reasons.NotAuthor, "commentId");
        Post.Decider.Given(Published, BeasComment)
            .When(ByBea(new DeleteComment(PostId, CommentId)))
            .Then(new CommentDeleted(PostId, CommentId, Bea, T0));
    }

    [Fact]
    public void Deleting_a_deleted_comment_again_records_nothing_and_editing_it_is_refused()
    {
        Post.Decider.Given(Published, BeasComment, BeaDeleted)
            .When(ByBea(new DeleteComment(PostId, CommentId)))
            .ThenNothingHappens();
        Post.Decider.Given(Published, BeasComment, BeaDeleted)
            .When(ByBea(new EditComment(PostId, CommentId, "back again")))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.CommentDeleted, "commentId");
    }

    [Fact]
    public void A_comment_that_is_not_on_the_post_is_not_found()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new EditComment(PostId, CommentId, "hello?")))
            .ThenRejected(RejectionCode.NotFound, Post.Reasons.CommentNotFound, "commentId");
    }

    [Fact]
    public void The_comments_of_a_deleted_post_are_closed_too()
    {
        Post.Decider.Given(Published, BeasComment, new PostDeleted(PostId, Ana, T0.AddHours(1)))
            .When(ByBea(new EditComment(PostId, CommentId, "still here?")))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Fact]
    public void An_empty_edit_is_a_shape_problem_on_the_body()
    {
        var problems = CommandValidation.Validate(ByBea(new EditComment(PostId, CommentId, "")));
        Assert.Contains(problems, p => p.Field == "body");
    }
}
