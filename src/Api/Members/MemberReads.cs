using Es.Projections;
using Npgsql;

namespace Es.Api.Members;

/// <summary>A member's public profile, from the members read model.</summary>
public sealed record MemberView(Guid Id, string Handle, string DisplayName, string Region, string[] ConditionsOfInterest,
    DateTimeOffset RegisteredAt, bool Deactivated, string Verification, string? Profession);

/// <summary>Reads of the members read model (the view onto its current build).</summary>
public sealed class MemberReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _members = catalog.ViewName("members");

    private string Select => $"SELECT member_id, handle, display_name, region, conditions, registered_at, deactivated, verification, profession FROM {_members}";

    public async Task<IReadOnlyDictionary<Guid, MemberView>> ByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{Select} WHERE member_id = ANY ($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        var found = new Dictionary<Guid, MemberView>();
        await foreach (var m in ReadAsync(cmd, ct)) found[m.Id] = m;
        return found;
    }

    public async Task<MemberView?> ByHandleAsync(string handle, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{Select} WHERE lower(handle) = lower($1)");
        cmd.Parameters.AddWithValue(handle);
        await foreach (var m in ReadAsync(cmd, ct)) return m;
        return null;
    }

    private static async IAsyncEnumerable<MemberView> ReadAsync(NpgsqlCommand cmd, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            yield return new MemberView(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetBoolean(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8));
    }
}
