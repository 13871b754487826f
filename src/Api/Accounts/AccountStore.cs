using System.Security.Cryptography;
using Es.EventStore;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Es.Api.Accounts;

/// <summary>An account as sign-in sees it.</summary>
public sealed record Account(Guid MemberId, string Email, string PasswordHash, string[] Roles, int FailedSignIns, DateTimeOffset? LockedUntil);

/// <summary>
/// Credentials live here, outside the event log: a password hash must be deletable and
/// re-hashable, which an immutable event is not. Hashes are ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned, rehashed when its defaults
/// move). Refresh tokens are stored only as SHA-256 hashes, grouped in families so that a reused
/// (stolen) token revokes every token of its sign-in.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, EventStoreOptions eventStore)
{
    private readonly string _s = eventStore.Schema;

    private string S(string sql) => sql.Replace("{s}", _s);

    private const string Migrate = """
        CREATE TABLE IF NOT EXISTS {s}.accounts (
            member_id        uuid        PRIMARY KEY,
            email            text        NOT NULL,
            password_hash    text        NOT NULL,
            roles            text[]      NOT NULL DEFAULT '{}',
            failed_sign_ins  int         NOT NULL DEFAULT 0,
            locked_until     timestamptz,
            created_at       timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX IF NOT EXISTS accounts_email ON {s}.accounts (lower(email));
        CREATE TABLE IF NOT EXISTS {s}.refresh_tokens (
            token_hash   bytea       PRIMARY KEY,
            member_id    uuid        NOT NULL,
            family       uuid        NOT NULL,
            expires_at   timestamptz NOT NULL,
            used_at      timestamptz,
            revoked_at   timestamptz,
            created_at   timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS refresh_tokens_family ON {s}.refresh_tokens (family);
        CREATE TABLE IF NOT EXISTS {s}.auth_keys (
            name  text  PRIMARY KEY,
            key   bytea NOT NULL);
        """;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_s}", connection)) await create.ExecuteNonQueryAsync(ct);
        // Two nodes starting together would race on CREATE ... IF NOT EXISTS; one lock, one migration.
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(_s + ".accounts");
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand(S(Migrate), connection, tx)) await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The key that signs Es's access tokens: made once, shared by every node through the database.</summary>
    public async Task<byte[]> SigningKeyAsync(CancellationToken ct)
    {
        var fresh = RandomNumberGenerator.GetBytes(32);
        await using (var insert = dataSource.CreateCommand(S("INSERT INTO {s}.auth_keys (name, key) VALUES ('access-token', $1) ON CONFLICT (name) DO NOTHING")))
        {
            insert.Parameters.AddWithValue(fresh);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var select = dataSource.CreateCommand(S("SELECT key FROM {s}.auth_keys WHERE name = 'access-token'"));
        return (byte[])(await select.ExecuteScalarAsync(ct))!;
    }

    /// <summary>False when the email is taken.</summary>
    public async Task<bool> CreateAsync(Guid memberId, string email, string passwordHash, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("""
            INSERT INTO {s}.accounts (member_id, email, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """));
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(email);
        cmd.Parameters.AddWithValue(passwordHash);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Removes an account whose member could not be registered (the handle was taken meanwhile).</summary>
    public async Task DeleteAsync(Guid memberId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("DELETE FROM {s}.accounts WHERE member_id = $1"));
        cmd.Parameters.AddWithValue(memberId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<Account?> FindByEmailAsync(string email, CancellationToken ct) =>
        await FindAsync("lower(email) = lower($1)", email, ct);

    public async Task<Account?> FindAsync(Guid memberId, CancellationToken ct) => await FindAsync("member_id = $1", memberId, ct);

    private async Task<Account?> FindAsync(string where, object key, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S($"""
            SELECT member_id, email, password_hash, roles, failed_sign_ins, locked_until FROM {"{s}"}.accounts WHERE {where}
            """));
        cmd.Parameters.AddWithValue(key);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>Counts a wrong password; the account locks when the count reaches <paramref name="max"/>.</summary>
    public async Task RecordFailureAsync(Guid memberId, int max, DateTimeOffset lockUntil, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("""
            UPDATE {s}.accounts SET failed_sign_ins = failed_sign_ins + 1,
                locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END
            WHERE member_id = $1
            """));
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(max);
        cmd.Parameters.AddWithValue(lockUntil);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordSuccessAsync(Guid memberId, string? rehashed, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("""
            UPDATE {s}.accounts SET failed_sign_ins = 0, locked_until = NULL, password_hash = coalesce($2, password_hash) WHERE member_id = $1
            """));
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue((object?)rehashed ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task SetRolesAsync(Guid memberId, string[] roles, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("UPDATE {s}.accounts SET roles = $2 WHERE member_id = $1"));
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(roles);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task StoreRefreshTokenAsync(byte[] hash, Guid memberId, Guid family, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("INSERT INTO {s}.refresh_tokens (token_hash, member_id, family, expires_at) VALUES ($1, $2, $3, $4)"));
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(family);
        cmd.Parameters.AddWithValue(expiresAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>What became of using a refresh token once.</summary>
    public enum RefreshUse { Used, Unknown, Expired, Revoked, Reused }

    /// <summary>
    /// Marks the token used (it can be used once). A token used before is a stolen copy or a
    /// replay: its whole family is revoked, so the thief's and the member's tokens both stop.
    /// </summary>
    public async Task<(RefreshUse Use, Guid MemberId, Guid Family)> UseRefreshTokenAsync(byte[] hash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        Guid memberId, family;
        DateTimeOffset expires;
        bool used, revoked;
        await using (var find = new NpgsqlCommand(S("SELECT member_id, family, expires_at, used_at IS NOT NULL, revoked_at IS NOT NULL FROM {s}.refresh_tokens WHERE token_hash = $1 FOR UPDATE"), connection, tx))
        {
            find.Parameters.AddWithValue(hash);
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return (RefreshUse.Unknown, Guid.Empty, Guid.Empty);
            (memberId, family, expires, used, revoked) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3), reader.GetBoolean(4));
        }
        var use = revoked ? RefreshUse.Revoked : used ? RefreshUse.Reused : expires <= now ? RefreshUse.Expired : RefreshUse.Used;
        var sql = use switch
        {
            RefreshUse.Used => "UPDATE {s}.refresh_tokens SET used_at = $2 WHERE token_hash = $1",
            RefreshUse.Reused => "UPDATE {s}.refresh_tokens SET revoked_at = $2 WHERE family = (SELECT family FROM {s}.refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL",
            _ => null,
        };
        if (sql is not null)
        {
            await using var update = new NpgsqlCommand(S(sql), connection, tx);
            update.Parameters.AddWithValue(hash);
            update.Parameters.AddWithValue(now);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (use, memberId, family);
    }

    /// <summary>Revokes every token of the sign-in <paramref name="hash"/> belongs to; false when the token is unknown.</summary>
    public async Task<bool> RevokeFamilyAsync(byte[] hash, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("""
            UPDATE {s}.refresh_tokens SET revoked_at = $2
            WHERE family = (SELECT family FROM {s}.refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
            """));
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(now);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Revokes every refresh token of the member (deactivation): no session of theirs is renewed again.</summary>
    public async Task RevokeAllAsync(Guid memberId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S("UPDATE {s}.refresh_tokens SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL"));
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
