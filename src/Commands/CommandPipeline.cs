using Es.Domain;
using Es.EventStore;

namespace Es.Commands;

/// <summary>
/// The one place a command becomes events: stamp the envelope, validate, run prerequisites,
/// load the member facts and the target stream, decide, and append with the version read. A
/// version conflict means someone else wrote the stream meanwhile: read again and decide again,
/// so concurrent likes and joins never fail spuriously and never break a rule.
/// </summary>
public sealed partial class CommandPipeline(IEventStore store, TimeProvider clock, CommandPipelineOptions? options = null)
{
    private readonly CommandPipelineOptions _options = options ?? new CommandPipelineOptions();

    /// <summary>Registers every domain event with its stable name and schema version, and the upcasters of older versions.</summary>
    public static EventTypeRegistry RegisterDomainEvents(EventTypeRegistry registry)
    {
        foreach (var type in DomainEvents.All) registry.Register(type.ClrType, type.Name, type.SchemaVersion);
        foreach (var step in DomainEvents.Upcasters) registry.AddUpcaster(step.Name, step.FromVersion, step.Step);
        return registry;
    }

    /// <summary>The command as the pipeline decides it: the caller's actor, the clock's now, the context's idempotency key if it has one.</summary>
    private Command Stamp(Command command, CommandContext context) => command with
    {
        Actor = context.Actor,
        Now = clock.GetUtcNow(),
        IdempotencyKey = context.IdempotencyKey ?? command.IdempotencyKey,
    };

    public async Task<CommandResult> SendAsync(Command command, CommandContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var correlationId = context.CorrelationId ?? Guid.CreateVersion7().ToString();
        command = Stamp(command, context);
        var decider = Deciders.For(command);
        var streamId = decider.StreamId(command);

        var shapeProblems = CommandValidation.Validate(command);
        if (shapeProblems.Count > 0) return CommandResult.Rejected(streamId, 0, shapeProblems);

        for (var i = 0; i < command.Prerequisites.Count; i++)
        {
            var prerequisite = command.Prerequisites[i];
            var prerequisiteResult = await SendAsync(prerequisite, context with
            {
                CorrelationId = correlationId,
                IdempotencyKey = command.IdempotencyKey is { } key ? $"{key}:prerequisite:{i}" : null,
            }, ct);
            if (!prerequisiteResult.Succeeded) return CommandResult.Rejected(streamId, 0, prerequisiteResult.Rejections);
        }

        var metadata = new EventMetadata
        {
            Actor = ActorName(context.Actor),
            CorrelationId = correlationId,
            CausationId = context.CausationId,
            Source = context.Source,
        };

        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            if (command.MembersToLoad.Count > 0)
                command = command with { Members = await LoadMembersAsync(command.MembersToLoad, ct) };

            var stored = await store.ReadStreamAsync(streamId, ct: ct);
            var version = stored.Count == 0 ? 0 : stored[^1].StreamVersion;
            if (command.IdempotencyKey is { } replayKey && AlreadyApplied(stored, replayKey, streamId))
                return new CommandResult(streamId, version, [], [], AlreadyApplied: true) { LastSequence = LastSequenceOf(stored) };

            var events = stored.Select(e => (DomainEvent)e.Data);
            var decision = decider.Decide(command, decider.Fold(events));
            if (decision.IsRejected) return CommandResult.Rejected(streamId, version, decision.Rejections);
            if (decision.IsUnchanged)
                return new CommandResult(streamId, version, [], [], AlreadyApplied: false) { LastSequence = LastSequenceOf(stored) };

            var toAppend = decision.Events.Select((e, i) => new EventData(
                command.IdempotencyKey is { } key ? NameBasedGuid.ForEvent(key, streamId, i) : Guid.CreateVersion7(), e)).ToList();
            try
            {
                var appended = await store.AppendAsync(streamId, ExpectedVersion.Exactly(version), toAppend, metadata, ct);
                return new CommandResult(streamId, appended.NextVersion, decision.Events, [], appended.AlreadyStored)
                {
                    LastSequence = appended.Sequences.Count > 0 ? appended.Sequences[^1] : 0,
                };
            }
            catch (WrongExpectedVersionException) when (attempt < _options.MaxAttempts)
            {
                // Someone else wrote the stream: back off a little (spreading racers apart), then decide again.
                await Task.Delay(Backoff(attempt), clock, ct);
            }
            catch (WrongExpectedVersionException)
            {
                return CommandResult.Rejected(streamId, version,
                [
                    Rejection.Conflict("TOO_MANY_CONCURRENT_CHANGES",
                        $"The target changed {_options.MaxAttempts} times while this command was decided; try again."),
                ]);
            }
        }
    }

    /// <summary>How an actor is written in event metadata: <c>member:&lt;id&gt;</c>, <c>admin:&lt;id&gt;</c> or the system source.</summary>
    public static string ActorName(Actor actor) => actor switch
    {
        MemberActor { Role: MemberRole.Administrator } m => $"admin:{m.Id}",
        MemberActor m => $"member:{m.Id}",
        SystemActor s => s.Source,
        _ => "anonymous",
    };

    private async Task<MemberDirectory> LoadMembersAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct)
    {
        var facts = new List<MemberFacts>(memberIds.Count);
        foreach (var id in memberIds.Distinct())
        {
            var stream = await store.ReadStreamAsync(Member.StreamId(id), ct: ct);
            facts.Add(Deciders.MemberFactsFrom(id, stream.Select(e => (DomainEvent)e.Data)));
        }
        return new MemberDirectory(facts);
    }

    private static long LastSequenceOf(IReadOnlyList<RecordedEvent> stored) => stored.Count == 0 ? 0 : stored[^1].Sequence;

    private static bool AlreadyApplied(IReadOnlyList<RecordedEvent> stored, string key, string streamId)
    {
        var first = NameBasedGuid.ForEvent(key, streamId, 0);
        foreach (var e in stored)
            if (e.EventId == first) return true;
        return false;
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxBackoff.TotalMilliseconds, Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

public sealed class CommandPipelineOptions
{
    /// <summary>How many times a command is decided again after losing a race for its stream.</summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>The longest pause between two attempts (the pause is random, up to this, growing with attempts).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMilliseconds(50);
}
