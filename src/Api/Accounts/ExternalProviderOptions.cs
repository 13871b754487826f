using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Es.Api.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Es.Api.Accounts;

/// <summary>
/// An external identity provider (<c>Es:Auth:External</c>): the issuer and audience its tokens must
/// carry, and where its signing keys come from: exactly one of <see cref="Authority"/> (OpenID Connect
/// discovery), <see cref="Jwks"/> / <see cref="JwksFile"/> (a JWKS document) or <see cref="PublicKeys"/> /
/// <see cref="PublicKeysFile"/> (PEM public keys or certificates), for deployments without discovery.
/// </summary>
public sealed class ExternalProviderOptions
{
    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    /// <summary>The provider's OpenID Connect authority; its keys are fetched (and refreshed) from discovery.</summary>
    public string? Authority { get; set; }

    /// <summary>Discovery over plain http only when this is false (a development provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>A JWKS document (<c>{"keys":[...]}</c>), inline.</summary>
    public string? Jwks { get; set; }

    /// <summary>The path of a JWKS document.</summary>
    public string? JwksFile { get; set; }

    /// <summary>PEM public keys (<c>PUBLIC KEY</c>, <c>RSA PUBLIC KEY</c>) or certificates, inline; several blocks for a key rotation.</summary>
    public string? PublicKeys { get; set; }

    /// <summary>The path of a PEM file of public keys or certificates.</summary>
    public string? PublicKeysFile { get; set; }

    /// <summary>The token claim that lists the caller's roles at the provider (a string or an array of strings).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// The provider's role names and the Es role each stands for (<c>RoleMap:es-admins = administrator</c>).
    /// A provider role that is itself an Es role name (administrator, auditor, ingest) needs no entry.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    internal bool IsGiven =>
        new[] { Issuer, Audience, Authority, Jwks, JwksFile, PublicKeys, PublicKeysFile }.Any(s => !string.IsNullOrWhiteSpace(s));

    internal IEnumerable<(string Name, string Value)> KeySources()
    {
        if (!string.IsNullOrWhiteSpace(Authority)) yield return (nameof(Authority), Authority);
        if (!string.IsNullOrWhiteSpace(Jwks)) yield return (nameof(Jwks), Jwks);
        if (!string.IsNullOrWhiteSpace(JwksFile)) yield return (nameof(JwksFile), JwksFile);
        if (!string.IsNullOrWhiteSpace(PublicKeys)) yield return (nameof(PublicKeys), PublicKeys);
        if (!string.IsNullOrWhiteSpace(PublicKeysFile)) yield return (nameof(PublicKeysFile), PublicKeysFile);
    }

    /// <summary>The Es roles a provider role stands for: itself when it is an Es role, else its <see cref="RoleMap"/> entry.</summary>
    internal string? EsRoleOf(string providerRole) =>
        RoleMap.TryGetValue(providerRole, out var mapped) ? mapped : EsRoles.All.Contains(providerRole) ? providerRole : null;
}

/// <summary>The external provider's signing keys when they are configured directly (not by discovery), parsed once.</summary>
public sealed class ExternalSigningKeys(IOptions<AuthOptions> options)
{
    private readonly Lazy<IReadOnlyList<SecurityKey>> _keys = new(() =>
    {
        var (keys, error) = Parse(options.Value.External!);
        return error is null ? keys : throw new InvalidOperationException(error);
    });

    public IReadOnlyList<SecurityKey> Keys => _keys.Value;

    /// <summary>The public keys the options name (none for discovery), or why they cannot be used.</summary>
    public static (IReadOnlyList<SecurityKey> Keys, string? Error) Parse(ExternalProviderOptions o)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(o.Jwks)) return FromJwks(o.Jwks, "Es:Auth:External:Jwks");
            if (!string.IsNullOrWhiteSpace(o.JwksFile)) return FromJwks(File.ReadAllText(o.JwksFile), $"Es:Auth:External:JwksFile ({o.JwksFile})");
            if (!string.IsNullOrWhiteSpace(o.PublicKeys)) return FromPem(o.PublicKeys, "Es:Auth:External:PublicKeys");
            if (!string.IsNullOrWhiteSpace(o.PublicKeysFile)) return FromPem(File.ReadAllText(o.PublicKeysFile), $"Es:Auth:External:PublicKeysFile ({o.PublicKeysFile})");
            return ([], null);
        }
        catch (IOException e) { return ([], $"Es:Auth:External: cannot read the key file: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return ([], $"Es:Auth:External: cannot read the key file: {e.Message}"); }
    }

    private static (IReadOnlyList<SecurityKey>, string?) FromJwks(string json, string where)
    {
        JsonWebKeySet set;
        try { set = new JsonWebKeySet(json); }
        catch (ArgumentException e) { return ([], $"{where} is not a JWKS document: {e.Message}"); }
        foreach (var key in set.Keys)
        {
            // A shared secret in a provider's key set would let anyone who reads the configuration mint tokens.
            if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
                return ([], $"{where}: key '{key.Kid}' is of type '{key.Kty}'; only RSA and EC public keys are accepted.");
            if (key.HasPrivateKey)
                return ([], $"{where}: key '{key.Kid}' holds a private key; give Es the public key only.");
        }
        var keys = set.Keys.Where(k => k.Use is null or "" or JsonWebKeyUseNames.Sig).Cast<SecurityKey>().ToList();
        return keys.Count == 0 ? ([], $"{where} holds no signing key.") : (keys, null);
    }

    private static (IReadOnlyList<SecurityKey>, string?) FromPem(string pem, string where)
    {
        var keys = new List<SecurityKey>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            rest = rest[fields.Location.End..];
            if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
                return ([], $"{where} holds a private key; give Es the public key only.");
            try
            {
                keys.Add(label switch
                {
                    "PUBLIC KEY" => PublicKey(der),
                    "RSA PUBLIC KEY" => RsaPublicKey(der),
                    "CERTIFICATE" => new X509SecurityKey(X509CertificateLoader.LoadCertificate(der)),
                    _ => throw new CryptographicException($"a PEM block labelled '{label}' is not a public key or a certificate"),
                });
            }
            catch (CryptographicException e) { return ([], $"{where}: {e.Message}"); }
        }
        return keys.Count == 0 ? ([], $"{where} holds no PEM public key.") : (keys, null);
    }

    private static SecurityKey RsaPublicKey(byte[] der)
    {
        var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(der, out _);
        return new RsaSecurityKey(rsa);
    }

    /// <summary>A SubjectPublicKeyInfo: RSA or EC.</summary>
    private static SecurityKey PublicKey(byte[] der)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return new RsaSecurityKey(rsa);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }
        var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(der, out _);
        return new ECDsaSecurityKey(ec);
    }
}

/// <summary>Checks <c>Es:Auth</c> at start: an external provider is complete, its keys parse, and it does not contradict Es's own signing.</summary>
public sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.UsesExternalProvider) return ValidateOptionsResult.Success;
        var o = options.External!;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Issuer)) failures.Add("Es:Auth:External:Issuer is required: the `iss` the provider's tokens carry.");
        if (string.IsNullOrWhiteSpace(o.Audience)) failures.Add("Es:Auth:External:Audience is required: the `aud` the provider's tokens are issued for.");
        if (o.Issuer == options.Issuer)
            failures.Add($"Es:Auth:External:Issuer must differ from Es:Auth:Issuer ('{options.Issuer}'), the issuer of Es's own tokens.");
        if (options.SigningKey is not null)
            failures.Add("Es:Auth:SigningKey signs Es's own tokens, which Es does not issue with an external provider: remove one of the two.");
        var sources = o.KeySources().ToList();
        if (sources.Count != 1)
            failures.Add("Es:Auth:External needs its signing keys from exactly one of Authority (OpenID Connect discovery), Jwks, JwksFile, PublicKeys, PublicKeysFile"
                + (sources.Count == 0 ? "; none is given." : $"; given: {string.Join(", ", sources.Select(s => s.Name))}."));
        else if (sources[0].Name == nameof(ExternalProviderOptions.Authority))
        {
            if (!Uri.TryCreate(o.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && o.RequireHttpsMetadata))
                failures.Add("Es:Auth:External:Authority must be an absolute https URL (http only with RequireHttpsMetadata = false).");
        }
        else if (ExternalSigningKeys.Parse(o).Error is { } keyError)
            failures.Add(keyError);
        if (string.IsNullOrWhiteSpace(o.RoleClaim) || o.RoleClaim is EsClaims.MemberId)
            failures.Add("Es:Auth:External:RoleClaim must name the provider's roles claim.");
        foreach (var (providerRole, esRole) in o.RoleMap)
            if (!EsRoles.All.Contains(esRole))
                failures.Add($"Es:Auth:External:RoleMap:{providerRole} = '{esRole}' is not an Es role ({string.Join(", ", EsRoles.All.Order())}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
