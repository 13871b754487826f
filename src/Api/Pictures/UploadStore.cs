using Es.EventStore;
using Npgsql;

namespace Es.Api.Pictures;

/// <summary>A stored picture as the API serves and describes it.</summary>
public sealed record StoredImage(string Hash, string ContentType, int SizeBytes, int Width, int Height,
    string ThumbnailHash, int ThumbnailSizeBytes, int ThumbnailWidth, int ThumbnailHeight);

/// <summary>Whose an upload is, for a caller about to name it in a command.</summary>
public enum UploadOwnership { Unknown, SomeoneElses, Mine }

/// <summary>
/// Who uploaded which picture, outside the event log (like the accounts): the domain knows a
/// picture only by its hash, and "only the uploader can attach their upload" is checked here
/// before a command names it. One row per (hash, uploader): two members who upload the same bytes
/// each own them. The earliest row of a hash is the one served, so its thumbnail never changes
/// under an immutable URL even if the thumbnail settings do.
/// </summary>
public sealed class UploadStore(NpgsqlDataSource dataSource, EventStoreOptions eventStore)
{
    private readonly string _s = eventStore.Schema;

    private string S(string sql) => sql.Replace("{s}", _s);

    /// <summary>The uploads table, schema-qualified, for readers that join it.</summary>
    public string Table => $"{_s}.uploads";

    private const string Migrate = """
        CREATE TABLE IF NOT EXISTS {s}.uploads (
            hash                  text        NOT NULL,
            uploader_id           uuid        NOT NULL,
            content_type          text        NOT NULL,
            size_bytes            int         NOT NULL,
            width                 int         NOT NULL,
            height                int         NOT NULL,
            thumbnail_hash        text        NOT NULL,
            thumbnail_size_bytes  int         NOT NULL,
            thumbnail_width       int         NOT NULL,
            thumbnail_height      int         NOT NULL,
            created_at            timestamptz NOT NULL,
            PRIMARY KEY (hash, uploader_id));
        CREATE INDEX IF NOT EXISTS uploads_uploader ON {s}.uploads (uploader_id, created_at);
        """;

    private const string Columns = "hash, content_type, size_bytes, width, height, thumbnail_hash, thumbnail_size_bytes, thumbnail_width, thumbnail_height";

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_s}", connection)) await create.ExecuteNonQueryAsync(ct);
        // Two nodes starting together would race on CREATE ... IF NOT EXISTS; one lock, one migration.
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(_s + ".uploads");
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand(S(Migrate), connection, tx)) await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Records that <paramref name="uploader"/> uploaded the picture (again: nothing changes) and returns the picture as served.</summary>
    public async Task<StoredImage> RecordAsync(StoredImage image, Guid uploader, DateTimeOffset at, CancellationToken ct)
    {
        await using (var cmd = dataSource.CreateCommand(S($"""
            INSERT INTO {"{s}"}.uploads ({Columns}, uploader_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (hash, uploader_id) DO NOTHING
            """)))
        {
            cmd.Parameters.AddWithValue(image.Hash);
            cmd.Parameters.AddWithValue(image.ContentType);
            cmd.Parameters.AddWithValue(image.SizeBytes);
            cmd.Parameters.AddWithValue(image.Width);
            cmd.Parameters.AddWithValue(image.Height);
            cmd.Parameters.AddWithValue(image.ThumbnailHash);
            cmd.Parameters.AddWithValue(image.ThumbnailSizeBytes);
            cmd.Parameters.AddWithValue(image.ThumbnailWidth);
            cmd.Parameters.AddWithValue(image.ThumbnailHeight);
            cmd.Parameters.AddWithValue(uploader);
            cmd.Parameters.AddWithValue(at);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return await FindAsync(image.Hash, ct) ?? image;
    }

    /// <summary>The picture stored under <paramref name="hash"/>, as first uploaded; null when nobody uploaded it.</summary>
    public async Task<StoredImage?> FindAsync(string hash, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S($"SELECT {Columns} FROM {"{s}"}.uploads WHERE hash = $1 ORDER BY created_at, uploader_id LIMIT 1"));
        cmd.Parameters.AddWithValue(hash);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>For each hash: nobody uploaded it, someone else did, or the member did (one statement for all).</summary>
    public async Task<IReadOnlyDictionary<string, UploadOwnership>> OwnershipAsync(Guid memberId, IReadOnlyList<string> hashes, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("SELECT hash, bool_or(uploader_id = $2) FROM {s}.uploads WHERE hash = ANY ($1) GROUP BY hash"));
        cmd.Parameters.AddWithValue(hashes.ToArray());
        cmd.Parameters.AddWithValue(memberId);
        var found = hashes.Distinct().ToDictionary(h => h, _ => UploadOwnership.Unknown);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[r.GetString(0)] = r.GetBoolean(1) ? UploadOwnership.Mine : UploadOwnership.SomeoneElses;
        return found;
    }

    private static StoredImage Read(NpgsqlDataReader r, int at = 0) =>
        new(r.GetString(at), r.GetString(at + 1), r.GetInt32(at + 2), r.GetInt32(at + 3), r.GetInt32(at + 4),
            r.GetString(at + 5), r.GetInt32(at + 6), r.GetInt32(at + 7), r.GetInt32(at + 8));
}
