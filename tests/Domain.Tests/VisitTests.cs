using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

/// <summary>RecordVisit: a member's app reports that they used it; one AppVisited per member per Seoul day.</summary>
public class VisitTests
{
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    // T0 is 09:00 UTC, 18:00 in Seoul (UTC+09:00).
    private static readonly MemberRegistered Registered = new(Ana, "Ana_R", "Ana", "Seoul Mapo", [], 1990, T0);

    [Fact]
    public void A_members_first_visit_of_the_day_is_recorded()
    {
        Member.Decider.Given(Registered)
            .When(new RecordVisit(Ana).By(Ana, T0.AddMinutes(5)))
            .Then(new AppVisited(Ana, T0.AddMinutes(5)));
    }

    [Fact]
    public void A_second_visit_the_same_Seoul_day_records_nothing()
    {
        // 14:00 UTC is 23:00 in Seoul: still the day of the first visit.
        Member.Decider.Given(Registered, new AppVisited(Ana, T0))
            .When(new RecordVisit(Ana).By(Ana, T0.AddHours(5)))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_visit_after_midnight_in_Seoul_is_a_new_day_though_the_UTC_day_is_the_same()
    {
        // 15:00 UTC on the same UTC day is 00:00 the next day in Seoul.
        Member.Decider.Given(Registered, new AppVisited(Ana, T0))
            .When(new RecordVisit(Ana).By(Ana, T0.AddHours(6)))
            .Then(new AppVisited(Ana, T0.AddHours(6)));
    }

    [Fact]
    public void A_visit_on_a_later_day_is_recorded_again()
    {
        Member.Decider.Given(Registered, new AppVisited(Ana, T0), new AppVisited(Ana, T0.AddDays(1)))
            .When(new RecordVisit(Ana).By(Ana, T0.AddDays(3)))
            .Then(new AppVisited(Ana, T0.AddDays(3)));
    }

    [Fact]
    public void Recording_a_visit_for_someone_else_is_forbidden()
    {
        Member.Decider.Given(Registered)
            .When(new RecordVisit(Ana).By(Other))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf, "memberId");
    }

    [Fact]
    public void Recording_a_visit_without_signing_in_is_rejected_as_unauthenticated()
    {
        Member.Decider.Given(Registered)
            .When(new RecordVisit(Ana))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Fact]
    public void An_unregistered_member_cannot_record_a_visit()
    {
        Member.Decider.Given()
            .When(new RecordVisit(Ana).By(Ana))
            .ThenRejected(RejectionCode.NotFound, Member.Reasons.NotFound);
    }

    [Fact]
    public void A_deactivated_member_cannot_record_a_visit()
    {
        Member.Decider.Given(Registered, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new RecordVisit(Ana).By(Ana, T0.AddDays(1)))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.Deactivated);
    }

    [Fact]
    public void A_visit_needs_a_member_id()
    {
        var rejections = CommandValidation.Validate(new RecordVisit(Guid.Empty).By(Ana));
        Assert.Equal("memberId", Assert.Single(rejections).Field);
    }
}
