using Es.Api.Schema;
using Es.Projections;
using Npgsql;

namespace Es.Api.Meetups;

public sealed record MeetupView(Guid Id, Guid HostId, string Title, string Region, string Place, DateTimeOffset StartsAt,
    int Capacity, int ParticipantCount, DateTimeOffset ScheduledAt, DateTimeOffset? CancelledAt, string? CancelReason)
{
    public bool Cancelled => CancelledAt is not null;

    public int SeatsLeft => Cancelled ? 0 : Math.Max(0, Capacity - ParticipantCount);
}

public sealed record ParticipantView(Guid MemberId, DateTimeOffset JoinedAt);

/// <summary>Which of the caller's meetups: those they host, those they joined as a guest, or both.</summary>
public enum MeetupRole { Any, Hosting, Joined }

/// <summary>
/// Reads of the meetups read model. Lists are keyset pages in start order (starts_at, meetup_id),
/// so the next page never skips or repeats a meetup when another is scheduled meanwhile.
/// </summary>
public sealed class MeetupReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _meetups = catalog.ViewName("meetups");
    private readonly string _participants = catalog.ViewName("meetup_participants");

    private const string Columns = "m.meetup_id, m.host_id, m.title, m.region, m.place, m.starts_at, m.capacity, m.participant_count, m.scheduled_at, m.cancelled_at, m.cancel_reason";

    /// <summary>Meetups starting at or after <paramref name="from"/>, soonest first; by region when given.</summary>
    public async Task<Connection<MeetupView>> UpcomingAsync(string? region, DateTimeOffset from, bool includeCancelled, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var where = new List<string>();
        void Param(object value) => cmd.Parameters.AddWithValue(value);
        Param(from); where.Add("m.starts_at >= $1");
        if (region is not null) { Param(region); where.Add($"m.region = ${cmd.Parameters.Count}"); }
        if (!includeCancelled) where.Add("m.cancelled_at IS NULL");
        return await PageAsync(cmd, $"{_meetups} m", where, page, ct);
    }

    /// <summary>The member's meetups (hosting, joined as a guest, or both), soonest first; past ones too when <paramref name="from"/> is null.</summary>
    public async Task<Connection<MeetupView>> OfMemberAsync(Guid memberId, MeetupRole role, DateTimeOffset? from, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(memberId);
        var where = new List<string>();
        var source = role == MeetupRole.Hosting ? $"{_meetups} m" : $"{_meetups} m JOIN {_participants} p ON p.meetup_id = m.meetup_id AND p.member_id = $1";
        where.Add(role switch { MeetupRole.Hosting => "m.host_id = $1", MeetupRole.Joined => "m.host_id <> $1", _ => "true" });
        if (from is { } f) { cmd.Parameters.AddWithValue(f); where.Add($"m.starts_at >= ${cmd.Parameters.Count}"); }
        return await PageAsync(cmd, source, where, page, ct);
    }

    private static async Task<Connection<MeetupView>> PageAsync(NpgsqlCommand cmd, string source, List<string> where, PageRequest page, CancellationToken ct)
    {
        if (page.AfterTimeAndId(cmd, "m.starts_at", "m.meetup_id", descending: false) is { } after) where.Add(after);
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"SELECT {Columns} FROM {source} WHERE {string.Join(" AND ", where)} ORDER BY m.starts_at, m.meetup_id LIMIT ${cmd.Parameters.Count}";
        return (await ReadAsync(cmd, ct)).ToConnection(page, m => [Cursors.Time(m.StartsAt), m.Id.ToString()]);
    }

    public async Task<IReadOnlyDictionary<Guid, MeetupView>> ByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM {_meetups} m WHERE m.meetup_id = ANY ($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        return (await ReadAsync(cmd, ct)).ToDictionary(m => m.Id);
    }

    /// <summary>Which of <paramref name="meetupIds"/> the member takes part in: one statement for a whole list.</summary>
    public Task<IReadOnlyDictionary<Guid, bool>> JoinedByAsync(Guid memberId, IReadOnlyList<Guid> meetupIds, CancellationToken ct) =>
        Keyset.FlagsAsync(dataSource, $"SELECT meetup_id FROM {_participants} WHERE member_id = $1 AND meetup_id = ANY ($2)", memberId, meetupIds, ct);

    /// <summary>A meetup's participants in join order (the host first: the host joins on scheduling).</summary>
    public async Task<Connection<ParticipantView>> ParticipantsAsync(Guid meetupId, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(meetupId);
        var after = page.AfterTimeAndId(cmd, "joined_at", "member_id", descending: false) is { } a ? " AND " + a : "";
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"SELECT member_id, joined_at FROM {_participants} WHERE meetup_id = $1{after} ORDER BY joined_at, member_id LIMIT ${cmd.Parameters.Count}";
        var rows = new List<ParticipantView>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) rows.Add(new ParticipantView(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1)));
        return rows.ToConnection(page, p => [Cursors.Time(p.JoinedAt), p.MemberId.ToString()]);
    }

    private static async Task<List<MeetupView>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<MeetupView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new MeetupView(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
                r.GetInt32(6), r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8),
                r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetString(10)));
        return rows;
    }
}
