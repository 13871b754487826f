using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class MemberTests
{
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Admin = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static readonly MemberRegistered Registered =
        new(Ana, "Ana_R", "Ana", "lisbon-arroios", ["diabetes"], 1990, T0);

    private static readonly ProfessionalVerificationRequested Requested =
        new(Ana, "Nurse", "doc://license/123", T0.AddHours(1));

    [Fact]
    public void Registering_yourself_records_the_member()
    {
        Member.Decider.Given()
            .When(new RegisterMember(Ana, "Ana_R", "Ana", "lisbon-arroios", ["diabetes"], 1990).By(Ana))
            .Then(Registered);
    }

    [Fact]
    public void Registering_without_signing_in_is_rejected_as_unauthenticated()
    {
        Member.Decider.Given()
            .When(new RegisterMember(Ana, "Ana_R", "Ana", "lisbon-arroios", [], 1990))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Fact]
    public void Registering_someone_else_is_forbidden()
    {
        Member.Decider.Given()
            .When(new RegisterMember(Ana, "Ana_R", "Ana", "lisbon-arroios", [], 1990).By(Other))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf, "memberId");
    }

    [Fact]
    public void An_administrator_may_register_a_member_on_their_behalf()
    {
        Member.Decider.Given()
            .When(new RegisterMember(Ana, "Ana_R", "Ana", "lisbon-arroios", ["diabetes"], 1990).ByAdministrator(Admin))
            .Then(Registered);
    }

    [Fact]
    public void Registering_twice_is_rejected_as_a_conflict()
    {
        Member.Decider.Given(Registered)
            .When(new RegisterMember(Ana, "Ana_R", "Ana", "lisbon-arroios", [], 1990).By(Ana))
            .ThenRejected(RejectionCode.Conflict, Member.Reasons.AlreadyRegistered);
    }

    [Fact]
    public void Updating_your_profile_records_the_new_profile()
    {
        Member.Decider.Given(Registered)
            .When(new UpdateProfile(Ana, "Ana R.", "porto-bonfim", ["asthma"]).By(Ana, T0.AddDays(1)))
            .Then(new ProfileUpdated(Ana, "Ana R.", "porto-bonfim", ["asthma"], T0.AddDays(1)));
    }

    [Fact]
    public void Updating_a_profile_to_the_same_values_records_nothing()
    {
        Member.Decider.Given(Registered)
            .When(new UpdateProfile(Ana, "Ana", "lisbon-arroios", ["diabetes"]).By(Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void Updating_someone_elses_profile_is_forbidden()
    {
        Member.Decider.Given(Registered)
            .When(new UpdateProfile(Ana, "Hacked", "x", []).By(Other))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf);
    }

    [Fact]
    public void Updating_an_unregistered_member_is_rejected_as_not_found()
    {
        Member.Decider.Given()
            .When(new UpdateProfile(Ana, "Ana", "x", []).By(Ana))
            .ThenRejected(RejectionCode.NotFound, Member.Reasons.NotFound);
    }

    [Fact]
    public void A_deactivated_member_cannot_update_their_profile()
    {
        Member.Decider.Given(Registered, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new UpdateProfile(Ana, "Ana 2", "x", []).By(Ana))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.Deactivated);
    }

    [Fact]
    public void Deactivating_yourself_records_the_deactivation()
    {
        Member.Decider.Given(Registered)
            .When(new DeactivateMember(Ana, "leaving").By(Ana))
            .Then(new MemberDeactivated(Ana, Ana, "leaving", T0));
    }

    [Fact]
    public void An_administrator_may_deactivate_a_member()
    {
        Member.Decider.Given(Registered)
            .When(new DeactivateMember(Ana, "spam").ByAdministrator(Admin))
            .Then(new MemberDeactivated(Ana, Admin, "spam", T0));
    }

    [Fact]
    public void Deactivating_another_member_is_forbidden()
    {
        Member.Decider.Given(Registered)
            .When(new DeactivateMember(Ana, null).By(Other))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf);
    }

    [Fact]
    public void Deactivating_twice_records_nothing()
    {
        Member.Decider.Given(Registered, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new DeactivateMember(Ana, null).By(Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void Deactivating_an_unknown_member_is_rejected_as_not_found()
    {
        Member.Decider.Given()
            .When(new DeactivateMember(Ana, null).ByAdministrator(Admin))
            .ThenRejected(RejectionCode.NotFound, Member.Reasons.NotFound);
    }

    [Fact]
    public void Asking_to_be_verified_records_the_request()
    {
        Member.Decider.Given(Registered)
            .When(new RequestProfessionalVerification(Ana, "Nurse", "doc://license/123").By(Ana, T0.AddHours(1)))
            .Then(Requested);
    }

    [Fact]
    public void Asking_again_while_a_request_is_pending_is_a_conflict()
    {
        Member.Decider.Given(Registered, Requested)
            .When(new RequestProfessionalVerification(Ana, "Nurse", "doc://2").By(Ana))
            .ThenRejected(RejectionCode.Conflict, Member.Reasons.VerificationPending);
    }

    [Fact]
    public void Asking_again_after_a_rejection_is_allowed()
    {
        Member.Decider.Given(Registered, Requested, new ProfessionalVerificationRejected(Ana, Admin, "blurry", T0))
            .When(new RequestProfessionalVerification(Ana, "Nurse", "doc://2").By(Ana))
            .Then(new ProfessionalVerificationRequested(Ana, "Nurse", "doc://2", T0));
    }

    [Fact]
    public void Asking_when_already_verified_is_rejected()
    {
        Member.Decider.Given(Registered, Requested, new ProfessionalVerified(Ana, "Nurse", Admin, T0))
            .When(new RequestProfessionalVerification(Ana, "Doctor", "doc://3").By(Ana))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.AlreadyVerified);
    }

    [Fact]
    public void A_deactivated_member_cannot_ask_to_be_verified()
    {
        Member.Decider.Given(Registered, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new RequestProfessionalVerification(Ana, "Nurse", "doc://1").By(Ana))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.Deactivated);
    }

    [Fact]
    public void An_administrator_approving_a_pending_request_verifies_the_member()
    {
        Member.Decider.Given(Registered, Requested)
            .When(new ApproveProfessionalVerification(Ana).ByAdministrator(Admin, T0.AddDays(2)))
            .Then(new ProfessionalVerified(Ana, "Nurse", Admin, T0.AddDays(2)));
    }

    [Fact]
    public void An_administrator_rejecting_a_pending_request_records_the_reason()
    {
        Member.Decider.Given(Registered, Requested)
            .When(new RejectProfessionalVerification(Ana, "document unreadable").ByAdministrator(Admin))
            .Then(new ProfessionalVerificationRejected(Ana, Admin, "document unreadable", T0));
    }

    [Fact]
    public void A_member_who_is_not_an_administrator_cannot_approve()
    {
        Member.Decider.Given(Registered, Requested)
            .When(new ApproveProfessionalVerification(Ana).By(Other))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.AdministratorOnly);
    }

    [Fact]
    public void An_administrator_cannot_approve_their_own_request()
    {
        Member.Decider.Given(Registered, Requested)
            .When(new ApproveProfessionalVerification(Ana).ByAdministrator(Ana))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.OwnVerification);
    }

    [Fact]
    public void Approving_without_a_pending_request_is_rejected()
    {
        Member.Decider.Given(Registered)
            .When(new ApproveProfessionalVerification(Ana).ByAdministrator(Admin))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.NoPendingVerification);
    }

    [Fact]
    public void Rejecting_an_already_reviewed_request_is_rejected()
    {
        Member.Decider.Given(Registered, Requested, new ProfessionalVerified(Ana, "Nurse", Admin, T0))
            .When(new RejectProfessionalVerification(Ana, "changed my mind").ByAdministrator(Admin))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.NoPendingVerification);
    }

    [Fact]
    public void Reviewing_a_request_of_a_deactivated_member_is_rejected()
    {
        Member.Decider.Given(Registered, Requested, new MemberDeactivated(Ana, Ana, null, T0))
            .When(new ApproveProfessionalVerification(Ana).ByAdministrator(Admin))
            .ThenRejected(RejectionCode.InvalidState, Member.Reasons.Deactivated);
    }

    [Fact]
    public void Reviewing_an_unknown_member_is_rejected_as_not_found()
    {
        Member.Decider.Given()
            .When(new RejectProfessionalVerification(Ana, "no").ByAdministrator(Admin))
            .ThenRejected(RejectionCode.NotFound, Member.Reasons.NotFound);
    }

    [Fact]
    public void Facts_say_a_registered_member_is_active_with_their_region_and_badge()
    {
        var state = Member.Decider.Fold([Registered, Requested, new ProfessionalVerified(Ana, "Nurse", Admin, T0)]);
        Assert.Equal(new MemberFacts(Ana, true, true, "lisbon-arroios", true), Member.Facts(Ana, state));
    }

    [Fact]
    public void Facts_say_a_deactivated_member_is_not_active()
    {
        var state = Member.Decider.Fold([Registered, new MemberDeactivated(Ana, Ana, null, T0)]);
        Assert.False(Member.Facts(Ana, state).IsActive);
    }

    [Fact]
    public void The_member_stream_is_named_after_the_member()
    {
        Assert.Equal($"member-{Ana}", ((IDecider)Member.Decider).StreamId(new DeactivateMember(Ana, null)));
    }
}

public class HandleReservationTests
{
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Bea = Guid.NewGuid();
    private static readonly Guid Admin = Guid.NewGuid();

    [Fact]
    public void Reserving_a_free_handle_records_it_normalized()
    {
        HandleReservation.Decider.Given()
            .When(new ReserveHandle("Ana_R", Ana).By(Ana))
            .Then(new HandleReserved("ana_r", Ana, T0));
    }

    [Fact]
    public void A_handle_held_by_another_member_is_rejected_as_taken()
    {
        HandleReservation.Decider.Given(new HandleReserved("ana_r", Ana, T0))
            .When(new ReserveHandle("ANA_r", Bea).By(Bea))
            .ThenRejected(RejectionCode.Conflict, HandleReservation.Reasons.Taken, "handle");
    }

    [Fact]
    public void Reserving_your_own_handle_again_records_nothing()
    {
        HandleReservation.Decider.Given(new HandleReserved("ana_r", Ana, T0))
            .When(new ReserveHandle("ana_r", Ana).By(Ana))
            .ThenNothingHappens();
    }

    [Fact]
    public void Reserving_a_handle_for_someone_else_is_forbidden()
    {
        HandleReservation.Decider.Given()
            .When(new ReserveHandle("ana_r", Ana).By(Bea))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.NotSelf);
    }

    [Fact]
    public void Handles_differing_only_in_case_share_one_stream()
    {
        IDecider decider = HandleReservation.Decider;
        Assert.Equal("handle-ana_r", decider.StreamId(new ReserveHandle(" Ana_R ", Ana)));
        Assert.Equal(decider.StreamId(new ReserveHandle("ana_r", Bea)), decider.StreamId(new ReserveHandle("ANA_R", Ana)));
    }

    [Fact]
    public void An_administrator_can_release_a_handle_so_another_member_can_take_it()
    {
        var released = new HandleReleased("ana_r", Ana, T0);
        HandleReservation.Decider.Given(new HandleReserved("ana_r", Ana, T0))
            .When(new ReleaseHandle("ana_r").ByAdministrator(Admin))
            .Then(released);
        HandleReservation.Decider.Given(new HandleReserved("ana_r", Ana, T0), released)
            .When(new ReserveHandle("ana_r", Bea).By(Bea))
            .Then(new HandleReserved("ana_r", Bea, T0));
    }

    [Fact]
    public void A_member_cannot_release_a_handle()
    {
        HandleReservation.Decider.Given(new HandleReserved("ana_r", Ana, T0))
            .When(new ReleaseHandle("ana_r").By(Ana))
            .ThenRejected(RejectionCode.Forbidden, Member.Reasons.AdministratorOnly);
    }

    [Fact]
    public void The_reservation_for_a_registration_carries_its_envelope()
    {
        var registration = new RegisterMember(Ana, "Ana_R", "Ana", "r", [], 1990).By(Ana) with { IdempotencyKey = "k1" };
        var reservation = HandleReservation.For(registration);
        Assert.Equal((Actor.Member(Ana), T0, "k1", Ana), (reservation.Actor, reservation.Now, reservation.IdempotencyKey, reservation.MemberId));
    }
}
