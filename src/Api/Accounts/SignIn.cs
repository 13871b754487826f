using Es.Api.Schema;
using Es.GraphQL;
using Microsoft.AspNetCore.Identity;

namespace Es.Api.Accounts;

/// <summary>The new member's account and profile, as signUp receives them.</summary>
public sealed record SignUpInput(string Email, string Password, string Handle, string DisplayName, string Region, int BirthYear, IReadOnlyList<string> ConditionsOfInterest)
{
    public MemberProfile Profile => new(Handle, DisplayName, Region, BirthYear, ConditionsOfInterest);
}

/// <summary>
/// Sign-up, sign-in, refresh and sign-out. Sign-up registers the member through the domain (the
/// event carries the profile, never the password) and keeps the credentials in the accounts
/// table. Failures of sign-in all read the same, so they do not tell which emails have accounts.
/// With an external identity provider (<see cref="AuthOptions.External"/>) members come from the
/// provider: sign-up, sign-in and refresh are refused with FORBIDDEN <see cref="ExternalAccounts"/>.
/// </summary>
public sealed class SignIn(AccountStore accounts, AccessTokens tokens, AuthOptions options, MemberRegistration registration, TimeProvider clock)
{
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string LockedOut = "ACCOUNT_LOCKED";
    public const string EmailTaken = "EMAIL_TAKEN";
    public const string WeakPassword = "WEAK_PASSWORD";
    public const string InvalidRefreshToken = "INVALID_REFRESH_TOKEN";
    public const string ExternalAccounts = "EXTERNAL_ACCOUNTS";

    private static readonly PasswordHasher<Account> Hasher = new();

    public async Task<Session> SignUpAsync(SignUpInput input, string? requestId, CancellationToken ct)
    {
        RefuseWhenExternal();
        var email = input.Email.Trim();
        if (email.Length is 0 or > 254 || !email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))
            throw ApiErrors.Validation("EMAIL_INVALID", "This is not an email address.", "input.email");
        if (PasswordRules.Check(input.Password, email.Split('@')[0], input.Handle, input.DisplayName) is { } weak)
            throw ApiErrors.Validation(WeakPassword, weak, "input.password");
        var memberId = Guid.CreateVersion7();
        var hash = Hasher.HashPassword(null!, input.Password);
        if (!await accounts.CreateAsync(memberId, email, hash, ct))
            throw new GraphQLError("An account with this email exists already.", extensions: new Dictionary<string, object?>
            {
                ["code"] = "CONFLICT", ["reason"] = EmailTaken, ["field"] = "input.email",
            });
        await registration.RegisterAsync(memberId, input.Profile, requestId, () => accounts.DeleteAsync(memberId, CancellationToken.None), ct);
        return await StartSessionAsync(memberId, [], ct);
    }

    public async Task<Session> SignInAsync(string email, string password, CancellationToken ct)
    {
        RefuseWhenExternal();
        var account = await accounts.FindByEmailAsync(email.Trim(), ct);
        var now = clock.GetUtcNow();
        if (account is null)
        {
            // Spend the time a real check takes, so timing does not tell whether the email exists.
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            throw Refused(InvalidCredentials, "The email or the password is wrong.");
        }
        if (account.LockedUntil is { } until && until > now)
            throw Refused(LockedOut, $"Too many wrong passwords: this account is locked until {until:u}.");
        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await accounts.RecordFailureAsync(account.MemberId, options.MaxFailedSignIns, now + options.LockoutDuration, ct);
            throw Refused(InvalidCredentials, "The email or the password is wrong.");
        }
        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(account, password) : null;
        await accounts.RecordSuccessAsync(account.MemberId, rehashed, ct);
        return await StartSessionAsync(account.MemberId, account.Roles, ct);
    }

    /// <summary>A new session for a refresh token, which is then spent; a spent token used again revokes the whole sign-in.</summary>
    public async Task<Session> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        RefuseWhenExternal();
        var (use, memberId, family) = await accounts.UseRefreshTokenAsync(AccessTokens.HashOf(refreshToken), clock.GetUtcNow(), ct);
        if (use != AccountStore.RefreshUse.Used)
            throw Refused(InvalidRefreshToken, use == AccountStore.RefreshUse.Reused
                ? "This refresh token was used before; every session of this sign-in is now revoked. Sign in again."
                : "This refresh token is not valid. Sign in again.");
        var account = await accounts.FindAsync(memberId, ct) ?? throw Refused(InvalidRefreshToken, "This refresh token is not valid. Sign in again.");
        return await IssueAsync(memberId, account.Roles, family, ct);
    }

    public async Task<bool> SignOutAsync(string refreshToken, CancellationToken ct) =>
        await accounts.RevokeFamilyAsync(AccessTokens.HashOf(refreshToken), clock.GetUtcNow(), ct);

    private Task<Session> StartSessionAsync(Guid memberId, string[] roles, CancellationToken ct) => IssueAsync(memberId, roles, Guid.NewGuid(), ct);

    private async Task<Session> IssueAsync(Guid memberId, string[] roles, Guid family, CancellationToken ct)
    {
        var (access, accessExpires) = tokens.Issue(memberId, roles.Append(EsRoles.Member));
        var (refresh, hash) = AccessTokens.NewRefreshToken();
        var refreshExpires = clock.GetUtcNow() + options.RefreshTokenLifetime;
        await accounts.StoreRefreshTokenAsync(hash, memberId, family, refreshExpires, ct);
        return new Session(access, accessExpires, refresh, refreshExpires, memberId);
    }

    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a password anyone has");

    private static GraphQLError Refused(string reason, string message) =>
        new(message, extensions: new Dictionary<string, object?> { ["code"] = "UNAUTHENTICATED", ["reason"] = reason });

    /// <summary>Es issues no tokens of its own when an external provider signs members in.</summary>
    private void RefuseWhenExternal()
    {
        if (options.UsesExternalProvider)
            throw ApiErrors.Forbidden(ExternalAccounts, "Members sign in with this Es's identity provider: send its access token as a Bearer token, and call registerMember once to become a member.");
    }
}
