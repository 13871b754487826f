namespace Es.Api.Tests;

/// <summary>Sign-up, sign-in, lockout, refresh token rotation and sign-out, from the outside.</summary>
public sealed class AccountsTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string SignIn = "mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken refreshToken } }";
    private const string Refresh = "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";

    [Fact]
    public async Task A_new_member_is_signed_in_and_me_is_their_profile()
    {
        var member = await api.SignUpAsync("acc_new", conditions: ["diabetes"]);
        var me = (await api.DataAsync("{ me { id handle region conditionsOfInterest verifiedProfessional } }", token: member.AccessToken)).GetProperty("me");
        Assert.Equal(member.Id, me.GetProperty("id").GetString());
        Assert.Equal("acc_new", me.GetProperty("handle").GetString());
        Assert.Equal(["diabetes"], me.GetProperty("conditionsOfInterest").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("short1")]
    [InlineData("password1234")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("1234567890")]
    [InlineData("acc_weak-is-my-name")]
    public async Task A_weak_password_is_refused_with_VALIDATION_on_the_password_field_and_no_member_is_made(string password)
    {
        var result = await api.GraphQLAsync("""
            mutation($input: SignUpInput!) { signUp(input: $input) { memberId } }
            """, new { input = new { email = "acc_weak@test.es", password, handle = "acc_weak", displayName = "Weak", region = "Seoul Mapo", birthYear = 1960 } });
        var error = ApiHost.SingleError(result);
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal("input.password", error.GetProperty("extensions").GetProperty("field").GetString());
        var member = await api.DataAsync("""{ member(handle: "acc_weak") { id } }""");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, member.GetProperty("member").ValueKind);
    }

    [Fact]
    public async Task A_taken_email_or_handle_is_a_CONFLICT_and_leaves_no_second_account()
    {
        await api.SignUpAsync("acc_taken");
        var sameEmail = await api.GraphQLAsync("mutation($i: SignUpInput!) { signUp(input: $i) { memberId } }",
            new { i = new { email = "ACC_TAKEN@test.es", password = "correct horse battery", handle = "acc_other", displayName = "x", region = "Seoul Mapo", birthYear = 1960 } });
        Assert.Equal("CONFLICT", ApiHost.Code(ApiHost.SingleError(sameEmail)));
        var sameHandle = await api.GraphQLAsync("mutation($i: SignUpInput!) { signUp(input: $i) { memberId } }",
            new { i = new { email = "someone.else@test.es", password = "correct horse battery", handle = "acc_taken", displayName = "x", region = "Seoul Mapo", birthYear = 1960 } });
        Assert.Equal("CONFLICT", ApiHost.Code(ApiHost.SingleError(sameHandle)));
        // The account made for the refused handle was removed: its email can sign up now.
        await api.DataAsync("mutation($i: SignUpInput!) { signUp(input: $i) { memberId } }",
            new { i = new { email = "someone.else@test.es", password = "correct horse battery", handle = "acc_third", displayName = "x", region = "Seoul Mapo", birthYear = 1960 } });
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_so_that_even_the_right_password_is_refused_for_a_while()
    {
        await api.SignUpAsync("acc_locked");
        var wrong = await api.GraphQLAsync(SignIn, new { email = "acc_locked@test.es", password = "not the password" });
        Assert.Equal("INVALID_CREDENTIALS", ApiHost.SingleError(wrong).GetProperty("extensions").GetProperty("reason").GetString());
        // The test host allows 3 wrong passwords (Es:Auth:MaxFailedSignIns).
        for (var i = 0; i < 2; i++) await api.GraphQLAsync(SignIn, new { email = "acc_locked@test.es", password = "not the password" });
        var right = await api.GraphQLAsync(SignIn, new { email = "acc_locked@test.es", password = "correct horse battery" });
        var error = ApiHost.SingleError(right);
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(error));
        Assert.Equal("ACCOUNT_LOCKED", error.GetProperty("extensions").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_unknown_email_reads_exactly_like_a_wrong_password()
    {
        await api.SignUpAsync("acc_known");
        var unknown = ApiHost.SingleError(await api.GraphQLAsync(SignIn, new { email = "nobody@test.es", password = "whatever it is" }));
        var wrong = ApiHost.SingleError(await api.GraphQLAsync(SignIn, new { email = "acc_known@test.es", password = "whatever it is" }));
        Assert.Equal(wrong.GetProperty("message").GetString(), unknown.GetProperty("message").GetString());
        Assert.Equal(wrong.GetProperty("extensions").GetRawText(), unknown.GetProperty("extensions").GetRawText());
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_using_it_again_revokes_every_token_of_that_sign_in()
    {
        var member = await api.SignUpAsync("acc_refresh");
        var renewed = (await api.DataAsync(Refresh, new { t = member.RefreshToken })).GetProperty("refreshSession");
        var me = await api.DataAsync("{ me { handle } }", token: renewed.GetProperty("accessToken").GetString());
        Assert.Equal("acc_refresh", me.GetProperty("me").GetProperty("handle").GetString());

        // The first token again: a stolen copy. It is refused, and the renewed token dies with it.
        var replay = ApiHost.SingleError(await api.GraphQLAsync(Refresh, new { t = member.RefreshToken }));
        Assert.Equal("INVALID_REFRESH_TOKEN", replay.GetProperty("extensions").GetProperty("reason").GetString());
        var next = ApiHost.SingleError(await api.GraphQLAsync(Refresh, new { t = renewed.GetProperty("refreshToken").GetString() }));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(next));
    }

    [Fact]
    public async Task Signing_out_revokes_the_refresh_token()
    {
        var member = await api.SignUpAsync("acc_signout");
        var signedOut = await api.DataAsync("mutation($t: String!) { signOut(refreshToken: $t) }", new { t = member.RefreshToken });
        Assert.True(signedOut.GetProperty("signOut").GetBoolean());
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Refresh, new { t = member.RefreshToken }))));
    }

    [Fact]
    public async Task RegisterMember_is_FORBIDDEN_with_reason_BUILT_IN_ACCOUNTS_where_Es_keeps_its_own_accounts()
    {
        var member = await api.SignUpAsync("acc_register");
        var result = await api.GraphQLAsync("mutation($i: RegisterMemberInput!) { registerMember(input: $i) { id } }",
            new { i = new { handle = "acc_register_again", displayName = "x", region = "Seoul Mapo", birthYear = 1960 } }, member.AccessToken);
        var error = ApiHost.SingleError(result);
        Assert.Equal("FORBIDDEN", ApiHost.Code(error));
        Assert.Equal("BUILT_IN_ACCOUNTS", error.GetProperty("extensions").GetProperty("reason").GetString());
    }
}
