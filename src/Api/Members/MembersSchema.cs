using Es.Api.Posts;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;

namespace Es.Api.Members;

/// <summary>Member, me, member(...), and the profile and verification mutations.</summary>
public static class MembersSchema
{
    /// <summary>One batched read of members per request level, whatever the number of posts or comments asking.</summary>
    public static Task<MemberView?> LoadMember(this ResolveFieldContext ctx, Guid id) =>
        ctx.Request.DataLoader<Guid, MemberView>("members", ctx.Service<MemberReads>().ByIdsAsync).LoadAsync(id);

    public static void Add(SchemaBuilder builder) => builder
        .Enum("VerificationStatus", e => e
            .Value("NONE", value: "none").Value("PENDING", value: "pending").Value("VERIFIED", value: "verified").Value("REJECTED", value: "rejected"))
        .Object<MemberView>("Member", o => o
            .Description("A member's public profile.")
            .Field("id", "ID!", m => m.Id.ToString())
            .Field("handle", "String!", m => m.Handle)
            .Field("displayName", "String!", m => m.DisplayName)
            .Field("region", "String!", m => m.Region)
            .Field("conditionsOfInterest", "[String!]!", m => m.ConditionsOfInterest)
            .Field("registeredAt", "DateTime!", m => m.RegisteredAt)
            .Field("deactivated", "Boolean!", m => m.Deactivated)
            .Field("verifiedProfessional", "Boolean!", m => m.Verification == "verified", "The verified-professional badge, approved by an administrator.")
            .Field("profession", "String", m => m.Verification == "verified" ? m.Profession : null, "Shown once verified.")
            .Field("verification", "VerificationStatus", f => f
                .Description("The state of the member's verification request: only the member and administrators see it.")
                .Resolve((m, ctx) => ctx.Caller() is { } c && (c.MemberId == m.Id || c.IsAdministrator) ? m.Verification : null))
            .Field("posts", "PostConnection!", f => f
                .Description("What the member posted, newest first.")
                .Paged()
                .ResolveAsync((m, ctx) => ctx.Service<PostReads>().FeedAsync(new FeedFilter(AuthorId: m.Id), ctx.Page(), ctx.CancellationToken))))
        .InputObject("UpdateProfileInput", i => i
            .Field("displayName", "String!")
            .Field("region", "String!")
            .Field("conditionsOfInterest", "[String!]!")
            .ToValue(v => v))
        .Query(q => q
            .Field("me", "Member", f => f
                .Description("The signed-in member; null for anonymous callers.")
                .ResolveAsync((_, ctx) => ctx.Caller().MemberId is { } id ? ctx.LoadMember(id) : Task.FromResult<MemberView?>(null)))
            .Field("member", "Member", f => f
                .Description("A member by id or by handle.")
                .Argument("id", "ID")
                .Argument("handle", "String")
                .ResolveAsync((_, ctx) => ctx.Arguments.TryGet<Guid>("id", out var id)
                    ? ctx.LoadMember(id)
                    : ctx.Arguments.TryGet<string>("handle", out var handle)
                        ? ctx.Service<MemberReads>().ByHandleAsync(handle, ctx.CancellationToken)
                        : throw ApiErrors.Validation("ID_OR_HANDLE", "Give id or handle.", "id"))))
        .Mutation(m => m
            .Field("updateProfile", "Member", f => f
                .Argument("input", "UpdateProfileInput!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = RequireMember(ctx);
                    var v = ctx.Arguments.Get<ArgumentValues>("input");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new UpdateProfile(me, v.Get<string>("displayName"), v.Get<string>("region"),
                        v.GetList<string>("conditionsOfInterest") ?? []));
                    return await ctx.Service<MemberReads>().ByIdsAsync([me], ctx.CancellationToken) is var found && found.TryGetValue(me, out var view) ? view : null;
                }))
            .Field("deactivateMember", "Member", f => f
                .Description("Deactivates your own membership (or, for administrators, anyone's): no more actions, no renewed sessions. What the member did stays.")
                .Argument("memberId", "ID", description: "Yourself when omitted.")
                .Argument("reason", "String")
                .ResolveAsync(async (_, ctx) =>
                {
                    var id = ctx.Arguments.OptionalId("memberId") ?? RequireMember(ctx);
                    await ctx.Service<CommandSender>().SendAsync(ctx, new DeactivateMember(id, ctx.Arguments.GetOrDefault<string?>("reason", null)));
                    await ctx.Service<Accounts.AccountStore>().RevokeAllAsync(id, ctx.Service<TimeProvider>().GetUtcNow(), ctx.CancellationToken);
                    return (await ctx.Service<MemberReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);
                }))
            .Field("requestProfessionalVerification", "Member", f => f
                .Description("Asks an administrator to verify you as a health professional.")
                .Argument("profession", "String!")
                .Argument("documentReference", "String!", description: "Where the administrator finds your credentials (a licence number, a link).")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = RequireMember(ctx);
                    await ctx.Service<CommandSender>().SendAsync(ctx, new RequestProfessionalVerification(me,
                        ctx.Arguments.Get<string>("profession"), ctx.Arguments.Get<string>("documentReference")));
                    return (await ctx.Service<MemberReads>().ByIdsAsync([me], ctx.CancellationToken)).GetValueOrDefault(me);
                }))
            .Field("approveProfessionalVerification", "Member", f => f
                .Description("Administrators: approves a pending request; the member gets the badge.")
                .Argument("memberId", "ID!")
                .ResolveAsync((_, ctx) => Review(ctx, id => new ApproveProfessionalVerification(id))))
            .Field("rejectProfessionalVerification", "Member", f => f
                .Description("Administrators: rejects a pending request, with the reason.")
                .Argument("memberId", "ID!")
                .Argument("reason", "String!")
                .ResolveAsync((_, ctx) => Review(ctx, id => new RejectProfessionalVerification(id, ctx.Arguments.Get<string>("reason"))))));

    private static async Task<MemberView?> Review(ResolveFieldContext ctx, Func<Guid, MemberCommand> command)
    {
        var id = ctx.Arguments.Get<Guid>("memberId");
        await ctx.Service<CommandSender>().SendAsync(ctx, command(id));
        return (await ctx.Service<MemberReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);
    }

    public static Guid RequireMember(ResolveFieldContext ctx) => ctx.Caller().MemberId ?? throw ApiErrors.Unauthenticated();
}
