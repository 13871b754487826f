using Es.Api.Schema;
using Es.Projections;
using Npgsql;

namespace Es.Api.Polls;

public sealed record PollView(Guid Id, Guid OpenedBy, string Region, string Question, string[] Options, int[] Tally, int TotalVotes,
    DateTimeOffset OpenedAt, DateTimeOffset ClosesAt, DateTimeOffset? ClosedAt)
{
    /// <summary>Closed when someone recorded it, or once its deadline passed (the domain refuses votes from then on).</summary>
    public bool IsClosedAt(DateTimeOffset now) => ClosedAt is not null || now >= ClosesAt;

    /// <summary>When it closed: recorded, or its deadline once passed; null while open.</summary>
    public DateTimeOffset? ClosedAtAsOf(DateTimeOffset now) => ClosedAt ?? (now >= ClosesAt ? ClosesAt : null);
}

public sealed record PollOptionView(int Index, string Text, int Votes);

public enum PollStatus { Open, Closed }

/// <summary>
/// Reads of the polls read model. Open polls come soonest-closing first; closed polls most
/// recently closed first (by deadline), both as keyset pages.
/// </summary>
public sealed class PollReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _polls = catalog.ViewName("polls");
    private readonly string _votes = catalog.ViewName("poll_votes");

    private const string Columns = "poll_id, opened_by, region, question, options, tally, total_votes, opened_at, closes_at, closed_at";

    public async Task<Connection<PollView>> ListAsync(string? region, PollStatus status, DateTimeOffset now, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(now);
        var where = new List<string> { status == PollStatus.Open ? "closed_at IS NULL AND closes_at > $1" : "(closed_at IS NOT NULL OR closes_at <= $1)" };
        if (region is not null) { cmd.Parameters.AddWithValue(region); where.Add($"region = ${cmd.Parameters.Count}"); }
        var descending = status == PollStatus.Closed;
        var order = descending ? "closes_at DESC, poll_id DESC" : "closes_at, poll_id";
        if (page.AfterTimeAndId(cmd, "closes_at", "poll_id", descending) is { } after) where.Add(after);
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"SELECT {Columns} FROM {_polls} WHERE {string.Join(" AND ", where)} ORDER BY {order} LIMIT ${cmd.Parameters.Count}";
        return (await ReadAsync(cmd, ct)).ToConnection(page, p => [Cursors.Time(p.ClosesAt), p.Id.ToString()]);
    }

    public async Task<IReadOnlyDictionary<Guid, PollView>> ByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM {_polls} WHERE poll_id = ANY ($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        return (await ReadAsync(cmd, ct)).ToDictionary(p => p.Id);
    }

    /// <summary>The member's current option in each of <paramref name="pollIds"/> they voted in: one statement for a list.</summary>
    public async Task<IReadOnlyDictionary<Guid, int?>> VotesOfAsync(Guid memberId, IReadOnlyList<Guid> pollIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT poll_id, option FROM {_votes} WHERE member_id = $1 AND poll_id = ANY ($2)");
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(pollIds.ToArray());
        var votes = pollIds.Distinct().ToDictionary(id => id, _ => (int?)null);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) votes[r.GetGuid(0)] = r.GetInt32(1);
        return votes;
    }

    private static async Task<List<PollView>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<PollView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new PollView(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4), r.GetFieldValue<int[]>(5),
                r.GetInt32(6), r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9)));
        return rows;
    }
}
