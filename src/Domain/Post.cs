using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A post, its comments and its likes, in one stream <c>post-&lt;id&gt;</c>.
/// Likes live here rather than in a stream of their own so that "nobody likes a deleted post"
/// and "liking twice is a no-op" are decided atomically against the post's own version: a like
/// racing a deletion conflicts on append and is re-decided against the deleted post.
/// The cost is a hot stream for a viral post; the pipeline's bounded retry absorbs that.
/// Whether the actor is an active member comes in on the command as <see cref="MemberFacts"/>.
/// </summary>
public static class Post
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;
    public const int MaxTags = 10;
    public const int TagMaxLength = 40;
    /// <summary>Lower-case words joined by dashes, so tags group without case or spacing variants.</summary>
    public const string TagPattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public const int CommentMaxLength = 5_000;
    /// <summary>Images a post shows at most, over all its attachments.</summary>
    public const int MaxImages = 4;

    public static class Reasons
    {
        public const string AlreadyPublished = "POST_ALREADY_EXISTS";
        public const string NotFound = "POST_NOT_FOUND";
        public const string Deleted = "POST_DELETED";
        public const string NotAuthor = "NOT_THE_AUTHOR";
        public const string CommentIdTaken = "COMMENT_ID_TAKEN";
        public const string CommentNotFound = "COMMENT_NOT_FOUND";
        public const string CommentDeleted = "COMMENT_DELETED";
        public const string TooManyImages = "TOO_MANY_IMAGES";
    }

    public static string StreamId(Guid postId) => $"post-{postId}";

    public static readonly PostState Initial = new();

    public static readonly Decider<PostCommand, PostState, PostEvent> Decider =
        new(c => StreamId(c.PostId), Initial, Decide, Evolve);

    public static Decision<PostEvent> Decide(PostCommand command, PostState state)
    {
        if (command.RequireActiveMember(out var me) is { } notAMember)
            return notAMember;
        if (command is PublishPost publish)
            return state.IsPublished
                ? Rejection.Conflict(Reasons.AlreadyPublished, "A post with this id already exists.", "postId")
                : new PostPublished(publish.PostId, me.MemberId, publish.Title, publish.Body, publish.Region, publish.Tags, publish.Now);
        if (!state.IsPublished)
            return Rejection.NotFound(Reasons.NotFound, "No such post.", "postId");
        if (state.IsDeleted)
        {
            // Deleting again states a fact already recorded; everything else is refused.
            return command is DeletePost
                ? Decision<PostEvent>.Unchanged
                : Rejection.InvalidState(Reasons.Deleted, "This post was deleted.", "postId");
        }
        return command switch
        {
            EditPost c => Edit(c, state, me),
            DeletePost c => state.AuthorId != me.MemberId
                ? NotAuthor("delete")
                : new PostDeleted(c.PostId, me.MemberId, c.Now),
            AddComment c => Comment(c, state, me),
            EditComment c => EditComment(c, state, me),
            DeleteComment c => DeleteComment(c, state, me),
            LikePost c => state.Likers.Contains(me.MemberId)
                ? Decision<PostEvent>.Unchanged
                : new PostLiked(c.PostId, me.MemberId, c.Now),
            UnlikePost c => state.Likers.Contains(me.MemberId)
                ? new PostUnliked(c.PostId, me.MemberId, c.Now)
                : Decision<PostEvent>.Unchanged,
            AttachPostImages c => AttachImages(c, state, me),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static PostState Evolve(PostState state, PostEvent @event) => @event switch
    {
        PostPublished e => state with
        {
            IsPublished = true,
            AuthorId = e.AuthorId,
            Title = e.Title,
            Body = e.Body,
            Tags = e.Tags,
        },
        PostEdited e => state with { Title = e.Title, Body = e.Body, Tags = e.Tags },
        PostDeleted => state with { IsDeleted = true },
        CommentAdded e => state with { Comments = state.Comments.Add(e.CommentId, new PostComment(e.AuthorId, e.Body)) },
        CommentEdited e => state with { Comments = state.Comments.SetItem(e.CommentId, state.Comments[e.CommentId] with { Body = e.Body }) },
        CommentDeleted e => state with { Comments = state.Comments.SetItem(e.CommentId, state.Comments[e.CommentId] with { IsDeleted = true }) },
        PostLiked e => state with { Likers = state.Likers.Add(e.MemberId) },
        PostUnliked e => state with { Likers = state.Likers.Remove(e.MemberId) },
        PostImagesAttached e => state with { ImageHashes = [.. state.ImageHashes, .. e.ImageHashes] },
        _ => state,
    };

    private static Decision<PostEvent> Edit(EditPost c, PostState state, MemberFacts me)
    {
        if (state.AuthorId != me.MemberId)
            return NotAuthor("edit");
        if (state.Title == c.Title && state.Body == c.Body && state.Tags.SequenceEqual(c.Tags))
            return Decision<PostEvent>.Unchanged;
        return new PostEdited(c.PostId, c.Title, c.Body, c.Tags, c.Now);
    }

    private static Decision<PostEvent> Comment(AddComment c, PostState state, MemberFacts me)
    {
        if (state.Comments.TryGetValue(c.CommentId, out var existing))
            // The same comment resent by a retrying client is not a conflict.
            return existing == new PostComment(me.MemberId, c.Body)
                ? Decision<PostEvent>.Unchanged
                : Rejection.Conflict(Reasons.CommentIdTaken, "A different comment with this id already exists.", "commentId");
        return new CommentAdded(c.PostId, c.CommentId, me.MemberId, c.Body, c.Now);
    }

    private static Decision<PostEvent> EditComment(EditComment c, PostState state, MemberFacts me)
    {
        if (CommentOf(c.CommentId, state, me, "edit", out var comment) is { } refused)
            return refused;
        if (comment.IsDeleted)
            return Rejection.InvalidState(Reasons.CommentDeleted, "This comment was deleted.", "commentId");
        return comment.Body == c.Body ? Decision<PostEvent>.Unchanged : new CommentEdited(c.PostId, c.CommentId, c.Body, c.Now);
    }

    private static Decision<PostEvent> DeleteComment(DeleteComment c, PostState state, MemberFacts me)
    {
        if (CommentOf(c.CommentId, state, me, "delete", out var comment) is { } refused)
            return refused;
        return comment.IsDeleted ? Decision<PostEvent>.Unchanged : new CommentDeleted(c.PostId, c.CommentId, me.MemberId, c.Now);
    }

    /// <summary>The comment the actor may change: it exists on this post and they wrote it.</summary>
    private static Rejection? CommentOf(Guid commentId, PostState state, MemberFacts me, string verb, out PostComment comment)
    {
        if (!state.Comments.TryGetValue(commentId, out comment!))
            return Rejection.NotFound(Reasons.CommentNotFound, "No such comment on this post.", "commentId");
        return comment.AuthorId != me.MemberId
            ? Rejection.Forbidden(Reasons.NotAuthor, $"Only the author can {verb} this comment.", "commentId")
            : null;
    }

    private static Decision<PostEvent> AttachImages(AttachPostImages c, PostState state, MemberFacts me)
    {
        if (state.AuthorId != me.MemberId)
            return NotAuthor("attach images to");
        // Attaching an image the post shows already is a retry, not a second copy.
        var added = c.ImageHashes.Except(state.ImageHashes).ToList();
        if (added.Count == 0)
            return Decision<PostEvent>.Unchanged;
        if (state.ImageHashes.Count + added.Count > MaxImages)
            return Rejection.Conflict(Reasons.TooManyImages,
                $"A post shows at most {MaxImages} images; this one has {state.ImageHashes.Count}.", "imageHashes");
        return new PostImagesAttached(c.PostId, added, c.Now);
    }

    private static Rejection NotAuthor(string verb) =>
        Rejection.Forbidden(Reasons.NotAuthor, $"Only the author can {verb} this post.", "postId");
}

public sealed record PostState
{
    public bool IsPublished { get; init; }
    public bool IsDeleted { get; init; }
    public Guid AuthorId { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public ImmutableDictionary<Guid, PostComment> Comments { get; init; } = ImmutableDictionary<Guid, PostComment>.Empty;
    public ImmutableHashSet<Guid> Likers { get; init; } = [];
    /// <summary>In the order they were attached: the order the post shows them in.</summary>
    public IReadOnlyList<string> ImageHashes { get; init; } = [];
    public int LikeCount => Likers.Count;
}

public sealed record PostComment(Guid AuthorId, string Body)
{
    public bool IsDeleted { get; init; }
}

public abstract record PostCommand(Guid PostId) : Command;

/// <summary>The author is the acting member; the region is where the post is shown, not necessarily the author's.</summary>
public sealed record PublishPost(Guid PostId, string Title, string Body, string Region, IReadOnlyList<string> Tags) : PostCommand(PostId);

public sealed record EditPost(Guid PostId, string Title, string Body, IReadOnlyList<string> Tags) : PostCommand(PostId);

public sealed record DeletePost(Guid PostId) : PostCommand(PostId);

public sealed record AddComment(Guid PostId, Guid CommentId, string Body) : PostCommand(PostId);

/// <summary>Only the comment's author edits it.</summary>
public sealed record EditComment(Guid PostId, Guid CommentId, string Body) : PostCommand(PostId);

/// <summary>Only the comment's author deletes it; the comment stays in the stream, marked deleted, for audit.</summary>
public sealed record DeleteComment(Guid PostId, Guid CommentId) : PostCommand(PostId);

public sealed record LikePost(Guid PostId) : PostCommand(PostId);

public sealed record UnlikePost(Guid PostId) : PostCommand(PostId);

/// <summary>
/// Adds uploaded images to a post, after those it shows. A new command rather than a field of
/// <see cref="PublishPost"/>: stored PostPublished events keep their shape.
/// </summary>
public sealed record AttachPostImages(Guid PostId, IReadOnlyList<string> ImageHashes) : PostCommand(PostId);

public abstract record PostEvent : DomainEvent;

public sealed record PostPublished(
    Guid PostId, Guid AuthorId, string Title, string Body, string Region,
    IReadOnlyList<string> Tags, DateTimeOffset PublishedAt) : PostEvent;

public sealed record PostEdited(Guid PostId, string Title, string Body, IReadOnlyList<string> Tags, DateTimeOffset EditedAt) : PostEvent;

public sealed record PostDeleted(Guid PostId, Guid DeletedBy, DateTimeOffset DeletedAt) : PostEvent;

public sealed record CommentAdded(Guid PostId, Guid CommentId, Guid AuthorId, string Body, DateTimeOffset AddedAt) : PostEvent;

public sealed record CommentEdited(Guid PostId, Guid CommentId, string Body, DateTimeOffset EditedAt) : PostEvent;

public sealed record CommentDeleted(Guid PostId, Guid CommentId, Guid DeletedBy, DateTimeOffset DeletedAt) : PostEvent;

public sealed record PostLiked(Guid PostId, Guid MemberId, DateTimeOffset LikedAt) : PostEvent;

public sealed record PostUnliked(Guid PostId, Guid MemberId, DateTimeOffset UnlikedAt) : PostEvent;

/// <summary>Only the images new to the post, in the order given.</summary>
public sealed record PostImagesAttached(Guid PostId, IReadOnlyList<string> ImageHashes, DateTimeOffset AttachedAt) : PostEvent;
