using FluentValidation;

namespace Es.Domain;

public sealed class PublishPostValidator : CommandValidator<PublishPost>
{
    public PublishPostValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.Title).RequiredText(Post.TitleMaxLength);
        RuleFor(c => c.Body).RequiredText(Post.BodyMaxLength);
        RuleFor(c => c.Region).Region();
        RuleFor(c => c.Tags).Tags();
        RuleForEach(c => c.Tags).Tag();
    }
}

public sealed class EditPostValidator : CommandValidator<EditPost>
{
    public EditPostValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.Title).RequiredText(Post.TitleMaxLength);
        RuleFor(c => c.Body).RequiredText(Post.BodyMaxLength);
        RuleFor(c => c.Tags).Tags();
        RuleForEach(c => c.Tags).Tag();
    }
}

public sealed class DeletePostValidator : CommandValidator<DeletePost>
{
    public DeletePostValidator() => RuleFor(c => c.PostId).Id();
}

public sealed class AddCommentValidator : CommandValidator<AddComment>
{
    public AddCommentValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.CommentId).Id();
        RuleFor(c => c.Body).RequiredText(Post.CommentMaxLength);
    }
}

public sealed class EditCommentValidator : CommandValidator<EditComment>
{
    public EditCommentValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.CommentId).Id();
        RuleFor(c => c.Body).RequiredText(Post.CommentMaxLength);
    }
}

public sealed class DeleteCommentValidator : CommandValidator<DeleteComment>
{
    public DeleteCommentValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.CommentId).Id();
    }
}

public sealed class LikePostValidator : CommandValidator<LikePost>
{
    public LikePostValidator() => RuleFor(c => c.PostId).Id();
}

public sealed class UnlikePostValidator : CommandValidator<UnlikePost>
{
    public UnlikePostValidator() => RuleFor(c => c.PostId).Id();
}

public sealed class AttachPostImagesValidator : CommandValidator<AttachPostImages>
{
    public AttachPostImagesValidator()
    {
        RuleFor(c => c.PostId).Id();
        RuleFor(c => c.ImageHashes).NotNull().CountBetween(1, Post.MaxImages).DistinctLabels();
        RuleForEach(c => c.ImageHashes).ImageHash();
    }
}

public static class PostShapeRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> Tags<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.NotNull().CountBetween(0, Post.MaxTags).DistinctLabels();

    public static IRuleBuilderOptions<T, string> Tag<T>(this IRuleBuilder<T, string> rule) =>
        rule.RequiredText(Post.TagMaxLength)
            .Matches(Post.TagPattern).WithErrorCode("TAG_FORMAT")
            .WithMessage("A tag is lower-case letters and digits, words joined by dashes.");
}
