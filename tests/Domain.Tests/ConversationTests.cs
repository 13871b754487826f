using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class ConversationTests
{
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid Eve = Guid.NewGuid();
    private static readonly Guid Id = Conversation.IdFor(Ana, Bea);
    private static readonly Guid M1 = Guid.NewGuid();
    private static readonly Guid M2 = Guid.NewGuid();

    private static readonly (Guid A, Guid B) Pair = Ana.CompareTo(Bea) <= 0 ? (Ana, Bea) : (Bea, Ana);
    private static readonly ConversationStarted Started = new(Id, Pair.A, Pair.B, Ana, T0);
    private static readonly ChatMessageSent First = new(Id, M1, Ana, Bea, "Hi Bea", T0.AddMinutes(1));
    private static readonly ChatMessageSent Second = new(Id, M2, Bea, Ana, "Hi Ana", T0.AddMinutes(2));

    private static T By<T>(T command, Guid member, DateTimeOffset? at = null) where T : Command =>
        command.By(member, at).Knowing(Active(member));

    [Fact]
    public void Starting_a_conversation_with_an_active_member_records_it()
    {
        Conversation.Decider.Given()
            .When(new StartConversation(Bea).By(Ana).Knowing(Active(Ana), Active(Bea)))
            .Then(Started);
    }

    [Fact]
    public void A_pair_has_one_conversation_whoever_starts_it()
    {
        Assert.Equal(Conversation.IdFor(Ana, Bea), Conversation.IdFor(Bea, Ana));
        Assert.NotEqual(Conversation.IdFor(Ana, Bea), Conversation.IdFor(Ana, Eve));
        Assert.Equal(
            ((IDecider)Conversation.Decider).StreamId(new StartConversation(Bea).By(Ana)),
            ((IDecider)Conversation.Decider).StreamId(new StartConversation(Ana).By(Bea)));
    }

    [Fact]
    public void Starting_loads_the_facts_of_both_members()
    {
        Assert.Equal([Ana, Bea], new StartConversation(Bea).By(Ana).MembersToLoad);
    }

    [Fact]
    public void Starting_an_existing_conversation_from_the_other_side_is_a_no_op()
    {
        Conversation.Decider.Given(Started)
            .When(new StartConversation(Ana).By(Bea).Knowing(Active(Ana), Active(Bea)))
            .ThenNothingHappens();
    }

    [Fact]
    public void Starting_a_conversation_with_yourself_is_rejected()
    {
        Conversation.Decider.Given()
            .When(new StartConversation(Ana).By(Ana).Knowing(Active(Ana)))
            .ThenRejected(RejectionCode.Validation, Conversation.Reasons.WithYourself, "with");
    }

    [Fact]
    public void Starting_a_conversation_with_an_unknown_member_is_rejected_as_not_found()
    {
        Conversation.Decider.Given()
            .When(new StartConversation(Bea).By(Ana).Knowing(Active(Ana), Unregistered(Bea)))
            .ThenRejected(RejectionCode.NotFound, Conversation.Reasons.CounterpartNotFound, "with");
    }

    [Fact]
    public void Starting_a_conversation_with_a_deactivated_member_is_rejected()
    {
        Conversation.Decider.Given()
            .When(new StartConversation(Bea).By(Ana).Knowing(Active(Ana), Deactivated(Bea)))
            .ThenRejected(RejectionCode.InvalidState, Conversation.Reasons.CounterpartDeactivated, "with");
    }

    [Fact]
    public void A_deactivated_member_cannot_start_a_conversation()
    {
        Conversation.Decider.Given()
            .When(new StartConversation(Bea).By(Ana).Knowing(Deactivated(Ana), Active(Bea)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void A_participant_can_send_a_message_to_the_other()
    {
        Conversation.Decider.Given(Started)
            .When(By(new SendMessage(Id, M1, "Hi Bea"), Ana, T0.AddMinutes(1)))
            .Then(First);
    }

    [Fact]
    public void Only_the_two_participants_can_send()
    {
        Conversation.Decider.Given(Started)
            .When(By(new SendMessage(Id, M1, "let me in"), Eve))
            .ThenRejected(RejectionCode.Forbidden, Conversation.Reasons.NotParticipant);
    }

    [Fact]
    public void Sending_to_a_conversation_that_was_never_started_is_rejected_as_not_found()
    {
        Conversation.Decider.Given()
            .When(By(new SendMessage(Id, M1, "hello?"), Ana))
            .ThenRejected(RejectionCode.NotFound, Conversation.Reasons.NotFound);
    }

    [Fact]
    public void A_message_id_is_used_once()
    {
        Conversation.Decider.Given(Started, First)
            .When(By(new SendMessage(Id, M1, "again"), Bea))
            .ThenRejected(RejectionCode.Conflict, Conversation.Reasons.MessageIdTaken, "messageId");
    }

    [Fact]
    public void The_same_message_resent_after_a_timeout_is_a_no_op()
    {
        Conversation.Decider.Given(Started, First)
            .When(By(new SendMessage(Id, M1, "Hi Bea"), Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_deactivated_participant_cannot_send()
    {
        Conversation.Decider.Given(Started)
            .When(new SendMessage(Id, M1, "hi").By(Ana).Knowing(Deactivated(Ana)))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.Deactivated);
    }

    [Fact]
    public void Marking_read_records_how_far_the_participant_has_read()
    {
        Conversation.Decider.Given(Started, First, Second)
            .When(By(new MarkRead(Id, M2), Ana))
            .Then(new MessagesRead(Id, Ana, M2, T0));
    }

    [Fact]
    public void Marking_read_an_older_message_than_already_read_is_a_no_op()
    {
        Conversation.Decider.Given(Started, First, Second, new MessagesRead(Id, Bea, M2, T0))
            .When(By(new MarkRead(Id, M1), Bea))
            .ThenNothingHappens();
    }

    [Fact]
    public void Marking_read_an_unknown_message_is_rejected_on_the_message()
    {
        Conversation.Decider.Given(Started, First)
            .When(By(new MarkRead(Id, Guid.NewGuid()), Bea))
            .ThenRejected(RejectionCode.NotFound, Conversation.Reasons.MessageNotFound, "upToMessageId");
    }

    [Fact]
    public void Only_participants_can_mark_read()
    {
        Conversation.Decider.Given(Started, First)
            .When(By(new MarkRead(Id, M1), Eve))
            .ThenRejected(RejectionCode.Forbidden, Conversation.Reasons.NotParticipant);
    }
}
