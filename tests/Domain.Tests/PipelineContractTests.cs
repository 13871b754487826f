using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

/// <summary>
/// The deciders as a command pipeline will drive them, against an in-memory stand-in for the event
/// store: stamp, check prerequisites, load member facts, read, decide, append with the expected
/// version, and on a conflict read and decide again. The real pipeline and its PostgreSQL
/// concurrency test live elsewhere; this pins down what the domain promises them.
/// </summary>
public class PipelineContractTests
{
    private sealed class InMemoryStreams
    {
        private readonly Dictionary<string, List<(Guid Id, DomainEvent Event)>> _streams = [];

        public (IReadOnlyList<DomainEvent> Events, int Version) Read(string streamId) =>
            _streams.TryGetValue(streamId, out var s) ? ([.. s.Select(e => e.Event)], s.Count) : ([], 0);

        public bool Holds(string streamId, Guid eventId) =>
            _streams.TryGetValue(streamId, out var s) && s.Any(e => e.Id == eventId);

        public bool TryAppend(string streamId, int expectedVersion, IEnumerable<(Guid, DomainEvent)> events)
        {
            var stream = _streams.TryGetValue(streamId, out var s) ? s : _streams[streamId] = [];
            if (stream.Count != expectedVersion)
                return false;
            stream.AddRange(events);
            return true;
        }
    }

    private sealed record Attempt(Command Command, string StreamId, int Version, Decision<DomainEvent> Decision);

    private sealed class Pipeline(InMemoryStreams store)
    {
        public const int MaxAttempts = 100;

        public Decision<DomainEvent> Handle(Command command)
        {
            // Shape first, so a malformed registration does not reserve a handle it will never use.
            if (CommandValidation.Validate(command) is { Count: > 0 } shapeProblems)
                return Decision<DomainEvent>.Reject(shapeProblems);
            foreach (var prerequisite in command.Prerequisites)
                if (Handle(prerequisite) is { IsRejected: true } refused)
                    return refused;
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var prepared = Prepare(command);
                if (TryCommit(prepared))
                    return prepared.Decision;
            }
            throw new TimeoutException("Too many version conflicts.");
        }

        /// <summary>Load facts, read the target stream, decide: everything before the append.</summary>
        public Attempt Prepare(Command command)
        {
            var facts = command.MembersToLoad.Select(id => Deciders.MemberFactsFrom(id, store.Read(Member.StreamId(id)).Events));
            command = command with { Members = new MemberDirectory(facts) };
            var streamId = Deciders.For(command).StreamId(command);
            var (events, version) = store.Read(streamId);
            // A command already applied under this key succeeds again without deciding anew.
            if (command.IdempotencyKey is { } key && store.Holds(streamId, NameBasedGuid.ForEvent(key, streamId, 0)))
                return new(command, streamId, version, Decision<DomainEvent>.Unchanged);
            return new(command, streamId, version, Deciders.Decide(command, events));
        }

        /// <summary>True when the attempt is final: rejected, a no-op, or appended at the version it read.</summary>
        public bool TryCommit(Attempt a)
        {
            if (a.Decision.IsRejected || a.Decision.IsUnchanged)
                return true;
            var key = a.Command.IdempotencyKey ?? Guid.NewGuid().ToString();
            return store.TryAppend(a.StreamId, a.Version,
                a.Decision.Events.Select((e, i) => (NameBasedGuid.ForEvent(key, a.StreamId, i), e)));
        }
    }

    private readonly InMemoryStreams _store = new();
    private readonly Pipeline _pipeline;

    public PipelineContractTests() => _pipeline = new Pipeline(_store);

    private Guid RegisteredMember(string handle, string region = "lisbon-arroios")
    {
        var id = Guid.NewGuid();
        var decision = _pipeline.Handle(new RegisterMember(id, handle, handle, region, [], 1990).By(id));
        Assert.False(decision.IsRejected, decision.ToString());
        return id;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fifty_members_joining_a_meetup_of_ten_at_once_fill_it_exactly(int seed)
    {
        var host = RegisteredMember("host");
        var meetupId = Guid.NewGuid();
        Assert.False(_pipeline.Handle(new ScheduleMeetup(meetupId, "Run", "lisbon-arroios", "Park", T0.AddDays(1), 10).By(host)).IsRejected);
        var joins = Enumerable.Range(0, 50).Select(i => (Command)new JoinMeetup(meetupId).By(RegisteredMember($"member{i}"))).ToList();

        // Worst case: every pending join reads the same version before any of them appends.
        var random = new Random(seed);
        var outcomes = new List<Decision<DomainEvent>>();
        var rounds = 0;
        while (joins.Count > 0 && rounds++ < Pipeline.MaxAttempts)
        {
            var attempts = joins.Select(_pipeline.Prepare).OrderBy(_ => random.Next()).ToList();
            joins = [];
            foreach (var attempt in attempts)
            {
                if (_pipeline.TryCommit(attempt)) outcomes.Add(attempt.Decision);
                else joins.Add(attempt.Command);
            }
        }

        // The host is a participant, so a capacity of 10 leaves 9 seats for the 50.
        Assert.Equal(9, outcomes.Count(d => !d.IsRejected));
        Assert.Equal(41, outcomes.Count(d => d.IsRejected && d.Rejections[0].Reason == Meetup.Reasons.Full));
        var stream = _store.Read(Meetup.StreamId(meetupId)).Events;
        Assert.Equal(10, Meetup.Decider.Fold(stream.Cast<MeetupEvent>()).Participants.Count);
        Assert.Equal(10, stream.OfType<MeetupJoined>().Count());
    }

    [Fact]
    public void Two_members_registering_the_same_handle_cannot_both_have_it()
    {
        RegisteredMember("Ana");
        var bea = Guid.NewGuid();
        var decision = _pipeline.Handle(new RegisterMember(bea, "ana", "Bea", "lisbon-arroios", [], 1990).By(bea));

        Assert.Equal(HandleReservation.Reasons.Taken, Assert.Single(decision.Rejections).Reason);
        Assert.Empty(_store.Read(Member.StreamId(bea)).Events);
    }

    [Fact]
    public void A_malformed_registration_does_not_reserve_its_handle()
    {
        var ana = Guid.NewGuid();
        var decision = _pipeline.Handle(new RegisterMember(ana, "ana", "", "lisbon-arroios", [], 1990).By(ana));

        Assert.Equal("displayName", Assert.Single(decision.Rejections).Field);
        Assert.Empty(_store.Read(HandleReservation.StreamId("ana")).Events);
    }

    [Fact]
    public void A_handle_race_is_lost_at_append_and_rejected_on_retry()
    {
        var (ana, bea) = (Guid.NewGuid(), Guid.NewGuid());
        var first = _pipeline.Prepare(new ReserveHandle("walker", ana).By(ana));
        var second = _pipeline.Prepare(new ReserveHandle("walker", bea).By(bea));

        Assert.True(_pipeline.TryCommit(first));
        Assert.False(_pipeline.TryCommit(second));
        var retried = _pipeline.Prepare(second.Command);
        Assert.Equal(HandleReservation.Reasons.Taken, Assert.Single(retried.Decision.Rejections).Reason);
    }

    [Fact]
    public void A_deactivated_member_is_stopped_by_facts_loaded_from_their_own_stream()
    {
        var ana = RegisteredMember("ana");
        Assert.False(_pipeline.Handle(new DeactivateMember(ana, null).By(ana)).IsRejected);

        var decision = _pipeline.Handle(new PublishPost(Guid.NewGuid(), "t", "b", "lisbon-arroios", []).By(ana));

        Assert.Equal(ActorReasons.Deactivated, Assert.Single(decision.Rejections).Reason);
    }

    [Fact]
    public void A_vote_is_admitted_by_the_region_read_from_the_voters_stream()
    {
        var ana = RegisteredMember("ana");
        var outsider = RegisteredMember("out", region: "porto-bonfim");
        var pollId = Guid.NewGuid();
        Assert.False(_pipeline.Handle(new OpenPoll(pollId, "lisbon-arroios", "Q?", ["Yes", "No"], T0.AddDays(2)).By(ana)).IsRejected);

        Assert.False(_pipeline.Handle(new CastVote(pollId, 0).By(ana)).IsRejected);
        Assert.Equal(Poll.Reasons.NotInRegion, Assert.Single(_pipeline.Handle(new CastVote(pollId, 0).By(outsider)).Rejections).Reason);
    }

    [Fact]
    public void Starting_a_chat_with_yourself_is_a_rejection_even_though_you_are_loaded_twice()
    {
        var ana = RegisteredMember("ana");
        var decision = _pipeline.Handle(new StartConversation(ana).By(ana));

        Assert.Equal(Conversation.Reasons.WithYourself, Assert.Single(decision.Rejections).Reason);
    }

    [Fact]
    public void A_chat_between_two_members_is_one_stream_from_either_side()
    {
        var (ana, bea) = (RegisteredMember("ana"), RegisteredMember("bea"));
        Assert.False(_pipeline.Handle(new StartConversation(bea).By(ana)).IsRejected);
        Assert.True(_pipeline.Handle(new StartConversation(ana).By(bea)).IsUnchanged);

        var id = Conversation.IdFor(ana, bea);
        Assert.False(_pipeline.Handle(new SendMessage(id, Guid.NewGuid(), "hi").By(bea)).IsRejected);
        Assert.Equal(2, _store.Read(Conversation.StreamId(id)).Version);
    }

    [Fact]
    public void A_command_retried_with_its_idempotency_key_appends_nothing_new()
    {
        var sale = new RecordSale(Guid.NewGuid(), "m", "pos", "tok", new Money(10m, "EUR"), T0, "kafka:sales/0/1")
            .As(Actor.System("kafka:sales/0/1")) with { IdempotencyKey = "kafka:sales/0/1" };
        var refund = new RefundSale(sale.SaleId, "r1", new Money(4m, "EUR"), T0, "kafka:refunds/0/9")
            .As(Actor.System("kafka:refunds/0/9")) with { IdempotencyKey = "kafka:refunds/0/9" };

        _pipeline.Handle(sale);
        _pipeline.Handle(refund);
        _pipeline.Handle(sale);
        _pipeline.Handle(refund);

        Assert.Equal(2, _store.Read(Sale.StreamId(sale.SaleId)).Version);
    }

    [Fact]
    public void Shape_problems_are_rejected_before_any_stream_is_touched()
    {
        var ana = RegisteredMember("ana");
        var decision = _pipeline.Handle(new ScheduleMeetup(Guid.NewGuid(), "", "r", "p", T0.AddDays(1), 500).By(ana));

        Assert.Equal(["title", "capacity"], decision.Rejections.Select(r => r.Field));
    }

    [Fact]
    public void A_command_without_a_time_is_a_pipeline_bug_not_a_rejection()
    {
        Assert.Throws<InvalidOperationException>(() => Deciders.Decide(new LikePost(Guid.NewGuid()), []));
    }
}
