using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class PollTests
{
    private const string Arroios = "lisbon-arroios";
    private static readonly Guid PollId = Guid.NewGuid();
    private static readonly Guid Opener = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid Outsider = Guid.NewGuid();
    private static readonly DateTimeOffset ClosesAt = T0.AddDays(7);

    private static readonly PollOpened Opened =
        new(PollId, Opener, Arroios, "Close the street on Sundays?", ["Yes", "No", "Only in summer"], ClosesAt, T0);

    private static T By<T>(T command, Guid member, DateTimeOffset? at = null, string region = Arroios) where T : Command =>
        command.By(member, at).Knowing(Active(member, region));

    [Fact]
    public void Opening_records_the_poll()
    {
        Poll.Decider.Given()
            .When(By(new OpenPoll(PollId, Arroios, "Close the street on Sundays?", ["Yes", "No", "Only in summer"], ClosesAt), Opener))
            .Then(Opened);
    }

    [Fact]
    public void Opening_a_poll_for_another_region_is_forbidden()
    {
        Poll.Decider.Given()
            .When(By(new OpenPoll(PollId, "porto-bonfim", "Q?", ["a", "b"], ClosesAt), Opener))
            .ThenRejected(RejectionCode.Forbidden, Poll.Reasons.NotInRegion, "region");
    }

    [Fact]
    public void Opening_a_poll_that_closes_in_the_past_is_rejected()
    {
        Poll.Decider.Given()
            .When(By(new OpenPoll(PollId, Arroios, "Q?", ["a", "b"], T0), Opener))
            .ThenRejected(RejectionCode.Validation, Poll.Reasons.ClosesInThePast, "closesAt");
    }

    [Fact]
    public void Opening_a_poll_that_runs_longer_than_the_maximum_is_rejected()
    {
        Poll.Decider.Given()
            .When(By(new OpenPoll(PollId, Arroios, "Q?", ["a", "b"], T0 + Poll.MaxDuration + TimeSpan.FromMinutes(1)), Opener))
            .ThenRejected(RejectionCode.Validation, Poll.Reasons.TooLong, "closesAt");
    }

    [Fact]
    public void Opening_over_an_existing_poll_is_a_conflict()
    {
        Poll.Decider.Given(Opened)
            .When(By(new OpenPoll(PollId, Arroios, "Q?", ["a", "b"], ClosesAt), Bea))
            .ThenRejected(RejectionCode.Conflict, Poll.Reasons.AlreadyOpened);
    }

    [Fact]
    public void A_deactivated_member_cannot_open_a_poll()
    {
        Poll.Decider.Given()
            .When(new OpenPoll(PollId, Arroios, "Q?", ["a", "b"], ClosesAt).By(Opener).Knowing(Deactivated(Opener, Arroios)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Closing_a_missing_poll_is_rejected_as_not_found()
    {
        Poll.Decider.Given()
            .When(By(new ClosePoll(PollId), Opener))
            .ThenRejected(RejectionCode.NotFound, Poll.Reasons.NotFound);
    }

    [Fact]
    public void A_member_of_the_region_can_vote()
    {
        Poll.Decider.Given(Opened)
            .When(By(new CastVote(PollId, 2), Bea))
            .Then(new VoteCast(PollId, Bea, 2, T0));
    }

    [Fact]
    public void Regions_compare_without_regard_to_case()
    {
        Poll.Decider.Given(Opened)
            .When(By(new CastVote(PollId, 0), Bea, region: "Lisbon-Arroios"))
            .Then(new VoteCast(PollId, Bea, 0, T0));
    }

    [Fact]
    public void A_member_of_another_region_cannot_vote()
    {
        Poll.Decider.Given(Opened)
            .When(By(new CastVote(PollId, 0), Outsider, region: "porto-bonfim"))
            .ThenRejected(RejectionCode.Forbidden, Poll.Reasons.NotInRegion);
    }

    [Fact]
    public void A_deactivated_member_cannot_vote()
    {
        Poll.Decider.Given(Opened)
            .When(new CastVote(PollId, 0).By(Bea).Knowing(Deactivated(Bea, Arroios)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Voting_for_an_option_that_does_not_exist_is_rejected_on_the_option()
    {
        Poll.Decider.Given(Opened)
            .When(By(new CastVote(PollId, 3), Bea))
            .ThenRejected(RejectionCode.Validation, Poll.Reasons.NoSuchOption, "option");
    }

    [Fact]
    public void Voting_the_same_option_again_is_a_no_op()
    {
        Poll.Decider.Given(Opened, new VoteCast(PollId, Bea, 1, T0))
            .When(By(new CastVote(PollId, 1), Bea))
            .ThenNothingHappens();
    }

    [Fact]
    public void Voting_another_option_changes_the_vote_rather_than_adding_one()
    {
        Poll.Decider.Given(Opened, new VoteCast(PollId, Bea, 1, T0))
            .When(By(new CastVote(PollId, 0), Bea, T0.AddDays(1)))
            .Then(new VoteChanged(PollId, Bea, 1, 0, T0.AddDays(1)));
    }

    [Fact]
    public void No_vote_after_the_poll_is_closed()
    {
        Poll.Decider.Given(Opened, new PollClosed(PollId, Opener, T0.AddDays(1), false))
            .When(By(new CastVote(PollId, 0), Bea, T0.AddDays(2)))
            .ThenRejected(RejectionCode.InvalidState, Poll.Reasons.Closed);
    }

    [Fact]
    public void No_vote_after_closes_at_even_before_the_close_is_recorded()
    {
        Poll.Decider.Given(Opened)
            .When(By(new CastVote(PollId, 0), Bea, ClosesAt))
            .ThenRejected(RejectionCode.InvalidState, Poll.Reasons.Closed);
    }

    [Fact]
    public void No_vote_change_after_close()
    {
        Poll.Decider.Given(Opened, new VoteCast(PollId, Bea, 1, T0))
            .When(By(new CastVote(PollId, 0), Bea, ClosesAt.AddSeconds(1)))
            .ThenRejected(RejectionCode.InvalidState, Poll.Reasons.Closed);
    }

    [Fact]
    public void Voting_in_a_missing_poll_is_rejected_as_not_found()
    {
        Poll.Decider.Given()
            .When(By(new CastVote(PollId, 0), Bea))
            .ThenRejected(RejectionCode.NotFound, Poll.Reasons.NotFound);
    }

    [Fact]
    public void The_opener_can_close_early()
    {
        Poll.Decider.Given(Opened)
            .When(By(new ClosePoll(PollId), Opener, T0.AddDays(1)))
            .Then(new PollClosed(PollId, Opener, T0.AddDays(1), AtDeadline: false));
    }

    [Fact]
    public void Nobody_else_can_close_early()
    {
        Poll.Decider.Given(Opened)
            .When(By(new ClosePoll(PollId), Bea, T0.AddDays(1)))
            .ThenRejected(RejectionCode.Forbidden, Poll.Reasons.NotOpener);
    }

    [Fact]
    public void The_scheduler_closes_the_poll_at_its_deadline_even_when_late()
    {
        Poll.Decider.Given(Opened)
            .When(new ClosePoll(PollId).As(Actor.System("scheduler"), ClosesAt.AddMinutes(3)))
            .Then(new PollClosed(PollId, null, ClosesAt, AtDeadline: true));
    }

    [Fact]
    public void The_scheduler_cannot_close_before_the_deadline()
    {
        Poll.Decider.Given(Opened)
            .When(new ClosePoll(PollId).As(Actor.System("scheduler"), ClosesAt.AddMinutes(-1)))
            .ThenRejected(RejectionCode.InvalidState, Poll.Reasons.NotDue);
    }

    [Fact]
    public void Any_member_may_record_the_close_once_the_deadline_has_passed()
    {
        Poll.Decider.Given(Opened)
            .When(By(new ClosePoll(PollId), Bea, ClosesAt.AddHours(1)))
            .Then(new PollClosed(PollId, Bea, ClosesAt, AtDeadline: true));
    }

    [Fact]
    public void Closing_a_closed_poll_is_a_no_op()
    {
        Poll.Decider.Given(Opened, new PollClosed(PollId, Opener, T0.AddDays(1), false))
            .When(By(new ClosePoll(PollId), Opener, T0.AddDays(2)))
            .ThenNothingHappens();
    }

    [Fact]
    public void Closing_without_an_actor_is_rejected_as_unauthenticated()
    {
        Poll.Decider.Given(Opened)
            .When(new ClosePoll(PollId).At(ClosesAt))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(77)]
    [InlineData(31337)]
    public void Any_sequence_of_votes_leaves_one_vote_per_voter_and_the_tally_equal_to_the_voters(int seed)
    {
        var random = new Random(seed);
        var voters = Enumerable.Range(0, 15).Select(_ => Guid.NewGuid()).ToArray();
        var state = Poll.Decider.Fold([Opened]);
        var tallyFromEvents = new int[3];

        for (var step = 0; step < 300; step++)
        {
            var voter = voters[random.Next(voters.Length)];
            var decision = Poll.Decider.Decide(By(new CastVote(PollId, random.Next(3)), voter, T0.AddMinutes(step)), state);
            Assert.False(decision.IsRejected, decision.ToString());
            foreach (var e in decision.Events)
            {
                if (e is VoteCast cast) tallyFromEvents[cast.Option]++;
                if (e is VoteChanged changed) { tallyFromEvents[changed.FromOption]--; tallyFromEvents[changed.ToOption]++; }
            }
            state = decision.Events.Aggregate(state, Poll.Decider.Evolve);

            Assert.Equal(state.Votes.Count, tallyFromEvents.Sum());
            Assert.Equal(state.Tally(), tallyFromEvents);
        }
    }
}
