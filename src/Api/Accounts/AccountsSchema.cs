using Es.Api.Schema;
using Es.GraphQL.Types;

namespace Es.Api.Accounts;

/// <summary>signUp, signIn, refreshSession, signOut.</summary>
public static class AccountsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Object<Session>("Session", o => o
            .Description("A signed-in session. Send the access token as `Authorization: Bearer <token>`; renew it with refreshSession before it expires.")
            .Field("accessToken", "String!", s => s.AccessToken)
            .Field("accessTokenExpiresAt", "DateTime!", s => s.AccessTokenExpiresAt)
            .Field("refreshToken", "String!", s => s.RefreshToken, "Use once: refreshSession returns the next one. A token used twice revokes the sign-in.")
            .Field("refreshTokenExpiresAt", "DateTime!", s => s.RefreshTokenExpiresAt)
            .Field("memberId", "ID!", s => s.MemberId.ToString()))
        .InputObject("SignUpInput", i => i
            .Field("email", "String!")
            .Field("password", "String!", description: $"At least {PasswordRules.MinLength} characters, not a common or breached-looking pattern.")
            .Field("handle", "String!", description: "Your @name: letters, digits and _; yours for life.")
            .Field("displayName", "String!")
            .Field("region", "String!")
            .Field("birthYear", "Int!")
            .Field("conditionsOfInterest", "[String!]!", Array.Empty<string>())
            .ToValue(v => new SignUpInput(v.Get<string>("email"), v.Get<string>("password"), v.Get<string>("handle"),
                v.Get<string>("displayName"), v.Get<string>("region"), v.Get<int>("birthYear"), v.GetList<string>("conditionsOfInterest") ?? [])))
        .Mutation(m => m
            .Field("signUp", "Session", f => f
                .Description("Creates a member and its account, and signs in.")
                .Argument("input", "SignUpInput!")
                .ResolveAsync((_, ctx) => ctx.Service<SignIn>().SignUpAsync(ctx.Arguments.Get<SignUpInput>("input"), ctx.Es().RequestId, ctx.CancellationToken)))
            .Field("signIn", "Session", f => f
                .Description($"Signs in with email and password. Wrong passwords in a row lock the account for a while.")
                .Argument("email", "String!")
                .Argument("password", "String!")
                .ResolveAsync((_, ctx) => ctx.Service<SignIn>().SignInAsync(ctx.Arguments.Get<string>("email"), ctx.Arguments.Get<string>("password"), ctx.CancellationToken)))
            .Field("refreshSession", "Session", f => f
                .Description("A new session for a refresh token; the token is spent.")
                .Argument("refreshToken", "String!")
                .ResolveAsync((_, ctx) => ctx.Service<SignIn>().RefreshAsync(ctx.Arguments.Get<string>("refreshToken"), ctx.CancellationToken)))
            .Field("signOut", "Boolean!", f => f
                .Description("Revokes the refresh token and every token renewed from it. Access tokens already issued expire on their own (within the hour).")
                .Argument("refreshToken", "String!")
                .ResolveAsync((_, ctx) => ctx.Service<SignIn>().SignOutAsync(ctx.Arguments.Get<string>("refreshToken"), ctx.CancellationToken))));
}
