using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class MeetupTests
{
    private static readonly Guid MeetupId = Guid.NewGuid();
    private static readonly Guid Host = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid Cai = Guid.NewGuid();
    private static readonly DateTimeOffset StartsAt = T0.AddDays(3);

    private static MeetupScheduled Scheduled(int capacity = 10) =>
        new(MeetupId, Host, "Park run", "lisbon-arroios", "Jardim Constantino", StartsAt, capacity, T0);

    private static MeetupJoined Joined(Guid member) => new(MeetupId, member, T0);

    private static T By<T>(T command, Guid member, DateTimeOffset? at = null) where T : Command =>
        command.By(member, at).Knowing(Active(member));

    [Fact]
    public void Scheduling_records_the_meetup_and_the_host_as_its_first_participant()
    {
        Meetup.Decider.Given()
            .When(By(new ScheduleMeetup(MeetupId, "Park run", "lisbon-arroios", "Jardim Constantino", StartsAt, 10), Host))
            .Then(Scheduled(), Joined(Host));
    }

    [Fact]
    public void Scheduling_a_meetup_that_starts_in_the_past_is_rejected()
    {
        Meetup.Decider.Given()
            .When(By(new ScheduleMeetup(MeetupId, "Park run", "r", "p", T0.AddMinutes(-1), 10), Host))
            .ThenRejected(RejectionCode.Validation, Meetup.Reasons.StartsInThePast, "startsAt");
    }

    [Fact]
    public void Scheduling_over_an_existing_meetup_is_a_conflict()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new ScheduleMeetup(MeetupId, "Other", "r", "p", StartsAt, 10), Bea))
            .ThenRejected(RejectionCode.Conflict, Meetup.Reasons.AlreadyScheduled);
    }

    [Fact]
    public void A_deactivated_member_cannot_schedule()
    {
        Meetup.Decider.Given()
            .When(new ScheduleMeetup(MeetupId, "Park run", "r", "p", StartsAt, 10).By(Host).Knowing(Deactivated(Host)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Joining_records_the_participant()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new JoinMeetup(MeetupId), Bea))
            .Then(Joined(Bea));
    }

    [Fact]
    public void Joining_twice_is_a_no_op()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), Joined(Bea))
            .When(By(new JoinMeetup(MeetupId), Bea))
            .ThenNothingHappens();
    }

    [Fact]
    public void Joining_a_full_meetup_is_rejected_as_full()
    {
        Meetup.Decider.Given(Scheduled(capacity: 2), Joined(Host), Joined(Bea))
            .When(By(new JoinMeetup(MeetupId), Cai))
            .ThenRejected(RejectionCode.Conflict, Meetup.Reasons.Full);
    }

    [Fact]
    public void Joining_again_when_full_but_already_in_is_still_a_no_op()
    {
        Meetup.Decider.Given(Scheduled(capacity: 2), Joined(Host), Joined(Bea))
            .When(By(new JoinMeetup(MeetupId), Bea))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_seat_freed_by_leaving_can_be_taken()
    {
        Meetup.Decider.Given(Scheduled(capacity: 2), Joined(Host), Joined(Bea), new MeetupLeft(MeetupId, Bea, T0))
            .When(By(new JoinMeetup(MeetupId), Cai))
            .Then(Joined(Cai));
    }

    [Fact]
    public void Joining_a_cancelled_meetup_is_rejected()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), new MeetupCancelled(MeetupId, Host, null, T0))
            .When(By(new JoinMeetup(MeetupId), Bea))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.Cancelled);
    }

    [Fact]
    public void Joining_a_started_meetup_is_rejected()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new JoinMeetup(MeetupId), Bea, StartsAt))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.Started);
    }

    [Fact]
    public void Joining_a_missing_meetup_is_rejected_as_not_found()
    {
        Meetup.Decider.Given()
            .When(By(new JoinMeetup(MeetupId), Bea))
            .ThenRejected(RejectionCode.NotFound, Meetup.Reasons.NotFound, "meetupId");
    }

    [Fact]
    public void A_deactivated_member_cannot_join()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(new JoinMeetup(MeetupId).By(Bea).Knowing(Deactivated(Bea)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Leaving_records_the_departure()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), Joined(Bea))
            .When(By(new LeaveMeetup(MeetupId), Bea))
            .Then(new MeetupLeft(MeetupId, Bea, T0));
    }

    [Fact]
    public void Leaving_a_meetup_you_are_not_in_is_a_no_op()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new LeaveMeetup(MeetupId), Bea))
            .ThenNothingHappens();
    }

    [Fact]
    public void The_host_cannot_leave_their_own_meetup()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new LeaveMeetup(MeetupId), Host))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.HostCannotLeave);
    }

    [Fact]
    public void Leaving_a_started_meetup_is_rejected()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), Joined(Bea))
            .When(By(new LeaveMeetup(MeetupId), Bea, StartsAt.AddMinutes(5)))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.Started);
    }

    [Fact]
    public void Leaving_a_cancelled_meetup_is_rejected()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), Joined(Bea), new MeetupCancelled(MeetupId, Host, null, T0))
            .When(By(new LeaveMeetup(MeetupId), Bea))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.Cancelled);
    }

    [Fact]
    public void Cancelling_a_missing_meetup_is_rejected_as_not_found()
    {
        Meetup.Decider.Given()
            .When(By(new CancelMeetup(MeetupId, null), Host))
            .ThenRejected(RejectionCode.NotFound, Meetup.Reasons.NotFound);
    }

    [Fact]
    public void The_host_can_cancel()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new CancelMeetup(MeetupId, "rain"), Host))
            .Then(new MeetupCancelled(MeetupId, Host, "rain", T0));
    }

    [Fact]
    public void Only_the_host_can_cancel()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), Joined(Bea))
            .When(By(new CancelMeetup(MeetupId, null), Bea))
            .ThenRejected(RejectionCode.Forbidden, Meetup.Reasons.NotHost);
    }

    [Fact]
    public void Cancelling_twice_is_a_no_op()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host), new MeetupCancelled(MeetupId, Host, null, T0))
            .When(By(new CancelMeetup(MeetupId, null), Host))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_started_meetup_cannot_be_cancelled()
    {
        Meetup.Decider.Given(Scheduled(), Joined(Host))
            .When(By(new CancelMeetup(MeetupId, null), Host, StartsAt))
            .ThenRejected(RejectionCode.InvalidState, Meetup.Reasons.Started);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(97)]
    [InlineData(1234)]
    public void Any_sequence_of_joins_and_leaves_never_exceeds_capacity(int seed)
    {
        var random = new Random(seed);
        var capacity = random.Next(Meetup.MinCapacity, 12);
        var members = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        var state = Meetup.Decider.Fold([Scheduled(capacity), Joined(Host)]);
        var fullRejections = 0;

        for (var step = 0; step < 1000; step++)
        {
            var member = members[random.Next(members.Length)];
            MeetupCommand command = random.Next(3) == 0 ? new LeaveMeetup(MeetupId) : new JoinMeetup(MeetupId);
            var decision = Meetup.Decider.Decide(By(command, member, T0.AddSeconds(step)), state);
            if (decision.IsRejected)
            {
                Assert.Equal(Meetup.Reasons.Full, Assert.Single(decision.Rejections).Reason);
                Assert.Equal(capacity, state.Participants.Count);
                fullRejections++;
            }
            state = decision.Events.Aggregate(state, Meetup.Decider.Evolve);

            Assert.InRange(state.Participants.Count, 1, capacity);
            Assert.Contains(Host, state.Participants);
        }

        Assert.True(fullRejections > 0, "the sequence should have hit capacity at least once");
    }
}
