using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Polls;

/// <summary>
/// Local issue polls: one row per poll with its tally (votes per option, an int array kept on the
/// row, so results are one read) and each member's current vote (for "my vote" and turnout).
/// A changed vote moves one vote from the old option to the new one.
/// </summary>
public sealed class PollProjection : Projection
{
    public const string Polls = "polls";
    public const string Votes = "poll_votes";

    public override string Name => "polls";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PollOpened", "VoteCast", "VoteChanged", "PollClosed",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Polls, """
            poll_id      uuid        PRIMARY KEY,
            opened_by    uuid        NOT NULL,
            region       text        NOT NULL,
            question     text        NOT NULL,
            options      text[]      NOT NULL,
            tally        int[]       NOT NULL,
            total_votes  int         NOT NULL DEFAULT 0,
            opened_at    timestamptz NOT NULL,
            closes_at    timestamptz NOT NULL,
            closed_at    timestamptz
            """,
            "CREATE INDEX ON {table} (region, closes_at, poll_id)",
            "CREATE INDEX ON {table} (closes_at, poll_id)"),
        new(Votes, """
            poll_id    uuid        NOT NULL,
            member_id  uuid        NOT NULL,
            option     int         NOT NULL,
            voted_at   timestamptz NOT NULL,
            PRIMARY KEY (poll_id, member_id)
            """,
            "CREATE INDEX ON {table} (member_id)"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.Data switch
    {
        PollOpened p => p.PollId.ToString(),
        VoteCast p => p.PollId.ToString(),
        VoteChanged p => p.PollId.ToString(),
        PollClosed p => p.PollId.ToString(),
        var other => throw new ArgumentException($"polls does not handle {other.GetType().Name}"),
    }];

    private const string Open = """
        INSERT INTO {polls} (poll_id, opened_by, region, question, options, tally, opened_at, closes_at)
        VALUES (?, ?, ?, ?, ?, array_fill(0, ARRAY[?::int]), ?, ?) ON CONFLICT (poll_id) DO NOTHING
        """;
    // Arrays are 1-based in PostgreSQL, options 0-based in the domain.
    private const string Cast = """
        WITH cast_ AS (
            INSERT INTO {votes} (poll_id, member_id, option, voted_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (poll_id, member_id) DO NOTHING RETURNING poll_id, option)
        UPDATE {polls} p SET tally[c.option + 1] = p.tally[c.option + 1] + 1, total_votes = p.total_votes + 1
        FROM cast_ c WHERE p.poll_id = c.poll_id
        """;
    private const string Change = """
        WITH changed AS (
            UPDATE {votes} SET option = ?, voted_at = ? WHERE poll_id = ? AND member_id = ? AND option = ?
            RETURNING poll_id)
        UPDATE {polls} p SET tally[?::int + 1] = p.tally[?::int + 1] - 1, tally[?::int + 1] = p.tally[?::int + 1] + 1
        FROM changed c WHERE p.poll_id = c.poll_id
        """;
    private const string Close = "UPDATE {polls} SET closed_at = ? WHERE poll_id = ? AND closed_at IS NULL";

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{polls}", batch.Table(Polls)).Replace("{votes}", batch.Table(Votes));
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case PollOpened e:
                    batch.Execute(S(Open), e.PollId, e.OpenedBy, e.Region, e.Question, e.Options.ToArray(), e.Options.Count, e.OpenedAt, e.ClosesAt);
                    break;
                case VoteCast e:
                    batch.Execute(S(Cast), e.PollId, e.MemberId, e.Option, e.CastAt);
                    break;
                case VoteChanged e:
                    batch.Execute(S(Change), e.ToOption, e.ChangedAt, e.PollId, e.MemberId, e.FromOption,
                        e.FromOption, e.FromOption, e.ToOption, e.ToOption);
                    break;
                case PollClosed e:
                    batch.Execute(S(Close), e.ClosedAt, e.PollId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
