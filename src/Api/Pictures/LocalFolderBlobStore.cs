namespace Es.Api.Pictures;

/// <summary>
/// Blobs as files under one folder, fanned out by the hash's first two digits
/// (<c>ab/abcdef…</c>) so no folder grows past a few thousand files. The embedded default; a
/// cluster of nodes needs a shared folder or <see cref="S3BlobStore"/>.
/// </summary>
public sealed class LocalFolderBlobStore : IBlobStore
{
    public LocalFolderBlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string hash)
    {
        BlobHash.RequireWellFormed(hash);
        return Path.Combine(Root, hash[..2], hash);
    }

    public async Task PutAsync(string hash, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        BlobHash.RequireMatches(hash, content.Span);
        var path = PathOf(hash);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside, then moved in: a reader never sees half a blob, and two writers of the
        // same hash both end with the one complete file.
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{hash}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer stored the same bytes first.
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string hash, CancellationToken ct)
    {
        var path = PathOf(hash);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }
}
