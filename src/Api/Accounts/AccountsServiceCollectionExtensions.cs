using Es.Api.Schema;
using Es.EventStore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Es.Api.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Accounts, Es's own tokens, and JwtBearer validating them; or, with <c>Es:Auth:External</c>, an
    /// external provider's tokens instead, its subjects mapped to members (<see cref="ExternalIdentityClaims"/>).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.SigningKey is null || TryKey(o.SigningKey) is { Length: >= 32 }, "Es:Auth:SigningKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton<SigningKeyHolder>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<MemberRegistration>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<ExternalSigningKeys>();
        services.AddSingleton<ExternalIdentities>();
        services.AddSingleton<ExternalIdentityClaims>();
        services.AddSingleton<ExternalRegistration>();
        StartupMigrations.In(services).Expect(AccountsStartup.Step);
        services.AddHostedService<AccountsStartup>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Replaces authentication's no-op transformation: every authenticated request goes through the mapping.
        services.AddSingleton<IClaimsTransformation>(sp => sp.GetRequiredService<ExternalIdentityClaims>());
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AuthOptions, SigningKeyHolder, ExternalSigningKeys>((jwt, auth, key, externalKeys) =>
            {
                // Claims keep their JWT names ("role", "es:member"), not the WS-* URIs.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    RoleClaimType = EsClaims.Role,
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (auth.External is { IsGiven: true } external)
                {
                    // Only the provider's tokens: Es issues none of its own then.
                    jwt.TokenValidationParameters.ValidIssuer = external.Issuer;
                    jwt.TokenValidationParameters.ValidAudience = external.Audience;
                    if (external.Authority is { Length: > 0 } authority)
                    {
                        jwt.Authority = authority;
                        jwt.RequireHttpsMetadata = external.RequireHttpsMetadata;
                    }
                    else
                        jwt.TokenValidationParameters.IssuerSigningKeys = externalKeys.Keys;
                }
                else
                    jwt.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [key.Key];
            });
        services.AddAuthorization();
        return services;
    }

    private static byte[]? TryKey(string base64)
    {
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { return null; }
    }

    /// <summary>Creates the accounts and external identities tables and loads the signing key before the host serves.</summary>
    private sealed class AccountsStartup(AccountStore accounts, ExternalIdentities identities, AuthOptions options, SigningKeyHolder key,
        StartupMigrations migrations) : IHostedService
    {
        public const string Step = "accounts";

        public async Task StartAsync(CancellationToken ct)
        {
            await accounts.MigrateAsync(ct);
            await identities.MigrateAsync(ct);
            key.Set(options.SigningKey is { } configured ? Convert.FromBase64String(configured) : await accounts.SigningKeyAsync(ct));
            migrations.Complete(Step);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
