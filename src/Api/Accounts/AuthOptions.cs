using System.ComponentModel.DataAnnotations;

namespace Es.Api.Accounts;

/// <summary>Sign-in and tokens, bound from <c>Es:Auth</c> and validated at start.</summary>
public sealed class AuthOptions
{
    public const string Section = "Es:Auth";

    /// <summary>The issuer and audience of Es's own access tokens.</summary>
    [Required] public string Issuer { get; set; } = "es";
    [Required] public string Audience { get; set; } = "es";

    /// <summary>
    /// The HMAC key that signs access tokens, base64, at least 32 bytes. Unset (the embedded
    /// default): a random key is made once and kept in the database, so every node and every
    /// restart accepts the same tokens.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// An external identity provider whose tokens Es accepts instead of its own (<c>Es:Auth:External</c>):
    /// its subjects are mapped to members, and signUp, signIn and refreshSession are refused.
    /// </summary>
    public ExternalProviderOptions? External { get; set; }

    /// <summary>True when <see cref="External"/> names a provider (any of its settings is given).</summary>
    public bool UsesExternalProvider => External?.IsGiven == true;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")] public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")] public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Wrong passwords in a row that lock an account, and for how long.</summary>
    [Range(1, 100)] public int MaxFailedSignIns { get; set; } = 5;
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
