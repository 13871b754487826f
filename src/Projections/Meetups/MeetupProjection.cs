using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Meetups;

/// <summary>
/// One-off exercise meetups: one row per meetup with its participant count kept on the row (so
/// "seats left" in a list is one indexed read), and who joined (for participants and "mine").
/// The host's own join is a MeetupJoined like any other (the domain records it on scheduling),
/// so the count is the participants' rows, host included.
/// </summary>
public sealed class MeetupProjection : Projection
{
    public const string Meetups = "meetups";
    public const string Participants = "meetup_participants";

    public override string Name => "meetups";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MeetupScheduled", "MeetupJoined", "MeetupLeft", "MeetupCancelled",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Meetups, """
            meetup_id          uuid        PRIMARY KEY,
            host_id            uuid        NOT NULL,
            title              text        NOT NULL,
            region             text        NOT NULL,
            place              text        NOT NULL,
            starts_at          timestamptz NOT NULL,
            capacity           int         NOT NULL,
            participant_count  int         NOT NULL DEFAULT 0,
            scheduled_at       timestamptz NOT NULL,
            cancelled_at       timestamptz,
            cancel_reason      text
            """,
            "CREATE INDEX ON {table} (region, starts_at, meetup_id)",
            "CREATE INDEX ON {table} (starts_at, meetup_id)",
            "CREATE INDEX ON {table} (host_id, starts_at, meetup_id)"),
        new(Participants, """
            meetup_id  uuid        NOT NULL,
            member_id  uuid        NOT NULL,
            joined_at  timestamptz NOT NULL,
            PRIMARY KEY (meetup_id, member_id)
            """,
            "CREATE INDEX ON {table} (member_id)"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.Data switch
    {
        MeetupScheduled m => m.MeetupId.ToString(),
        MeetupJoined m => m.MeetupId.ToString(),
        MeetupLeft m => m.MeetupId.ToString(),
        MeetupCancelled m => m.MeetupId.ToString(),
        var other => throw new ArgumentException($"meetups does not handle {other.GetType().Name}"),
    }];

    private const string Schedule = """
        INSERT INTO {meetups} (meetup_id, host_id, title, region, place, starts_at, capacity, scheduled_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meetup_id) DO NOTHING
        """;
    // Counting from the rows written keeps the count right even if an event were applied twice.
    private const string Join = """
        WITH joined AS (
            INSERT INTO {participants} (meetup_id, member_id, joined_at) VALUES (?, ?, ?)
            ON CONFLICT (meetup_id, member_id) DO NOTHING RETURNING meetup_id)
        UPDATE {meetups} SET participant_count = participant_count + 1 WHERE meetup_id IN (SELECT meetup_id FROM joined)
        """;
    private const string Leave = """
        WITH left_ AS (DELETE FROM {participants} WHERE meetup_id = ? AND member_id = ? RETURNING meetup_id)
        UPDATE {meetups} SET participant_count = participant_count - 1 WHERE meetup_id IN (SELECT meetup_id FROM left_)
        """;
    private const string Cancel = "UPDATE {meetups} SET cancelled_at = ?, cancel_reason = ?::text WHERE meetup_id = ?";

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{meetups}", batch.Table(Meetups)).Replace("{participants}", batch.Table(Participants));
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MeetupScheduled e:
                    batch.Execute(S(Schedule), e.MeetupId, e.HostId, e.Title, e.Region, e.Place, e.StartsAt, e.Capacity, e.ScheduledAt);
                    break;
                case MeetupJoined e:
                    batch.Execute(S(Join), e.MeetupId, e.MemberId, e.JoinedAt);
                    break;
                case MeetupLeft e:
                    batch.Execute(S(Leave), e.MeetupId, e.MemberId);
                    break;
                case MeetupCancelled e:
                    batch.Execute(S(Cancel), e.CancelledAt, e.Reason, e.MeetupId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
