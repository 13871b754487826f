namespace Es.Domain;

/// <summary>
/// How the domain names a picture: the SHA-256 of its stored bytes, 64 lower-case hex digits.
/// The domain never sees the bytes nor knows who uploaded them; the API checks that before it
/// sends a command naming a hash.
/// </summary>
public static class ImageHash
{
    public const int Length = 64;
    public const string Pattern = "^[0-9a-f]{64}$";

    /// <summary>Checked by hand rather than by regex: it guards file paths and object keys too.</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: Length } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
