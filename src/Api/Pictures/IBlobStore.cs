namespace Es.Api.Pictures;

/// <summary>
/// Content-addressed bytes: a blob is stored under the SHA-256 of its content (64 lower-case hex
/// digits), so storing the same bytes twice keeps one copy and a stored blob never changes.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="hash"/>, which must be its SHA-256; a blob already there is left as it is.</summary>
    Task PutAsync(string hash, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct);

    /// <summary>The blob's bytes, or null when nothing is stored under <paramref name="hash"/>.</summary>
    Task<Stream?> OpenReadAsync(string hash, CancellationToken ct);
}

/// <summary>The checks every store makes, so a store is never asked to name a file or key from a bad hash.</summary>
public static class BlobHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    public static void RequireWellFormed(string hash)
    {
        if (!Es.Domain.ImageHash.IsWellFormed(hash))
            throw new ArgumentException("A blob hash is 64 lower-case hex digits.", nameof(hash));
    }

    public static void RequireMatches(string hash, ReadOnlySpan<byte> content)
    {
        RequireWellFormed(hash);
        if (Of(content) != hash)
            throw new ArgumentException("The content's SHA-256 is not the hash it is stored under.", nameof(hash));
    }
}
