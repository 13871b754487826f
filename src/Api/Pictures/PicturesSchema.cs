using Es.Api.Members;
using Es.Api.Posts;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;
using Microsoft.Extensions.Options;

namespace Es.Api.Pictures;

/// <summary>
/// Image, Member.photo, Post.images, and the mutations that set a photo and attach images. The
/// pictures themselves are uploaded over HTTP (<see cref="PictureEndpoints"/>); a mutation names an
/// upload by its id (the hash) and may name only the caller's own uploads.
/// </summary>
public static class PicturesSchema
{
    public static class Reasons
    {
        public const string UploadNotFound = "UPLOAD_NOT_FOUND";
        public const string NotYourUpload = "NOT_YOUR_UPLOAD";
        public const string ImageHashFormat = "IMAGE_HASH_FORMAT";
    }

    public static void Add(SchemaBuilder builder) => builder
        .Object<ImageView>("Image", o => o
            .Description("An uploaded picture, re-encoded without metadata. Its URLs never change content, so clients may cache them for good.")
            .Field("id", "ID!", i => i.Hash, "The SHA-256 of the stored picture: the upload's id.")
            .Field("url", "String!", f => f
                .Description("The picture, at most 2,560 px on its longest side by default; relative to the API unless Es:Pictures:PublicBaseUrl is set.")
                .Resolve((i, ctx) => PictureEndpoints.ImageUrl(Options(ctx), i.Hash)))
            .Field("thumbnailUrl", "String!", f => f
                .Description("The thumbnail, at most 320 px on its longest side by default.")
                .Resolve((i, ctx) => PictureEndpoints.ThumbnailUrl(Options(ctx), i.Hash)))
            .Field("width", "Int!", i => i.Width)
            .Field("height", "Int!", i => i.Height))
        .Object<MemberView>("Member", o => o
            .Field("photo", "Image", f => f
                .Description("The profile photo; null when the member has none.")
                .ResolveAsync((m, ctx) => ctx.Request.DataLoader<Guid, ImageView>("memberPhotos", ctx.Service<PictureReads>().PhotosAsync).LoadAsync(m.Id))))
        .Object<PostView>("Post", o => o
            .Field("images", "[Image!]!", f => f
                .Description("The pictures the author attached, in the order attached.")
                .ResolveAsync(async (p, ctx) =>
                    await ctx.Request.DataLoader<Guid, ImageView[]>("postImages", ctx.Service<PictureReads>().PostImagesAsync).LoadAsync(p.Id) ?? [])))
        .Mutation(m => m
            .Field("setProfilePhoto", "Member", f => f
                .Description("Sets your profile photo to one of your uploads (POST /uploads); null removes it.")
                .Argument("uploadId", "ID")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var uploadId = ctx.Arguments.GetOrDefault<string?>("uploadId", null);
                    if (uploadId is not null) await RequireOwnUploadsAsync(ctx, me, [uploadId], "uploadId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new SetProfilePhoto(me, uploadId));
                    return (await ctx.Service<MemberReads>().ByIdsAsync([me], ctx.CancellationToken)).GetValueOrDefault(me);
                }))
            .Field("attachPostImages", "Post", f => f
                .Description($"Attaches your uploads to your post, after the images it shows already; a post shows at most {Post.MaxImages}.")
                .Argument("postId", "ID!")
                .Argument("uploadIds", "[ID!]!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var postId = ctx.Arguments.Get<Guid>("postId");
                    var uploadIds = ctx.Arguments.GetList<string>("uploadIds") ?? [];
                    await RequireOwnUploadsAsync(ctx, me, uploadIds, "uploadIds");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new AttachPostImages(postId, uploadIds));
                    return (await ctx.Service<PostReads>().ByIdsAsync([postId], ctx.CancellationToken)).GetValueOrDefault(postId);
                })));

    private static PicturesOptions Options(ResolveFieldContext ctx) => ctx.Service<IOptions<PicturesOptions>>().Value;

    /// <summary>
    /// The check the domain cannot make (it knows no uploads): every id names a picture the caller
    /// uploaded. Unknown ids are NOT_FOUND, someone else's FORBIDDEN, each with the input field.
    /// </summary>
    private static async Task RequireOwnUploadsAsync(ResolveFieldContext ctx, Guid me, IReadOnlyList<string> uploadIds, string argument)
    {
        string Field(int i) => argument == "uploadIds" ? $"uploadIds[{i}]" : argument;
        for (var i = 0; i < uploadIds.Count; i++)
            if (!ImageHash.IsWellFormed(uploadIds[i]))
                throw ApiErrors.Validation(Reasons.ImageHashFormat, "An upload id is the 64 hex digits POST /uploads answered with.", Field(i));
        var ownership = await ctx.Service<UploadStore>().OwnershipAsync(me, uploadIds, ctx.CancellationToken);
        for (var i = 0; i < uploadIds.Count; i++)
        {
            switch (ownership[uploadIds[i]])
            {
                case UploadOwnership.Unknown:
                    throw ApiErrors.NotFound(Reasons.UploadNotFound, "No such upload.", Field(i));
                case UploadOwnership.SomeoneElses:
                    throw ApiErrors.From(Rejection.Forbidden(Reasons.NotYourUpload, "You can only use pictures you uploaded yourself.", Field(i)));
            }
        }
    }
}
