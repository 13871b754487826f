using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Es.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Accounts;

/// <summary>
/// An Es whose members sign in with an external identity provider: the provider's subject is mapped
/// to a member by registerMember, its roles claim gives Es roles, and Es's own accounts are closed.
/// </summary>
public sealed class ExternalProviderTests(ExternalProviderHost api) : IClassFixture<ExternalProviderHost>
{
    private const string Register = """
        mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id handle displayName region conditionsOfInterest } }
        """;

    private const string Me = "{ me { id handle } }";

    private static object Profile(string handle) => new
    {
        input = new { handle, displayName = "Member " + handle, region = "Seoul Mapo", birthYear = 1960, conditionsOfInterest = new[] { "diabetes" } },
    };

    /// <summary>Registers <paramref name="subject"/> as <paramref name="handle"/>; returns the member id.</summary>
    private async Task<string> RegisterAsync(string subject, string handle) =>
        (await api.DataAsync(Register, Profile(handle), api.Token(subject))).GetProperty("registerMember").GetProperty("id").GetString()!;

    private static string Reason(JsonElement error) => error.GetProperty("extensions").GetProperty("reason").GetString()!;

    [Fact]
    public async Task An_unmapped_subject_reads_public_data_but_is_no_member_and_its_mutations_are_UNAUTHENTICATED()
    {
        await RegisterAsync("sub-public-author", "ext_public");
        var stranger = api.Token("sub-not-registered");

        var member = await api.DataAsync("""{ member(handle: "ext_public") { handle } }""", token: stranger);
        Assert.Equal("ext_public", member.GetProperty("member").GetProperty("handle").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Me, token: stranger)).GetProperty("me").ValueKind);
        var update = await api.GraphQLAsync("""mutation { updateProfile(input: { displayName: "x", region: "Seoul Mapo", conditionsOfInterest: [] }) { id } }""",
            token: stranger);
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(update)));
    }

    [Fact]
    public async Task RegisterMember_makes_the_subject_a_member_who_is_the_actor_on_its_registration_events()
    {
        var registered = (await api.DataAsync(Register, Profile("ext_new"), api.Token("sub-new|42"))).GetProperty("registerMember");
        var id = registered.GetProperty("id").GetString()!;
        Assert.Equal("ext_new", registered.GetProperty("handle").GetString());
        Assert.Equal(["diabetes"], registered.GetProperty("conditionsOfInterest").EnumerateArray().Select(c => c.GetString()));

        var me = (await api.DataAsync("{ me { id handle displayName region } }", token: api.Token("sub-new|42"))).GetProperty("me");
        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal("Member ext_new", me.GetProperty("displayName").GetString());

        await RegisterAsync("sub-auditing-admin", "ext_audit_admin");
        var admin = api.Token("sub-auditing-admin", roles: ["es-admins"]);
        foreach (var stream in new[] { $"member-{id}", "handle-ext_new" })
        {
            var history = (await api.DataAsync("query($s: String!) { audit { stream(id: $s) { nodes { type actor source data } } } }", new { s = stream }, admin))
                .GetProperty("audit").GetProperty("stream").GetProperty("nodes");
            var registration = Assert.Single(history.EnumerateArray());
            Assert.Equal($"member:{id}", registration.GetProperty("actor").GetString());
            Assert.Equal("graphql", registration.GetProperty("source").GetString());
            // The provider's subject stays in the mapping table, outside the log.
            Assert.DoesNotContain("sub-new", registration.GetRawText());
        }
    }

    [Fact]
    public async Task Registering_a_second_time_is_a_CONFLICT_that_reserves_no_handle()
    {
        await RegisterAsync("sub-twice", "ext_twice");
        var again = ApiHost.SingleError(await api.GraphQLAsync(Register, Profile("ext_twice_again"), api.Token("sub-twice")));
        Assert.Equal("CONFLICT", ApiHost.Code(again));
        Assert.Equal("MEMBER_ALREADY_REGISTERED", Reason(again));
        Assert.Equal("ext_twice", (await api.DataAsync(Me, token: api.Token("sub-twice"))).GetProperty("me").GetProperty("handle").GetString());
        // The handle the second attempt asked for is still free for someone else.
        await RegisterAsync("sub-after-twice", "ext_twice_again");
    }

    [Fact]
    public async Task A_refused_profile_leaves_the_subject_unmapped_so_it_can_register_again()
    {
        await RegisterAsync("sub-handle-holder", "ext_taken");
        var refused = ApiHost.SingleError(await api.GraphQLAsync(Register, Profile("ext_taken"), api.Token("sub-late")));
        Assert.Equal("CONFLICT", ApiHost.Code(refused));
        Assert.Equal("input.handle", refused.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Me, token: api.Token("sub-late"))).GetProperty("me").ValueKind);
        await RegisterAsync("sub-late", "ext_late");
        Assert.Equal("ext_late", (await api.DataAsync(Me, token: api.Token("sub-late"))).GetProperty("me").GetProperty("handle").GetString());
    }

    public enum Spoiled { SignedByAnotherKey, WrongIssuer, WrongAudience, Expired }

    [Theory]
    [InlineData(Spoiled.SignedByAnotherKey)]
    [InlineData(Spoiled.WrongIssuer)]
    [InlineData(Spoiled.WrongAudience)]
    [InlineData(Spoiled.Expired)]
    public async Task A_token_of_a_registered_subject_that_is_not_valid_is_anonymous(Spoiled spoiled)
    {
        var subject = $"sub-spoiled-{spoiled}";
        await RegisterAsync(subject, $"ext_{spoiled}".ToLowerInvariant());
        using var otherKey = RSA.Create(2048);
        var token = spoiled switch
        {
            Spoiled.SignedByAnotherKey => api.Token(subject, signedWith: otherKey),
            Spoiled.WrongIssuer => api.Token(subject, issuer: "https://elsewhere.test/"),
            Spoiled.WrongAudience => api.Token(subject, audience: "another-api"),
            _ => api.Token(subject, expiresIn: TimeSpan.FromMinutes(-5)),
        };
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Me, token: token)).GetProperty("me").ValueKind);
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Register, Profile("ext_spoiled_retry"), token))));
    }

    [Fact]
    public async Task A_providers_token_cannot_name_its_own_member_or_Es_roles()
    {
        var victim = await RegisterAsync("sub-victim", "ext_victim");
        var forged = new Dictionary<string, object> { ["es:member"] = victim, ["role"] = new[] { "administrator" } };

        var unmapped = api.Token("sub-forger", claims: forged);
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Me, token: unmapped)).GetProperty("me").ValueKind);

        var own = await RegisterAsync("sub-forger-member", "ext_forger");
        var mapped = api.Token("sub-forger-member", claims: forged);
        Assert.Equal(own, (await api.DataAsync(Me, token: mapped)).GetProperty("me").GetProperty("id").GetString());
        var audit = await api.GraphQLAsync("{ audit { stream(id: \"handle-ext_victim\") { nodes { type } } } }", token: mapped);
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(audit)));
    }

    [Fact]
    public async Task A_provider_role_mapped_to_administrator_approves_a_professional_verification()
    {
        var doctor = await RegisterAsync("sub-doctor", "ext_doctor");
        await RegisterAsync("sub-admin", "ext_admin");
        await api.DataAsync("""mutation { requestProfessionalVerification(profession: "Endocrinologist", documentReference: "KMA-1") { id } }""",
            token: api.Token("sub-doctor"));
        const string Approve = "mutation($id: ID!) { approveProfessionalVerification(memberId: $id) { verifiedProfessional } }";

        var withoutRole = await api.GraphQLAsync(Approve, new { id = doctor }, api.Token("sub-admin", roles: ["es-users"]));
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(withoutRole)));
        var approved = await api.DataAsync(Approve, new { id = doctor }, api.Token("sub-admin", roles: ["es-users", "es-admins"]));
        Assert.True(approved.GetProperty("approveProfessionalVerification").GetProperty("verifiedProfessional").GetBoolean());
    }

    [Fact]
    public async Task SignUp_signIn_and_refreshSession_are_FORBIDDEN_with_reason_EXTERNAL_ACCOUNTS()
    {
        var signUp = await api.GraphQLAsync("mutation($i: SignUpInput!) { signUp(input: $i) { memberId } }",
            new { i = new { email = "ext@test.es", password = "correct horse battery", handle = "ext_signup", displayName = "x", region = "Seoul Mapo", birthYear = 1960 } });
        var signIn = await api.GraphQLAsync("""mutation { signIn(email: "ext@test.es", password: "correct horse battery") { accessToken } }""");
        var refresh = await api.GraphQLAsync("""mutation { refreshSession(refreshToken: "whatever") { accessToken } }""");
        foreach (var result in new[] { signUp, signIn, refresh })
        {
            var error = ApiHost.SingleError(result);
            Assert.Equal("FORBIDDEN", ApiHost.Code(error));
            Assert.Equal(SignIn.ExternalAccounts, Reason(error));
        }
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync("""{ member(handle: "ext_signup") { id } }""")).GetProperty("member").ValueKind);
    }

    [Fact]
    public async Task An_Es_token_is_not_accepted_so_registerMember_asks_for_the_providers_token()
    {
        var esToken = api.Host.Services.GetRequiredService<AccessTokens>().Issue(Guid.CreateVersion7(), ["member"]).Token;
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync(Me, token: esToken)).GetProperty("me").ValueKind);
        var error = ApiHost.SingleError(await api.GraphQLAsync(Register, Profile("ext_es_token"), esToken));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(error));
        Assert.Contains(ExternalProviderHost.Issuer, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_WebSocket_signed_in_with_the_providers_token_receives_the_members_messages()
    {
        var ana = await RegisterAsync("sub-ws-ana", "ext_ws_ana");
        var bo = await RegisterAsync("sub-ws-bo", "ext_ws_bo");
        var (socket, ack, _) = await GraphQLSocket.ConnectAsync(api, new { Authorization = "Bearer " + api.Token("sub-ws-bo") });
        await using (socket)
        {
            Assert.Equal("connection_ack", ack!.Value.GetProperty("type").GetString());
            var sub = await socket.SubscribeAsync("subscription { messageReceived { body sender { id } } }");
            await Task.Delay(300); // let the subscription register

            var conversation = (await api.DataAsync("mutation($with: ID!) { startConversation(with: $with) { id } }", new { with = bo }, api.Token("sub-ws-ana")))
                .GetProperty("startConversation").GetProperty("id").GetString();
            await api.DataAsync("mutation($id: ID!) { sendMessage(conversationId: $id, body: \"Hello from the provider\") { id } }",
                new { id = conversation }, api.Token("sub-ws-ana"));

            var received = (await socket.NextAsync(sub)).GetProperty("data").GetProperty("messageReceived");
            Assert.Equal("Hello from the provider", received.GetProperty("body").GetString());
            Assert.Equal(ana, received.GetProperty("sender").GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_WebSocket_with_a_token_of_another_key_is_refused()
    {
        using var otherKey = RSA.Create(2048);
        var (socket, ack, closed) = await GraphQLSocket.ConnectAsync(api, new { token = api.Token("sub-ws-forger", signedWith: otherKey) });
        await using (socket)
        {
            Assert.Null(ack);
            Assert.Equal((WebSocketCloseStatus)4403, closed);
        }
    }
}
