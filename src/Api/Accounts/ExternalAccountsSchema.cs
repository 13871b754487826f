using Es.Api.Schema;
using Es.GraphQL.Types;

namespace Es.Api.Accounts;

/// <summary>registerMember: members signed in by an external identity provider (see docs/operations.md).</summary>
public static class ExternalAccountsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .InputObject("RegisterMemberInput", i => i
            .Field("handle", "String!", description: "Your @name: letters, digits and _; yours for life.")
            .Field("displayName", "String!")
            .Field("region", "String!")
            .Field("birthYear", "Int!")
            .Field("conditionsOfInterest", "[String!]!", Array.Empty<string>())
            .ToValue(v => new MemberProfile(v.Get<string>("handle"), v.Get<string>("displayName"), v.Get<string>("region"),
                v.Get<int>("birthYear"), v.GetList<string>("conditionsOfInterest") ?? [])))
        .Mutation(m => m
            .Field("registerMember", "Member", f => f
                .Description("With an external identity provider: makes the provider's signed-in subject a member, once (again: CONFLICT). "
                    + "Anonymous callers are UNAUTHENTICATED; where Es keeps its own accounts this is FORBIDDEN (BUILT_IN_ACCOUNTS): use signUp.")
                .Argument("input", "RegisterMemberInput!")
                .ResolveAsync((_, ctx) => ctx.Service<ExternalRegistration>().RegisterAsync(ctx.Es().User, ctx.Arguments.Get<MemberProfile>("input"),
                    ctx.Es().RequestId, ctx.CancellationToken))));
}
