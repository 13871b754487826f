using Es.Domain;
using Es.EventStore;

namespace Es.Commands;

/// <summary>
/// The batched form of <see cref="SendAsync"/> for ingest: the same stamping, validation,
/// idempotency, decisions and metadata, but one read of every target stream, decisions folded
/// in memory (several commands on one stream see each other in order), and one bulk append.
/// </summary>
public sealed partial class CommandPipeline
{
    /// <summary>
    /// Sends a batch and returns, in input order, the results <see cref="SendAsync"/> would have
    /// given for each command sent one after the other. Commands with prerequisites or member
    /// facts take their own trip at their place in the batch; a stream that a racer moved between
    /// the read and the append has its commands sent again one by one.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The database is unreachable; retrying the batch is safe for commands with idempotency keys.</exception>
    public async Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new CommandResult[batch.Count];
        var segment = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (command, context) = batch[i];
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(context);
            if (!TakesItsOwnTrip(command, context))
            {
                segment.Add(i);
                continue;
            }
            // Keep the order: what came before goes first, then this one alone.
            await SendSegmentAsync(batch, segment, results, ct);
            segment.Clear();
            results[i] = await SendAsync(command, context, ct);
        }
        await SendSegmentAsync(batch, segment, results, ct);
        return results;
    }

    // Prerequisites write other streams and member facts read them: rare on ingest, so those go through SendAsync.
    private static bool TakesItsOwnTrip(Command command, CommandContext context)
    {
        var stamped = command with { Actor = context.Actor };
        return stamped.Prerequisites.Count > 0 || stamped.MembersToLoad.Count > 0;
    }

    private async Task SendSegmentAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, List<int> indexes,
        CommandResult[] results, CancellationToken ct)
    {
        if (indexes.Count == 0) return;
        var planned = new List<Planned>(indexes.Count);
        foreach (var i in indexes)
        {
            var (command, context) = batch[i];
            var correlationId = context.CorrelationId ?? Guid.CreateVersion7().ToString();
            command = Stamp(command, context);
            var decider = Deciders.For(command);
            var streamId = decider.StreamId(command);
            var shapeProblems = CommandValidation.Validate(command);
            if (shapeProblems.Count > 0)
            {
                results[i] = CommandResult.Rejected(streamId, 0, shapeProblems);
                continue;
            }
            var metadata = new EventMetadata
            {
                Actor = ActorName(context.Actor),
                CorrelationId = correlationId,
                CausationId = context.CausationId,
                Source = context.Source,
            };
            planned.Add(new Planned(i, command, decider, streamId, metadata));
        }
        if (planned.Count == 0) return;

        var read = await store.ReadStreamsAsync(planned.Select(p => p.StreamId).Distinct(StringComparer.Ordinal).ToList(), ct);
        var streams = new Dictionary<string, StreamSoFar>(StringComparer.Ordinal);
        var parts = new List<StreamAppend>();
        var partOf = new Dictionary<int, int>(); // batch index → part index, for commands that append
        var positionFrom = new Dictionary<int, int>(); // batch index → part whose last sequence is its position
        foreach (var p in planned)
        {
            if (!streams.TryGetValue(p.StreamId, out var s))
            {
                var stored = read[p.StreamId];
                s = new StreamSoFar(p.Decider.Fold(stored.Select(e => (DomainEvent)e.Data)),
                    stored.Count == 0 ? 0 : stored[^1].StreamVersion, LastSequenceOf(stored),
                    stored.Select(e => e.EventId).ToHashSet());
                streams.Add(p.StreamId, s);
            }

            if (p.Command.IdempotencyKey is { } replayKey && s.EventIds.Contains(NameBasedGuid.ForEvent(replayKey, p.StreamId, 0)))
            {
                results[p.Index] = new CommandResult(p.StreamId, s.Version, [], [], AlreadyApplied: true) { LastSequence = s.LastSequence };
                if (s.LastPart is { } replayedPart) positionFrom[p.Index] = replayedPart;
                continue;
            }
            var decision = p.Decider.Decide(p.Command, s.State);
            if (decision.IsRejected)
            {
                results[p.Index] = CommandResult.Rejected(p.StreamId, s.Version, decision.Rejections);
                continue;
            }
            if (decision.IsUnchanged)
            {
                results[p.Index] = new CommandResult(p.StreamId, s.Version, [], [], AlreadyApplied: false) { LastSequence = s.LastSequence };
                if (s.LastPart is { } unchangedPart) positionFrom[p.Index] = unchangedPart;
                continue;
            }

            var toAppend = decision.Events.Select((e, k) => new EventData(
                p.Command.IdempotencyKey is { } key ? NameBasedGuid.ForEvent(key, p.StreamId, k) : Guid.CreateVersion7(), e)).ToList();
            partOf[p.Index] = parts.Count;
            s.LastPart = parts.Count;
            parts.Add(new StreamAppend(p.StreamId, ExpectedVersion.Exactly(s.Version), toAppend, p.Metadata));
            foreach (var e in toAppend) s.EventIds.Add(e.EventId);
            foreach (var e in decision.Events) s.State = p.Decider.Evolve(s.State, e);
            s.Version += toAppend.Count;
            results[p.Index] = new CommandResult(p.StreamId, s.Version, decision.Events, [], AlreadyApplied: false);
        }

        var (appended, conflicted) = await AppendAsync(parts, ct);
        foreach (var p in planned)
        {
            if (conflicted.Contains(p.StreamId)) continue;
            if (partOf.TryGetValue(p.Index, out var part))
            {
                var a = appended[part]!;
                results[p.Index] = results[p.Index] with { Version = a.NextVersion, AlreadyApplied = a.AlreadyStored, LastSequence = a.Sequences[^1] };
            }
            else if (positionFrom.TryGetValue(p.Index, out var before))
            {
                results[p.Index] = results[p.Index] with { LastSequence = appended[before]!.Sequences[^1] };
            }
        }

        // A racer moved these streams after the read: their commands go again one by one, in order, as SendAsync decides them.
        foreach (var p in planned.Where(p => conflicted.Contains(p.StreamId)))
            results[p.Index] = await SendAsync(batch[p.Index].Command, batch[p.Index].Context, ct);
    }

    /// <summary>
    /// Appends the parts, leaving out the streams that conflict (reported in the second value,
    /// their parts left null). New streams named once go through the store's binary COPY in one
    /// call; the rest, if any, in a second call, so one refund in a batch of new sales does not
    /// take the whole batch off the COPY path. Both are idempotent by event id, so a retry after a
    /// failure between them stores nothing twice.
    /// </summary>
    private async Task<(AppendResult?[] Appended, HashSet<string> Conflicted)> AppendAsync(List<StreamAppend> parts, CancellationToken ct)
    {
        var appended = new AppendResult?[parts.Count];
        var conflicted = new HashSet<string>(StringComparer.Ordinal);
        if (parts.Count == 0) return (appended, conflicted);
        var partsPerStream = parts.GroupBy(p => p.StreamId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var copyable = new List<int>();
        var others = new List<int>();
        for (var k = 0; k < parts.Count; k++)
            (parts[k].ExpectedVersion.IsNoStream && partsPerStream[parts[k].StreamId] == 1 ? copyable : others).Add(k);

        foreach (var group in new[] { copyable, others })
        {
            var pending = group;
            while (pending.Count > 0)
            {
                try
                {
                    var written = await store.AppendManyAsync(pending.Select(k => parts[k]).ToList(), ct);
                    for (var j = 0; j < pending.Count; j++) appended[pending[j]] = written[j];
                    pending = [];
                }
                catch (BulkAppendConflictException conflict)
                {
                    // Nothing was written: set the conflicting streams aside and append the rest again.
                    foreach (var c in conflict.Conflicts) conflicted.Add(c.StreamId);
                    pending = pending.Where(k => !conflicted.Contains(parts[k].StreamId)).ToList();
                }
            }
        }
        return (appended, conflicted);
    }

    private sealed record Planned(int Index, Command Command, IDecider Decider, string StreamId, EventMetadata Metadata);

    /// <summary>A stream as the batch has left it so far: stored events plus the ones decided before in this batch.</summary>
    private sealed class StreamSoFar(object state, long version, long lastSequence, HashSet<Guid> eventIds)
    {
        public object State { get; set; } = state;
        public long Version { get; set; } = version;
        public long LastSequence { get; } = lastSequence;
        public HashSet<Guid> EventIds { get; } = eventIds;

        /// <summary>The last part this batch appends to the stream: the position of anything decided after it.</summary>
        public int? LastPart { get; set; }
    }
}
