using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

/// <summary>Profile photos and post images: the domain sees only image hashes, never uploads.</summary>
public class PictureTests
{
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid PostId = Guid.NewGuid();

    private static readonly string Photo = new('a', 64);
    private static readonly string Photo2 = new('b', 64);
    private static readonly string[] Images = [new('1', 64), new('2', 64), new('3', 64), new('4', 64), new('5', 64)];

    private static readonly MemberRegistered Registered = new(Ana, "Ana_R", "Ana", "lisbon-arroios", [], 1990, T0);
    private static readonly PostPublished Published = new(PostId, Ana, "Walk", "Who joins?", "lisbon-arroios", [], T0);

    private static T ByAna<T>(T command) where T : Command => command.By(Ana, T0.AddHours(1)).Knowing(Active(Ana));

    private static T ByBea<T>(T command) where T : Command => command.By(Bea, T0.AddHours(1)).Knowing(Active(Bea));

    [Fact]
    public void Setting_your_profile_photo_records_it()
    {
        Member.Decider.Given(Registered)
            .When(new SetProfilePhoto(Ana, Photo).By(Ana, T0.AddHours(1)))
            .Then(new ProfilePhotoChanged(Ana, Photo, T0.AddHours(1)));
    }

    [Fact]
    public void Setting_the_photo_you_have_already_records_nothing()
    {
        Member.Decider.Given(Registered, new ProfilePhotoChanged(Ana, Photo, T0))
            .When(new SetProfilePhoto(Ana, Photo).By(Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void Replacing_the_photo_records_the_new_one()
    {
        Member.Decider.Given(Registered, new ProfilePhotoChanged(Ana, Photo, T0))
            .When(new SetProfilePhoto(Ana, Photo2).By(Ana, T0.AddDays(1)))
            .Then(new ProfilePhotoChanged(Ana, Photo2, T0.AddDays(1)));
    }

    [Fact]
    public void Removing_the_photo_records_a_change_to_none()
    {
        Member.Decider.Given(Registered, new ProfilePhotoChanged(Ana, Photo, T0))
            .When(new SetProfilePhoto(Ana, null).By(Ana, T0.AddDays(1)))
            .Then(new ProfilePhotoChanged(Ana, null, T0.AddDays(1)));
    }

    [Fact]
    public void Removing_a_photo_you_never_had_records_nothing()
    {
        Member.Decider.Given(Registered)
            .When(new SetProfilePhoto(Ana, null).By(Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void Setting_someone_elses_photo_is_forbidden()
    {
        Member.Decider.Given(Registered)
            .When(new SetProfilePhoto(Ana, Photo).By(Bea))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf, "memberId");
    }

    [Fact]
    public void Setting_a_photo_without_signing_in_is_rejected_as_unauthenticated()
    {
        Member.Decider.Given(Registered)
            .When(new SetProfilePhoto(Ana, Photo))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Fact]
    public void A_deactivated_member_cannot_set_a_photo()
    {
        Member.Decider.Given(Registered, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new SetProfilePhoto(Ana, Photo).By(Ana))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.Deactivated);
    }

    [Fact]
    public void The_author_attaches_images_to_their_post()
    {
        Post.Decider.Given(Published)
            .When(ByAna(new AttachPostImages(PostId, [Images[0], Images[1]])))
            .Then(new PostImagesAttached(PostId, [Images[0], Images[1]], T0.AddHours(1)));
    }

    [Fact]
    public void Only_the_author_attaches_images()
    {
        Post.Decider.Given(Published)
            .When(ByBea(new AttachPostImages(PostId, [Images[0]])))
            .ThenRejected(RejectionCode.Forbidden, Post.Reasons.NotAuthor, "postId");
    }

    [Fact]
    public void Images_attached_already_are_not_attached_twice()
    {
        // Images[0] is on the post: only Images[1] is new.
        Post.Decider.Given(Published, new PostImagesAttached(PostId, [Images[0]], T0))
            .When(ByAna(new AttachPostImages(PostId, [Images[0], Images[1]])))
            .Then(new PostImagesAttached(PostId, [Images[1]], T0.AddHours(1)));
    }

    [Fact]
    public void Attaching_only_images_the_post_shows_records_nothing()
    {
        Post.Decider.Given(Published, new PostImagesAttached(PostId, [Images[0], Images[1]], T0))
            .When(ByAna(new AttachPostImages(PostId, [Images[1]])))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_post_shows_at_most_four_images_over_all_its_attachments()
    {
        // 3 on the post + 2 new = 5 > 4.
        Post.Decider.Given(Published, new PostImagesAttached(PostId, [Images[0], Images[1], Images[2]], T0))
            .When(ByAna(new AttachPostImages(PostId, [Images[3], Images[4]])))
            .ThenRejected(RejectionCode.Conflict, Post.Reasons.TooManyImages, "imageHashes");
    }

    [Fact]
    public void The_fourth_image_still_fits()
    {
        Post.Decider.Given(Published, new PostImagesAttached(PostId, [Images[0], Images[1], Images[2]], T0))
            .When(ByAna(new AttachPostImages(PostId, [Images[3]])))
            .Then(new PostImagesAttached(PostId, [Images[3]], T0.AddHours(1)));
    }

    [Fact]
    public void A_deleted_post_takes_no_images()
    {
        Post.Decider.Given(Published, new PostDeleted(PostId, Ana, T0))
            .When(ByAna(new AttachPostImages(PostId, [Images[0]])))
            .ThenRejected(RejectionCode.InvalidState, Post.Reasons.Deleted);
    }

    [Fact]
    public void Attaching_to_a_post_that_does_not_exist_is_rejected_as_not_found()
    {
        Post.Decider.Given()
            .When(ByAna(new AttachPostImages(PostId, [Images[0]])))
            .ThenRejected(RejectionCode.NotFound, Post.Reasons.NotFound);
    }

    [Fact]
    public void The_folded_post_lists_its_images_in_attachment_order()
    {
        var state = Post.Decider.Given(Published,
            new PostImagesAttached(PostId, [Images[2]], T0), new PostImagesAttached(PostId, [Images[0], Images[1]], T0)).State;
        Assert.Equal([Images[2], Images[0], Images[1]], state.ImageHashes);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // upper case
    [InlineData("../../etc/passwd")]
    [InlineData("abc")]
    [InlineData("")]
    public void An_image_hash_is_64_lower_case_hex_digits(string malformed)
    {
        Assert.False(ImageHash.IsWellFormed(malformed));
        var rejection = Assert.Single(CommandValidation.Validate(new SetProfilePhoto(Ana, malformed).At(T0)));
        Assert.Equal(("IMAGE_HASH_FORMAT", "photoHash"), (rejection.Reason, rejection.Field));
        Assert.Contains(CommandValidation.Validate(new AttachPostImages(PostId, [malformed]).At(T0)),
            r => r.Reason == "IMAGE_HASH_FORMAT" && r.Field == "imageHashes[0]");
    }

    [Fact]
    public void Well_formed_picture_commands_pass_validation()
    {
        Assert.True(ImageHash.IsWellFormed(Photo));
        Assert.Empty(CommandValidation.Validate(new SetProfilePhoto(Ana, Photo).At(T0)));
        Assert.Empty(CommandValidation.Validate(new SetProfilePhoto(Ana, null).At(T0)));
        Assert.Empty(CommandValidation.Validate(new AttachPostImages(PostId, Images[..4]).At(T0)));
    }

    [Fact]
    public void Attaching_no_images_more_than_four_or_one_twice_is_malformed()
    {
        Assert.Contains(CommandValidation.Validate(new AttachPostImages(PostId, []).At(T0)), r => r.Reason == "COUNT_OUT_OF_RANGE");
        Assert.Contains(CommandValidation.Validate(new AttachPostImages(PostId, Images).At(T0)), r => r.Reason == "COUNT_OUT_OF_RANGE");
        Assert.Contains(CommandValidation.Validate(new AttachPostImages(PostId, [Photo, Photo]).At(T0)), r => r.Reason == "DUPLICATES");
    }

    [Fact]
    public void Picture_events_survive_a_json_round_trip()
    {
        DomainEvent[] samples = [new ProfilePhotoChanged(Ana, null, T0), new ProfilePhotoChanged(Ana, Photo, T0), new PostImagesAttached(PostId, Images, T0)];
        foreach (var e in samples)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(e, e.GetType());
            var back = (DomainEvent)System.Text.Json.JsonSerializer.Deserialize(json, DomainEvents.ByName(DomainEvents.Of(e).Name).ClrType)!;
            Assert.Equal(Scenario.Describe(e), Scenario.Describe(back));
        }
    }
}
