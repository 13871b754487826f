using System.Security.Cryptography;
using Alba;
using Es.Api.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Es.Api.Tests.Accounts;

/// <summary>Es:Auth:External is checked at start: a provider is complete, its keys are public keys that parse, and it does not contradict Es's own signing.</summary>
public sealed class ExternalProviderOptionsTests
{
    private static readonly RSA Key = RSA.Create(2048);

    private static AuthOptions With(Action<ExternalProviderOptions> configure, string? signingKey = null)
    {
        var external = new ExternalProviderOptions { Issuer = "https://idp.test/", Audience = "es-api" };
        configure(external);
        return new AuthOptions { External = external, SigningKey = signingKey };
    }

    private static IEnumerable<string> Failures(AuthOptions options) =>
        new AuthOptionsValidation().Validate(null, options).Failures ?? [];

    [Fact]
    public void Without_an_external_section_Es_keeps_its_own_accounts_and_nothing_is_checked()
    {
        Assert.False(new AuthOptions().UsesExternalProvider);
        Assert.True(new AuthOptionsValidation().Validate(null, new AuthOptions()).Succeeded);
    }

    [Fact]
    public void A_provider_needs_its_issuer_its_audience_and_exactly_one_source_of_keys()
    {
        Assert.Contains(Failures(new AuthOptions { External = new ExternalProviderOptions { Jwks = ExternalProviderHost.Jwks(Key, "k") } }), f => f.Contains("Issuer is required"));
        Assert.Contains(Failures(With(_ => { })), f => f.Contains("exactly one of") && f.Contains("none is given"));
        Assert.Contains(Failures(With(o => { o.Authority = "https://idp.test/"; o.Jwks = ExternalProviderHost.Jwks(Key, "k"); })),
            f => f.Contains("given: Authority, Jwks"));
        Assert.Contains(Failures(With(o => o.Authority = "http://idp.test/")), f => f.Contains("https"));
        Assert.Empty(Failures(With(o => { o.Authority = "http://localhost:8080/realms/es"; o.RequireHttpsMetadata = false; })));
    }

    [Fact]
    public void Es_own_signing_key_or_issuer_beside_a_provider_is_a_contradiction()
    {
        Assert.Contains(Failures(With(o => o.Jwks = ExternalProviderHost.Jwks(Key, "k"), signingKey: Convert.ToBase64String(new byte[32]))),
            f => f.Contains("Es:Auth:SigningKey"));
        Assert.Contains(Failures(With(o => { o.Issuer = "es"; o.Jwks = ExternalProviderHost.Jwks(Key, "k"); })), f => f.Contains("must differ from Es:Auth:Issuer"));
    }

    [Fact]
    public void Keys_that_do_not_parse_or_are_not_public_keys_are_refused()
    {
        Assert.Contains(Failures(With(o => o.Jwks = "{ not json")), f => f.Contains("not a JWKS document"));
        Assert.Contains(Failures(With(o => o.Jwks = """{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}]}""")),
            f => f.Contains("only RSA and EC public keys"));
        Assert.Contains(Failures(With(o => o.PublicKeys = Key.ExportPkcs8PrivateKeyPem())), f => f.Contains("private key"));
        Assert.Contains(Failures(With(o => o.PublicKeys = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")), f => f.StartsWith("Es:Auth:External:PublicKeys:"));
        Assert.Contains(Failures(With(o => o.PublicKeysFile = "/nonexistent/idp.pem")), f => f.Contains("cannot read the key file"));
        Assert.Contains(Failures(With(o => { o.Jwks = ExternalProviderHost.Jwks(Key, "k"); o.RoleMap["admins"] = "superuser"; })), f => f.Contains("not an Es role"));
    }

    [Fact]
    public async Task PEM_public_keys_from_a_file_validate_tokens_signed_by_their_private_halves()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Key.ExportSubjectPublicKeyInfoPem() + "\n" + ec.ExportSubjectPublicKeyInfoPem());
            var options = With(o => o.PublicKeysFile = path);
            Assert.Empty(Failures(options));
            var (keys, error) = ExternalSigningKeys.Parse(options.External!);
            Assert.Null(error);
            Assert.Equal(2, keys.Count);

            var handler = new JsonWebTokenHandler();
            var parameters = new TokenValidationParameters { ValidIssuer = "https://idp.test/", ValidAudience = "es-api", IssuerSigningKeys = keys };
            foreach (var signing in new SigningCredentials[] { new(new RsaSecurityKey(Key), SecurityAlgorithms.RsaSha256), new(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256) })
            {
                var token = handler.CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = "https://idp.test/", Audience = "es-api", Expires = DateTime.UtcNow.AddMinutes(5),
                    Claims = new Dictionary<string, object> { ["sub"] = "someone" }, SigningCredentials = signing,
                });
                Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_host_with_an_incomplete_provider_does_not_start()
    {
        var failure = await Assert.ThrowsAnyAsync<OptionsValidationException>(async () => await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("Es:Postgres:ConnectionString", ApiHost.ConnectionString);
            web.UseSetting("Es:EventStore:Schema", "es_api_never_started");
            web.UseSetting("Es:Auth:External:Issuer", "https://idp.test/");
        }));
        Assert.Contains(failure.Failures, f => f.Contains("Audience is required"));
    }
}
