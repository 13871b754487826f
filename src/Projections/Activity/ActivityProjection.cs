using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Activity;

/// <summary>
/// What each member did each community day (<see cref="CommunityCalendar"/>: Seoul days), by kind,
/// for member of the week and returning members. Scores are not stored: weights and caps are
/// applied when read, so they can change without a rebuild. Two lookup tables let a page credit
/// the right member: post → author (a like is also "received" by the author) and meetup → host
/// (the host's own join on scheduling is not also a "joined").
/// </summary>
/// <remarks>
/// The day of an action is the community day of the time on the event (PublishedAt, LikedAt, ...),
/// the time the command was decided at, not the time Marten stored it. Actions count as they
/// happened: a like later taken back, a meetup later left or a post later deleted still counted on
/// its day (the caps keep like/unlike loops from paying).
/// </remarks>
public sealed class ActivityProjection : Projection
{
    public const string Daily = "activity_daily";
    public const string Members = "activity_members";
    public const string PostAuthors = "activity_post_authors";
    public const string MeetupHosts = "activity_meetup_hosts";

    public override string Name => "activity";

    /// <summary>2: activity_members.deactivated (MemberDeactivated).</summary>
    public override int Version => 2;

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MemberRegistered", "ProfileUpdated", "MemberDeactivated", "AppVisited",
        "PostPublished", "CommentAdded", "PostLiked", "PostUnliked",
        "MeetupScheduled", "MeetupJoined", "MeetupLeft",
        "ChatMessageSent", "ConversationStarted", "MessagesRead",
        "PollOpened", "VoteCast", "VoteChanged",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Daily, """
            member_id  uuid        NOT NULL,
            day        date        NOT NULL,
            kind       text        NOT NULL,
            count      int         NOT NULL,
            first_at   timestamptz NOT NULL,
            PRIMARY KEY (member_id, day, kind)
            """,
            "CREATE INDEX ON {table} (day, member_id)"),
        new(Members, """
            member_id      uuid        PRIMARY KEY,
            region         text        NOT NULL,
            registered_at  timestamptz NOT NULL,
            deactivated    boolean     NOT NULL DEFAULT false
            """,
            "CREATE INDEX ON {table} (region)"),
        new(PostAuthors, "post_id uuid PRIMARY KEY, author_id uuid NOT NULL"),
        new(MeetupHosts, "meetup_id uuid PRIMARY KEY, host_id uuid NOT NULL"),
    ];

    /// <summary>The member who acted; a like or a meetup event also names its post or meetup, whose author or host it may credit.</summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MemberRegistered m => [m.MemberId.ToString()],
        ProfileUpdated m => [m.MemberId.ToString()],
        MemberDeactivated m => [m.MemberId.ToString()],
        AppVisited m => [m.MemberId.ToString()],
        PostPublished p => [p.AuthorId.ToString(), PostKey(p.PostId)],
        CommentAdded p => [p.AuthorId.ToString()],
        PostLiked p => [p.MemberId.ToString(), PostKey(p.PostId)],
        PostUnliked p => [p.MemberId.ToString()],
        MeetupScheduled m => [m.HostId.ToString(), MeetupKey(m.MeetupId)],
        MeetupJoined m => [m.MemberId.ToString(), MeetupKey(m.MeetupId)],
        MeetupLeft m => [m.MemberId.ToString()],
        ChatMessageSent c => [c.SenderId.ToString()],
        ConversationStarted c => [c.StartedBy.ToString()],
        MessagesRead c => [c.MemberId.ToString()],
        PollOpened p => [p.OpenedBy.ToString()],
        VoteCast v => [v.MemberId.ToString()],
        VoteChanged v => [v.MemberId.ToString()],
        var other => throw new ArgumentException($"activity does not handle {other.GetType().Name}"),
    };

    public static string PostKey(Guid postId) => $"post:{postId}";
    public static string MeetupKey(Guid meetupId) => $"meetup:{meetupId}";

    private const string Register = """
        INSERT INTO {members} (member_id, region, registered_at)
        SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) ON CONFLICT (member_id) DO NOTHING
        """;
    private const string MoveRegion = """
        UPDATE {members} m SET region = u.region FROM unnest(?::uuid[], ?::text[]) AS u(member_id, region) WHERE m.member_id = u.member_id
        """;
    // A deactivated member keeps their history but leaves the rankings and cohorts (the reads filter on it).
    private const string Deactivate = "UPDATE {members} SET deactivated = true WHERE member_id = ANY (?::uuid[])";
    private const string Authors = """
        INSERT INTO {authors} (post_id, author_id) SELECT * FROM unnest(?::uuid[], ?::uuid[]) ON CONFLICT (post_id) DO NOTHING
        """;
    private const string Hosts = """
        INSERT INTO {hosts} (meetup_id, host_id) SELECT * FROM unnest(?::uuid[], ?::uuid[]) ON CONFLICT (meetup_id) DO NOTHING
        """;
    private const string Upsert = """
        ON CONFLICT (member_id, day, kind) DO UPDATE SET count = t.count + EXCLUDED.count, first_at = least(t.first_at, EXCLUDED.first_at)
        """;
    private const string Acted = $"""
        INSERT INTO {"{daily}"} AS t (member_id, day, kind, count, first_at)
        SELECT member_id, day, kind, count(*), min(at)
        FROM unnest(?::uuid[], ?::date[], ?::text[], ?::timestamptz[]) AS u(member_id, day, kind, at)
        GROUP BY member_id, day, kind
        {Upsert}
        """;
    // A like is received by the post's author; liking your own post earns nothing received.
    private const string LikesReceived = $"""
        INSERT INTO {"{daily}"} AS t (member_id, day, kind, count, first_at)
        SELECT a.author_id, u.day, '{ActivityKinds.LikeReceived}', count(*), min(u.at)
        FROM unnest(?::uuid[], ?::uuid[], ?::date[], ?::timestamptz[]) AS u(post_id, liker, day, at)
        JOIN {"{authors}"} a ON a.post_id = u.post_id
        WHERE a.author_id <> u.liker
        GROUP BY a.author_id, u.day
        {Upsert}
        """;
    // The host's own join, appended with MeetupScheduled, is part of hosting.
    private const string Joined = $"""
        INSERT INTO {"{daily}"} AS t (member_id, day, kind, count, first_at)
        SELECT u.member_id, u.day, '{ActivityKinds.MeetupJoined}', count(*), min(u.at)
        FROM unnest(?::uuid[], ?::uuid[], ?::date[], ?::timestamptz[]) AS u(meetup_id, member_id, day, at)
        LEFT JOIN {"{hosts}"} h ON h.meetup_id = u.meetup_id
        WHERE h.host_id IS DISTINCT FROM u.member_id
        GROUP BY u.member_id, u.day
        {Upsert}
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{daily}", batch.Table(Daily)).Replace("{members}", batch.Table(Members))
            .Replace("{authors}", batch.Table(PostAuthors)).Replace("{hosts}", batch.Table(MeetupHosts));

        var registered = new List<MemberRegistered>();
        var regions = new Dictionary<Guid, string>();
        var deactivated = new List<Guid>();
        var authors = new List<(Guid Post, Guid Author)>();
        var hosts = new List<(Guid Meetup, Guid Host)>();
        var acted = new Rows<(Guid Member, string Kind)>();
        var likes = new Rows<(Guid Post, Guid Liker)>();
        var joins = new Rows<(Guid Meetup, Guid Member)>();

        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MemberRegistered e:
                    registered.Add(e);
                    acted.Add((e.MemberId, ActivityKinds.Other), e.RegisteredAt);
                    break;
                case ProfileUpdated e:
                    regions[e.MemberId] = e.Region;
                    acted.Add((e.MemberId, ActivityKinds.Other), e.UpdatedAt);
                    break;
                // Not an action of the member's day: an administrator may deactivate them.
                case MemberDeactivated e: deactivated.Add(e.MemberId); break;
                case AppVisited e: acted.Add((e.MemberId, ActivityKinds.Visit), e.VisitedAt); break;
                case PostPublished e:
                    authors.Add((e.PostId, e.AuthorId));
                    acted.Add((e.AuthorId, ActivityKinds.Post), e.PublishedAt);
                    break;
                case CommentAdded e: acted.Add((e.AuthorId, ActivityKinds.Comment), e.AddedAt); break;
                case PostLiked e:
                    acted.Add((e.MemberId, ActivityKinds.LikeGiven), e.LikedAt);
                    likes.Add((e.PostId, e.MemberId), e.LikedAt);
                    break;
                case PostUnliked e: acted.Add((e.MemberId, ActivityKinds.Other), e.UnlikedAt); break;
                case MeetupScheduled e:
                    hosts.Add((e.MeetupId, e.HostId));
                    acted.Add((e.HostId, ActivityKinds.MeetupHosted), e.ScheduledAt);
                    break;
                case MeetupJoined e: joins.Add((e.MeetupId, e.MemberId), e.JoinedAt); break;
                case MeetupLeft e: acted.Add((e.MemberId, ActivityKinds.Other), e.LeftAt); break;
                case ChatMessageSent e: acted.Add((e.SenderId, ActivityKinds.MessageSent), e.SentAt); break;
                case ConversationStarted e: acted.Add((e.StartedBy, ActivityKinds.Other), e.StartedAt); break;
                case MessagesRead e: acted.Add((e.MemberId, ActivityKinds.Other), e.ReadAt); break;
                case PollOpened e: acted.Add((e.OpenedBy, ActivityKinds.Other), e.OpenedAt); break;
                case VoteCast e: acted.Add((e.MemberId, ActivityKinds.Vote), e.CastAt); break;
                case VoteChanged e: acted.Add((e.MemberId, ActivityKinds.Vote), e.ChangedAt); break;
            }
        }

        // Lookups first: a like or join later in the same page finds its post's author or meetup's host.
        if (registered.Count > 0)
            batch.Execute(S(Register), registered.Select(e => e.MemberId).ToArray(), registered.Select(e => e.Region).ToArray(),
                registered.Select(e => e.RegisteredAt.ToUniversalTime()).ToArray());
        if (regions.Count > 0)
            batch.Execute(S(MoveRegion), regions.Keys.ToArray(), regions.Values.ToArray());
        if (deactivated.Count > 0)
            batch.Execute(S(Deactivate), deactivated.ToArray());
        if (authors.Count > 0)
            batch.Execute(S(Authors), authors.Select(a => a.Post).ToArray(), authors.Select(a => a.Author).ToArray());
        if (hosts.Count > 0)
            batch.Execute(S(Hosts), hosts.Select(h => h.Meetup).ToArray(), hosts.Select(h => h.Host).ToArray());
        if (acted.Count > 0)
            batch.Execute(S(Acted), acted.Keys.Select(k => k.Member).ToArray(), acted.Days, acted.Keys.Select(k => k.Kind).ToArray(), acted.Times);
        if (likes.Count > 0)
            batch.Execute(S(LikesReceived), likes.Keys.Select(k => k.Post).ToArray(), likes.Keys.Select(k => k.Liker).ToArray(), likes.Days, likes.Times);
        if (joins.Count > 0)
            batch.Execute(S(Joined), joins.Keys.Select(k => k.Meetup).ToArray(), joins.Keys.Select(k => k.Member).ToArray(), joins.Days, joins.Times);
        return Task.CompletedTask;
    }

    /// <summary>One row per action, with its community day and time (UTC, as Npgsql writes arrays of timestamptz); SQL groups them.</summary>
    private sealed class Rows<TKey>
    {
        private readonly List<TKey> _keys = [];
        private readonly List<DateOnly> _days = [];
        private readonly List<DateTimeOffset> _times = [];

        public int Count => _keys.Count;
        public IReadOnlyList<TKey> Keys => _keys;
        public DateOnly[] Days => [.. _days];
        public DateTimeOffset[] Times => [.. _times];

        public void Add(TKey key, DateTimeOffset at)
        {
            _keys.Add(key);
            _days.Add(CommunityCalendar.DayOf(at));
            _times.Add(at.ToUniversalTime());
        }
    }
}

/// <summary>The kinds of activity the daily table counts, as stored in its <c>kind</c> column.</summary>
public static class ActivityKinds
{
    public const string Post = "post";
    public const string Comment = "comment";
    public const string LikeGiven = "like_given";
    /// <summary>The only kind the member did not cause: it does not make a day active.</summary>
    public const string LikeReceived = "like_received";
    public const string MeetupHosted = "meetup_hosted";
    public const string MeetupJoined = "meetup_joined";
    public const string MessageSent = "message_sent";
    public const string Vote = "vote";
    public const string Visit = "visit";
    /// <summary>Other actions that make a day active but earn no points: signing up, profile edits, unlikes, leaving a meetup, starting a chat, reading messages, opening a poll.</summary>
    public const string Other = "other";
}
