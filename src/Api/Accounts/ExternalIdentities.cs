using Es.EventStore;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace Es.Api.Accounts;

/// <summary>
/// Which member an external provider's subject is: (issuer, subject) → member id, unique both ways,
/// kept outside the event log like the accounts table (an identity at a provider is a credential,
/// not a community fact). A mapping never changes once the member is registered, so lookups are
/// cached; only mappings found are cached, so a subject registered on another node is seen at once.
/// </summary>
public sealed class ExternalIdentities(NpgsqlDataSource dataSource, EventStoreOptions eventStore) : IDisposable
{
    private readonly string _s = eventStore.Schema;
    private readonly MemoryCache _members = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private static readonly TimeSpan Cached = TimeSpan.FromMinutes(10);

    private string S(string sql) => sql.Replace("{s}", _s);

    private const string Migrate = """
        CREATE TABLE IF NOT EXISTS {s}.external_identities (
            issuer      text        NOT NULL,
            subject     text        NOT NULL,
            member_id   uuid        NOT NULL UNIQUE,
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (issuer, subject));
        """;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_s}", connection)) await create.ExecuteNonQueryAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(_s + ".external_identities");
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand(S(Migrate), connection, tx)) await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The member <paramref name="subject"/> of <paramref name="issuer"/> is, or null while it has not registered.</summary>
    public async Task<Guid?> MemberOfAsync(string issuer, string subject, CancellationToken ct)
    {
        if (_members.TryGetValue((issuer, subject), out Guid cached)) return cached;
        await using var cmd = dataSource.CreateCommand(S("SELECT member_id FROM {s}.external_identities WHERE issuer = $1 AND subject = $2"));
        cmd.Parameters.AddWithValue(issuer);
        cmd.Parameters.AddWithValue(subject);
        if (await cmd.ExecuteScalarAsync(ct) is not Guid memberId) return null;
        _members.Set((issuer, subject), memberId, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Cached });
        return memberId;
    }

    /// <summary>Maps the subject to <paramref name="memberId"/>; false when the subject is mapped already.</summary>
    public async Task<bool> MapAsync(string issuer, string subject, Guid memberId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("""
            INSERT INTO {s}.external_identities (issuer, subject, member_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """));
        cmd.Parameters.AddWithValue(issuer);
        cmd.Parameters.AddWithValue(subject);
        cmd.Parameters.AddWithValue(memberId);
        var mapped = await cmd.ExecuteNonQueryAsync(ct) == 1;
        _members.Remove((issuer, subject));
        return mapped;
    }

    /// <summary>Removes the mapping of a member that could not be registered (its handle was taken meanwhile).</summary>
    public async Task UnmapAsync(string issuer, string subject, Guid memberId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("DELETE FROM {s}.external_identities WHERE issuer = $1 AND subject = $2 AND member_id = $3"));
        cmd.Parameters.AddWithValue(issuer);
        cmd.Parameters.AddWithValue(subject);
        cmd.Parameters.AddWithValue(memberId);
        await cmd.ExecuteNonQueryAsync(ct);
        _members.Remove((issuer, subject));
    }

    public void Dispose() => _members.Dispose();
}
