using Es.Domain;

namespace Es.Analytics.Bench;

/// <summary>
/// A deterministic synthetic community log, made directly as domain events in time order: members
/// in a few regions (some far more active than others, sign-ups spread over the period), posts with
/// tags and tickers, likes, comments, meetups with joins and leaves, polls with votes, conversations
/// with messages, visits. Every event is one the deciders could have made from the events before it
/// (a like of a live post not already liked by that member, a join of an open meetup with room, a
/// vote by a member of the poll's region, one visit per member per Seoul day, ...).
/// </summary>
public sealed class Community
{
    public static readonly string[] Regions = ["Seoul Mapo", "Seoul Gangnam", "Busan Haeundae", "Incheon Songdo", "Daegu Suseong"];
    private static readonly double[] RegionShare = [0.30, 0.25, 0.20, 0.15, 0.10];
    private static readonly string[] Conditions = ["diabetes", "hypertension", "arthritis", "asthma", "depression", "anxiety", "obesity", "insomnia", "back-pain", "migraine"];
    private static readonly string[] Words =
    [
        "walking", "yoga", "running", "cycling", "swimming", "hiking", "diet", "sleep", "meditation", "mental-health",
        "slow_jog", "stretching", "recipes", "vegan", "sugar", "bloodpressure", "insulin", "걷기", "등산", "요가",
        "pilates", "tennis", "badminton", "dance", "gym", "protein", "fasting", "coffee", "tea", "breakfast",
        "weekend", "rain", "spring", "autumn", "park", "river", "beach", "mountain", "friends", "family",
    ];
    private static readonly string[] Tickers = ["TSLA", "AAPL", "NVDA", "MSFT", "AMZN", "META", "GOOG", "NFLX", "AMD", "INTC", "PLTR", "COIN"];
    private static readonly string[] Given = ["Minji", "Junho", "Seoyeon", "Jiwoo", "Hyunwoo", "Yuna", "Dohyun", "Soojin", "Taeyang", "Eunji", "Sungmin", "Haeun"];
    private static readonly string[] Family = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"];

    private readonly Random _rng;
    private readonly int _memberTarget;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _span;
    private DateTimeOffset _now;

    // Members in registration order: id, region, activity weight (log-normal: a few are very active).
    private readonly List<Guid> _members = [];
    private readonly List<int> _memberRegion = [];
    private readonly List<double> _cumulative = [];
    private readonly List<int>[] _regionMembers;
    private readonly List<double>[] _regionCumulative;
    private readonly List<string[]> _conditions = [];
    private readonly List<int> _lastVisitDay = [];

    private sealed class PostState(Guid id, int author, int region)
    {
        public Guid Id = id; public int Author = author; public int Region = region; public bool Deleted;
    }
    private readonly List<PostState> _posts = [];
    private readonly HashSet<long> _likes = []; // post index × members + member
    private readonly List<long> _likeList = []; // for unlikes: a like picked at random (removed lazily)

    private sealed class MeetupState(Guid id, int host, int region, int capacity, DateTimeOffset startsAt)
    {
        public Guid Id = id; public int Host = host; public int Region = region; public int Capacity = capacity;
        public DateTimeOffset StartsAt = startsAt; public bool Cancelled; public readonly List<int> Participants = [host];
    }
    private readonly List<MeetupState> _openMeetups = [];

    private sealed class PollState(Guid id, int region, int options, DateTimeOffset closesAt)
    {
        public Guid Id = id; public int Region = region; public int Options = options; public DateTimeOffset ClosesAt = closesAt;
        public readonly Dictionary<int, int> Votes = [];
    }
    private readonly List<PollState> _openPolls = []; // every poll runs 7 days: closing order is opening order

    private sealed class ConversationState(Guid id, int a, int b)
    {
        public Guid Id = id; public int A = a; public int B = b; public Guid LastMessage; public int UnreadBy = -1;
    }
    private readonly List<ConversationState> _conversations = [];
    private readonly HashSet<long> _pairs = [];

    public Community(int seed, int members, DateTimeOffset start, TimeSpan span)
    {
        _rng = new Random(seed);
        _memberTarget = members;
        _start = start;
        _span = span;
        _now = start;
        _regionMembers = Regions.Select(_ => new List<int>()).ToArray();
        _regionCumulative = Regions.Select(_ => new List<double>()).ToArray();
    }

    public DateTimeOffset End => _start + _span;

    /// <summary>Action mix per event (registrations and poll closings come on top, when due).</summary>
    private static readonly (string Kind, double Weight)[] Mix =
    [
        ("like", 38), ("comment", 12), ("chat", 15), ("read", 4), ("visit", 11), ("post", 5), ("unlike", 1.5),
        ("edit", 0.5), ("delete", 0.3), ("schedule", 0.4), ("join", 4), ("leave", 0.6), ("cancel", 0.05),
        ("poll", 0.15), ("vote", 3), ("revote", 0.4), ("converse", 1), ("profile", 0.3),
    ];

    public List<DomainEvent> Generate(int total)
    {
        var log = new List<DomainEvent>(total + 2);
        var mixTotal = Mix.Sum(m => m.Weight);
        while (log.Count < total)
        {
            var i = log.Count;
            _now = _start + _span * ((double)i / total);
            // Sign-ups: 40 % at the start, the rest spread over the first 80 % of the period.
            var due = (int)(_memberTarget * (0.4 + 0.6 * Math.Min(1.0, i / (0.8 * total))));
            if (_members.Count < Math.Max(2, due)) { log.Add(Register()); continue; }
            if (_openPolls.Count > 0 && _openPolls[0].ClosesAt <= _now)
            {
                var p = _openPolls[0];
                _openPolls.RemoveAt(0);
                log.Add(new PollClosed(p.Id, null, _now, AtDeadline: true));
                continue;
            }
            var u = _rng.NextDouble() * mixTotal;
            var kind = Mix[^1].Kind;
            foreach (var (k, w) in Mix) { if (u < w) { kind = k; break; } u -= w; }
            var made = Make(kind, log);
            // An action with nothing to act on yet (no open meetup, every like taken...) becomes a visit or a post.
            if (!made && !Make("visit", log)) Make("post", log);
        }
        if (log.Count > total) log.RemoveRange(total, log.Count - total);
        return log;
    }

    private bool Make(string kind, List<DomainEvent> log)
    {
        switch (kind)
        {
            case "post":
            {
                var author = Member();
                var region = _rng.NextDouble() < 0.9 ? _memberRegion[author] : _rng.Next(Regions.Length);
                var post = new PostState(NewId(), author, region);
                _posts.Add(post);
                var (title, body, tags) = Text();
                log.Add(new PostPublished(post.Id, _members[author], title, body, Regions[region], tags, _now));
                return true;
            }
            case "like":
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    if (RecentPost() is not { } p) return false;
                    var liker = _rng.NextDouble() < 0.7 ? Member(_posts[p].Region) : Member();
                    if (liker == _posts[p].Author && _rng.NextDouble() < 0.95) continue;
                    var key = (long)p * _memberTarget + liker;
                    if (!_likes.Add(key)) continue;
                    _likeList.Add(key);
                    log.Add(new PostLiked(_posts[p].Id, _members[liker], _now));
                    return true;
                }
                return false;
            case "unlike":
                for (var attempt = 0; attempt < 6 && _likeList.Count > 0; attempt++)
                {
                    var at = _likeList.Count - 1 - Math.Min(_likeList.Count - 1, (int)(-Math.Log(1 - _rng.NextDouble()) * 2000));
                    var key = _likeList[at];
                    _likeList[at] = _likeList[^1];
                    _likeList.RemoveAt(_likeList.Count - 1);
                    var post = _posts[(int)(key / _memberTarget)];
                    if (post.Deleted || !_likes.Remove(key)) continue;
                    log.Add(new PostUnliked(post.Id, _members[(int)(key % _memberTarget)], _now));
                    return true;
                }
                return false;
            case "comment":
            {
                if (RecentPost() is not { } p) return false;
                var author = _rng.NextDouble() < 0.7 ? Member(_posts[p].Region) : Member();
                log.Add(new CommentAdded(_posts[p].Id, NewId(), _members[author], "같이 걸어요! See you there.", _now));
                return true;
            }
            case "edit":
            {
                if (RecentPost() is not { } p) return false;
                var (title, body, tags) = Text();
                log.Add(new PostEdited(_posts[p].Id, title, body, tags, _now));
                return true;
            }
            case "delete":
            {
                if (RecentPost() is not { } p) return false;
                _posts[p].Deleted = true;
                log.Add(new PostDeleted(_posts[p].Id, _members[_posts[p].Author], _now));
                return true;
            }
            case "schedule":
            {
                var host = Member();
                var m = new MeetupState(NewId(), host, _memberRegion[host], 8 + _rng.Next(23), _now + TimeSpan.FromHours(72 + _rng.Next(24 * 11)));
                _openMeetups.Add(m);
                log.Add(new MeetupScheduled(m.Id, _members[host], "Evening walk", Regions[m.Region], "Hangang park", m.StartsAt, m.Capacity, _now));
                log.Add(new MeetupJoined(m.Id, _members[host], _now)); // the host joins on scheduling
                return true;
            }
            case "join":
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    if (OpenMeetup() is not { } m || m.Participants.Count >= m.Capacity) continue;
                    var joiner = _rng.NextDouble() < 0.85 ? Member(m.Region) : Member();
                    if (m.Participants.Contains(joiner)) continue;
                    m.Participants.Add(joiner);
                    log.Add(new MeetupJoined(m.Id, _members[joiner], _now));
                    return true;
                }
                return false;
            case "leave":
            {
                if (OpenMeetup() is not { } m || m.Participants.Count < 2) return false;
                var at = 1 + _rng.Next(m.Participants.Count - 1); // not the host (index 0)
                var leaver = m.Participants[at];
                m.Participants.RemoveAt(at);
                log.Add(new MeetupLeft(m.Id, _members[leaver], _now));
                return true;
            }
            case "cancel":
            {
                if (OpenMeetup() is not { } m) return false;
                m.Cancelled = true;
                _openMeetups.Remove(m);
                log.Add(new MeetupCancelled(m.Id, _members[m.Host], "rain", _now));
                return true;
            }
            case "poll":
            {
                var by = Member();
                var p = new PollState(NewId(), _memberRegion[by], 2 + _rng.Next(3), _now + TimeSpan.FromDays(7));
                _openPolls.Add(p);
                log.Add(new PollOpened(p.Id, _members[by], Regions[p.Region], "Which park next month?",
                    Enumerable.Range(1, p.Options).Select(o => $"Option {o}").ToArray(), p.ClosesAt, _now));
                return true;
            }
            case "vote":
                for (var attempt = 0; attempt < 6 && _openPolls.Count > 0; attempt++)
                {
                    var p = _openPolls[_rng.Next(_openPolls.Count)];
                    var voter = Member(p.Region); // polls are put to their region
                    if (p.Votes.ContainsKey(voter)) continue;
                    var option = _rng.Next(p.Options);
                    p.Votes[voter] = option;
                    log.Add(new VoteCast(p.Id, _members[voter], option, _now));
                    return true;
                }
                return false;
            case "revote":
            {
                if (_openPolls.Count == 0) return false;
                var p = _openPolls[_rng.Next(_openPolls.Count)];
                if (p.Votes.Count == 0) return false;
                var voter = p.Votes.Keys.ElementAt(_rng.Next(p.Votes.Count));
                var from = p.Votes[voter];
                var to = (from + 1 + _rng.Next(p.Options - 1)) % p.Options;
                p.Votes[voter] = to;
                log.Add(new VoteChanged(p.Id, _members[voter], from, to, _now));
                return true;
            }
            case "converse":
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    var x = Member();
                    var y = _rng.NextDouble() < 0.8 ? Member(_memberRegion[x]) : Member();
                    if (x == y || !_pairs.Add((long)Math.Min(x, y) * _memberTarget + Math.Max(x, y))) continue;
                    var (a, b) = _members[x].CompareTo(_members[y]) <= 0 ? (x, y) : (y, x);
                    var c = new ConversationState(NewId(), a, b);
                    _conversations.Add(c);
                    log.Add(new ConversationStarted(c.Id, _members[a], _members[b], _members[x], _now));
                    return true;
                }
                return false;
            case "chat":
            {
                if (_conversations.Count == 0) return false;
                // Recent conversations are the busy ones.
                var c = _conversations[_conversations.Count - 1 - Math.Min(_conversations.Count - 1, (int)(-Math.Log(1 - _rng.NextDouble()) * 300))];
                var (from, to) = _rng.Next(2) == 0 ? (c.A, c.B) : (c.B, c.A);
                c.LastMessage = NewId();
                c.UnreadBy = to;
                log.Add(new ChatMessageSent(c.Id, c.LastMessage, _members[from], _members[to], "오늘 산책 어때요?", _now));
                return true;
            }
            case "read":
                for (var attempt = 0; attempt < 4 && _conversations.Count > 0; attempt++)
                {
                    var c = _conversations[_conversations.Count - 1 - Math.Min(_conversations.Count - 1, (int)(-Math.Log(1 - _rng.NextDouble()) * 300))];
                    if (c.UnreadBy < 0) continue;
                    log.Add(new MessagesRead(c.Id, _members[c.UnreadBy], c.LastMessage, _now));
                    c.UnreadBy = -1;
                    return true;
                }
                return false;
            case "visit":
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    var m = Member();
                    var day = SeoulDay(_now);
                    if (_lastVisitDay[m] == day) continue;
                    _lastVisitDay[m] = day;
                    log.Add(new AppVisited(_members[m], _now));
                    return true;
                }
                return false;
            case "profile":
            {
                var m = Member();
                _conditions[m] = PickConditions();
                log.Add(new ProfileUpdated(_members[m], Name(m), Regions[_memberRegion[m]], _conditions[m], _now));
                return true;
            }
            default: throw new ArgumentException(kind);
        }
    }

    private MemberRegistered Register()
    {
        var index = _members.Count;
        var id = NewId();
        var u = _rng.NextDouble();
        var region = 0;
        while (region < Regions.Length - 1 && u >= RegionShare[region]) u -= RegionShare[region++];
        // Log-normal activity (σ 1.2): the top 1 % act about 15 times as often as the median member.
        var weight = Math.Exp(1.2 * Gaussian());
        _members.Add(id);
        _memberRegion.Add(region);
        _cumulative.Add((_cumulative.Count > 0 ? _cumulative[^1] : 0) + weight);
        _regionMembers[region].Add(index);
        _regionCumulative[region].Add((_regionCumulative[region].Count > 0 ? _regionCumulative[region][^1] : 0) + weight);
        _conditions.Add(PickConditions());
        _lastVisitDay.Add(-1);
        return new MemberRegistered(id, $"m{index}", Name(index), Regions[region], _conditions[index], 1940 + _rng.Next(60), _now);
    }

    private static string Name(int index) => $"{Given[index % Given.Length]} {Family[index / Given.Length % Family.Length]} {index}";

    private string[] PickConditions()
    {
        var n = _rng.Next(4);
        var picked = new HashSet<string>();
        while (picked.Count < n) picked.Add(Conditions[_rng.Next(Conditions.Length)]);
        return picked.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A registered member, by activity weight; within a region when one is given (and it has members).</summary>
    private int Member(int? region = null)
    {
        if (region is { } r && _regionMembers[r].Count > 0)
            return _regionMembers[r][Pick(_regionCumulative[r])];
        return Pick(_cumulative);
    }

    private int Pick(List<double> cumulative)
    {
        var x = _rng.NextDouble() * cumulative[^1];
        var i = cumulative.BinarySearch(x);
        return Math.Min(i < 0 ? ~i : i, cumulative.Count - 1);
    }

    /// <summary>A live recent post, the better-followed author's of two (so some authors draw far more).</summary>
    private int? RecentPost()
    {
        if (_posts.Count == 0) return null;
        int? best = null;
        for (var k = 0; k < 2; k++)
        {
            var p = _posts.Count - 1 - Math.Min(_posts.Count - 1, (int)(-Math.Log(1 - _rng.NextDouble()) * 400));
            if (_posts[p].Deleted) continue;
            if (best is null || Weight(_posts[p].Author) > Weight(_posts[best.Value].Author)) best = p;
        }
        return best;
    }

    private double Weight(int member) => _cumulative[member] - (member > 0 ? _cumulative[member - 1] : 0);

    private MeetupState? OpenMeetup()
    {
        // Meetups that have started take no more joins, leaves or cancellations.
        _openMeetups.RemoveAll(m => m.StartsAt <= _now + TimeSpan.FromMinutes(1));
        return _openMeetups.Count == 0 ? null : _openMeetups[_rng.Next(_openMeetups.Count)];
    }

    private (string Title, string Body, string[] Tags) Text()
    {
        var words = new List<string>();
        var n = _rng.Next(4);
        for (var k = 0; k < n; k++) words.Add("#" + Words[Zipf(Words.Length)]);
        if (_rng.NextDouble() < 0.12) words.Add("$" + Tickers[Zipf(Tickers.Length)]);
        var explicitTags = Enumerable.Range(0, _rng.Next(3)).Select(_ => Words[Zipf(Words.Length)]).Distinct().ToArray();
        return ("Today's walk", "Lovely morning by the river " + string.Join(" ", words) + " — who's in?", explicitTags);
    }

    private int Zipf(int n) => Math.Min(n - 1, (int)(n * Math.Pow(_rng.NextDouble(), 2.5)));

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rng.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40); // version 4 (random), as in .NET's little-endian field order
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes);
    }

    private static int SeoulDay(DateTimeOffset t) => (int)(t.ToOffset(TimeSpan.FromHours(9)).Date - DateTime.UnixEpoch).TotalDays;
}
