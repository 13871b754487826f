using Es.Domain;
using Es.EventStore;
using Es.Projections.Trends;

namespace Es.Projections.Regions;

/// <summary>
/// The regional view: who lives in each region (and the conditions they follow), the region's posts,
/// meetups and polls (with each poll's electorate when it opened and its voters), and who was active
/// in the region each Seoul month. Counts are made when read (RegionReads), where small ones are
/// suppressed; these tables never leave the server as they are.
/// </summary>
public sealed class RegionProjection : Projection
{
    public const string Members = "region_members";
    public const string Posts = "region_posts";
    public const string Meetups = "region_meetups";
    public const string Polls = "region_polls";
    public const string Voters = "region_poll_voters";
    public const string Activity = "region_activity";

    public override string Name => "regions";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MemberRegistered", "ProfileUpdated", "MemberDeactivated",
        "PostPublished", "PostDeleted", "CommentAdded", "PostLiked",
        "MeetupScheduled", "MeetupJoined", "MeetupCancelled",
        "PollOpened", "VoteCast", "VoteChanged", "PollClosed",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Members, "member_id uuid PRIMARY KEY, region text NOT NULL, conditions text[] NOT NULL, active boolean NOT NULL DEFAULT true",
            "CREATE INDEX ON {table} (region) WHERE active"),
        new(Posts, "post_id uuid PRIMARY KEY, region text NOT NULL, deleted boolean NOT NULL DEFAULT false", "CREATE INDEX ON {table} (region)"),
        new(Meetups, "meetup_id uuid PRIMARY KEY, region text NOT NULL, cancelled boolean NOT NULL DEFAULT false", "CREATE INDEX ON {table} (region)"),
        new(Polls, """
            poll_id     uuid        PRIMARY KEY,
            region      text        NOT NULL,
            electorate  int         NOT NULL,
            closes_at   timestamptz NOT NULL,
            closed_at   timestamptz
            """, "CREATE INDEX ON {table} (region, closes_at)"),
        new(Voters, "poll_id uuid NOT NULL, member_id uuid NOT NULL, PRIMARY KEY (poll_id, member_id)"),
        new(Activity, "region text NOT NULL, month date NOT NULL, member_id uuid NOT NULL, PRIMARY KEY (region, month, member_id)"),
    ];

    /// <summary>
    /// <c>region:NAME</c> for an event that names its region; a comment, like, join or vote names its
    /// post, meetup or poll (<c>post:ID</c>, <c>meetup:ID</c>, <c>poll:ID</c>), a profile change its member.
    /// </summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MemberRegistered m => [$"member:{m.MemberId}", $"region:{m.Region}"],
        ProfileUpdated m => [$"member:{m.MemberId}", $"region:{m.Region}"],
        MemberDeactivated m => [$"member:{m.MemberId}"],
        PostPublished p => [$"post:{p.PostId}", $"region:{p.Region}"],
        PostDeleted p => [$"post:{p.PostId}"],
        CommentAdded p => [$"post:{p.PostId}"],
        PostLiked p => [$"post:{p.PostId}"],
        MeetupScheduled m => [$"meetup:{m.MeetupId}", $"region:{m.Region}"],
        MeetupJoined m => [$"meetup:{m.MeetupId}"],
        MeetupCancelled m => [$"meetup:{m.MeetupId}"],
        PollOpened p => [$"poll:{p.PollId}", $"region:{p.Region}"],
        VoteCast p => [$"poll:{p.PollId}"],
        VoteChanged p => [$"poll:{p.PollId}"],
        PollClosed p => [$"poll:{p.PollId}"],
        var other => throw new ArgumentException($"regions does not handle {other.GetType().Name}"),
    };

    /// <summary>The first day of the Seoul month of an instant: the key of monthly activity.</summary>
    public static DateOnly MonthOf(DateTimeOffset at)
    {
        var day = CommunityCalendar.DayOf(at);
        return new DateOnly(day.Year, day.Month, 1);
    }

    private const string Register = """
        INSERT INTO {members} (member_id, region, conditions) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING
        """;
    private const string Profile = "UPDATE {members} SET region = ?, conditions = ? WHERE member_id = ?";
    private const string Deactivate = "UPDATE {members} SET active = false WHERE member_id = ?";
    private const string Publish = "INSERT INTO {posts} (post_id, region) VALUES (?, ?) ON CONFLICT (post_id) DO NOTHING";
    private const string DeletePost = "UPDATE {posts} SET deleted = true WHERE post_id = ?";
    private const string Schedule = "INSERT INTO {meetups} (meetup_id, region) VALUES (?, ?) ON CONFLICT (meetup_id) DO NOTHING";
    private const string Cancel = "UPDATE {meetups} SET cancelled = true WHERE meetup_id = ?";
    // The electorate is the region's active members when the poll opened (statements run in log order).
    private const string Open = """
        INSERT INTO {polls} (poll_id, region, electorate, closes_at)
        SELECT ?, ?::text, (SELECT count(*) FROM {members} WHERE region = ?::text AND active), ?
        ON CONFLICT (poll_id) DO NOTHING
        """;
    private const string Vote = "INSERT INTO {voters} (poll_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private const string Close = "UPDATE {polls} SET closed_at = ? WHERE poll_id = ? AND closed_at IS NULL";
    private const string Active = "INSERT INTO {activity} (region, month, member_id) VALUES (?, ?::date, ?) ON CONFLICT DO NOTHING";
    // A comment, like, join or vote is activity in the region of what it is on.
    private const string ActiveOn = """
        INSERT INTO {activity} (region, month, member_id)
        SELECT region, ?::date, ? FROM {items} WHERE {id} = ?
        ON CONFLICT DO NOTHING
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{members}", batch.Table(Members)).Replace("{posts}", batch.Table(Posts))
            .Replace("{meetups}", batch.Table(Meetups)).Replace("{polls}", batch.Table(Polls)).Replace("{voters}", batch.Table(Voters))
            .Replace("{activity}", batch.Table(Activity));
        string On(string items, string id) => S(ActiveOn).Replace("{items}", batch.Table(items)).Replace("{id}", id);
        static string Month(DateTimeOffset at) => MonthOf(at).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MemberRegistered e:
                    batch.Execute(S(Register), e.MemberId, e.Region, e.ConditionsOfInterest.ToArray());
                    break;
                case ProfileUpdated e:
                    batch.Execute(S(Profile), e.Region, e.ConditionsOfInterest.ToArray(), e.MemberId);
                    break;
                case MemberDeactivated e:
                    batch.Execute(S(Deactivate), e.MemberId);
                    break;
                case PostPublished e:
                    batch.Execute(S(Publish), e.PostId, e.Region);
                    batch.Execute(S(Active), e.Region, Month(e.PublishedAt), e.AuthorId);
                    break;
                case PostDeleted e:
                    batch.Execute(S(DeletePost), e.PostId);
                    break;
                case CommentAdded e:
                    batch.Execute(On(Posts, "post_id"), Month(e.AddedAt), e.AuthorId, e.PostId);
                    break;
                case PostLiked e:
                    batch.Execute(On(Posts, "post_id"), Month(e.LikedAt), e.MemberId, e.PostId);
                    break;
                case MeetupScheduled e:
                    batch.Execute(S(Schedule), e.MeetupId, e.Region);
                    batch.Execute(S(Active), e.Region, Month(e.ScheduledAt), e.HostId);
                    break;
                case MeetupJoined e:
                    batch.Execute(On(Meetups, "meetup_id"), Month(e.JoinedAt), e.MemberId, e.MeetupId);
                    break;
                case MeetupCancelled e:
                    batch.Execute(S(Cancel), e.MeetupId);
                    break;
                case PollOpened e:
                    batch.Execute(S(Open), e.PollId, e.Region, e.Region, e.ClosesAt);
                    batch.Execute(S(Active), e.Region, Month(e.OpenedAt), e.OpenedBy);
                    break;
                case VoteCast e:
                    batch.Execute(S(Vote), e.PollId, e.MemberId);
                    batch.Execute(On(Polls, "poll_id"), Month(e.CastAt), e.MemberId, e.PollId);
                    break;
                case VoteChanged e:
                    batch.Execute(On(Polls, "poll_id"), Month(e.ChangedAt), e.MemberId, e.PollId);
                    break;
                case PollClosed e:
                    batch.Execute(S(Close), e.ClosedAt, e.PollId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
