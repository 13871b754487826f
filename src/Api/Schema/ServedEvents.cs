using System.Threading.Channels;
using Es.EventStore;
using Es.Projections;
using Npgsql;

namespace Es.Api.Schema;

/// <summary>
/// The source of the API's subscriptions: events of the log handed to subscribers once every read
/// model the API serves has applied them, so a subscription that resolves its payload from a read
/// model (a meetup's seats, a post with its author) sees the state the event made. One loop per
/// node follows the projections' checkpoints and reads only the event types someone listens to;
/// it sleeps while nobody subscribes. Every node follows the shared log, so a subscriber on one
/// node hears of a message sent through another.
/// </summary>
/// <remarks>
/// A subscriber hears events committed after it subscribed. A subscriber that falls more than
/// <see cref="BufferPerSubscriber"/> events behind loses the oldest it has not read (a slow
/// client must not hold the node's memory); the read models still hold everything.
/// </remarks>
public sealed class ServedEvents(IEventStore store, EventTypeRegistry registry, NpgsqlDataSource dataSource, ProjectionCatalog catalog,
    ProjectionPositions positions, ILogger<ServedEvents> log)
    : BackgroundService
{
    private const string Matching = """
        SELECT seq_id FROM {es}.mt_events
        WHERE seq_id > $1 AND seq_id <= $2 AND type = ANY ($3)
        ORDER BY seq_id LIMIT $4
        """;

    public const int BufferPerSubscriber = 1_000;
    private const int PageSize = 500;

    private readonly string _matching = Matching.Replace("{es}", catalog.EventSchema);
    private readonly object _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private readonly SemaphoreSlim _someoneListens = new(0);

    /// <summary>How often the projections' checkpoints are looked at while someone listens.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Events of <paramref name="types"/> that pass <paramref name="filter"/>, from now on, until
    /// <paramref name="ct"/> is cancelled. The subscriber is registered before this returns.
    /// </summary>
    public IAsyncEnumerable<RecordedEvent> Subscribe(IReadOnlySet<string> types, Func<RecordedEvent, bool> filter, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<RecordedEvent>(new BoundedChannelOptions(BufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true,
        });
        var subscriber = new Subscriber(types, filter, channel.Writer);
        lock (_gate) _subscribers.Add(subscriber);
        _someoneListens.Release();
        ct.Register(() =>
        {
            lock (_gate) _subscribers.Remove(subscriber);
            channel.Writer.TryComplete();
        });
        return channel.Reader.ReadAllAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long position = -1; // unknown while nobody listens
        while (!stoppingToken.IsCancellationRequested)
        {
            Subscriber[] listening;
            lock (_gate) listening = [.. _subscribers];
            if (listening.Length == 0)
            {
                position = -1;
                await _someoneListens.WaitAsync(stoppingToken);
                continue;
            }
            try
            {
                var applied = await positions.AppliedAsync(EsProjections.Served, stoppingToken);
                if (position < 0) position = applied;
                // A new subscriber hears what is committed after it came, not what the loop had yet to hand out.
                foreach (var s in listening) if (s.From < 0) s.From = position;
                while (applied > position)
                {
                    var types = StoredNames(listening.SelectMany(s => s.Types));
                    var sequences = await MatchingAsync(position, applied, types, stoppingToken);
                    if (sequences.Count > 0)
                        foreach (var e in await store.ReadEventsAsync(sequences, stoppingToken))
                            foreach (var s in listening)
                                if (e.Sequence > s.From && s.Types.Contains(e.EventType) && s.Filter(e)) s.Writer.TryWrite(e);
                    position = sequences.Count == PageSize ? sequences[^1] : applied;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Subscriptions could not read the log; trying again in a second.");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            await Task.Delay(PollInterval, stoppingToken);
        }
    }

    private async Task<IReadOnlyList<long>> MatchingAsync(long after, long upTo, string[] types, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(_matching);
        cmd.Parameters.AddWithValue(after);
        cmd.Parameters.AddWithValue(upTo);
        cmd.Parameters.AddWithValue(types);
        cmd.Parameters.AddWithValue(PageSize);
        var sequences = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) sequences.Add(r.GetInt64(0));
        return sequences;
    }

    /// <summary>The names the log stores a type under: every schema version's (<c>Name</c>, <c>Name_v2</c>, ...).</summary>
    private string[] StoredNames(IEnumerable<string> types) =>
        types.Distinct().SelectMany(name => registry.TryGetByName(name, out var info)
            ? Enumerable.Range(1, info.SchemaVersion).Select(v => EventTypeRegistry.StoredName(name, v))
            : [name]).ToArray();

    private sealed class Subscriber(IReadOnlySet<string> types, Func<RecordedEvent, bool> filter, ChannelWriter<RecordedEvent> writer)
    {
        public IReadOnlySet<string> Types { get; } = types;
        public Func<RecordedEvent, bool> Filter { get; } = filter;
        public ChannelWriter<RecordedEvent> Writer { get; } = writer;
        public long From { get; set; } = -1;
    }
}
