namespace Es.Domain;

/// <summary>
/// A community member: registration, profile, deactivation and the health-professional badge.
/// Stream <c>member-&lt;id&gt;</c>. Other aggregates never read this stream themselves: the pipeline
/// folds it and hands them <see cref="MemberFacts"/> on the command (see <see cref="Member.Facts"/>).
/// Handle uniqueness cannot be decided here, since one member's stream knows nothing of the others:
/// it is the job of the tiny <see cref="HandleReservation"/> stream, reserved before registering.
/// The badge is not copied onto posts: the post read model joins it from ProfessionalVerified,
/// so it also shows on posts written before the approval.
/// The profile photo is an <see cref="ImageHash"/>: that the caller uploaded it is the API's check.
/// </summary>
public static class Member
{
    public const int HandleMinLength = 3;
    public const int HandleMaxLength = 30;
    /// <summary>Letters, digits and underscore: safe in URLs and @mentions.</summary>
    public const string HandlePattern = "^[A-Za-z0-9_]+$";
    public const int DisplayNameMaxLength = 80;
    public const int RegionMaxLength = 64;
    public const int MaxConditionsOfInterest = 20;
    public const int ConditionMaxLength = 60;
    public const int EarliestBirthYear = 1900;
    /// <summary>Members must be at least this old in the year they register.</summary>
    public const int MinimumAge = 16;
    public const int ProfessionMaxLength = 100;
    public const int DocumentReferenceMaxLength = 500;
    public const int ReasonMaxLength = 500;

    public static class Reasons
    {
        public const string AlreadyRegistered = "MEMBER_ALREADY_REGISTERED";
        public const string NotFound = "MEMBER_NOT_FOUND";
        public const string NotSelf = "NOT_YOUR_PROFILE";
        public const string Deactivated = ActorReasons.Deactivated;
        public const string AdministratorOnly = "ADMINISTRATOR_ONLY";
        public const string VerificationPending = "VERIFICATION_PENDING";
        public const string AlreadyVerified = "ALREADY_VERIFIED";
        public const string NoPendingVerification = "NO_PENDING_VERIFICATION";
        public const string OwnVerification = "OWN_VERIFICATION";
    }

    public static string StreamId(Guid memberId) => $"member-{memberId}";

    public static readonly MemberState Initial = new();

    public static readonly Decider<MemberCommand, MemberState, MemberEvent> Decider =
        new(c => StreamId(c.MemberId), Initial, Decide, Evolve);

    /// <summary>What other aggregates may rely on, folded from this member's stream.</summary>
    public static MemberFacts Facts(Guid memberId, MemberState state) =>
        new(memberId, state.IsRegistered, state.IsRegistered && !state.IsDeactivated,
            state.IsRegistered ? state.Region : null, state.Verification == VerificationStatus.Verified);

    public static Decision<MemberEvent> Decide(MemberCommand command, MemberState state) => command switch
    {
        RegisterMember c => Register(c, state),
        UpdateProfile c => UpdateProfile(c, state),
        DeactivateMember c => Deactivate(c, state),
        RequestProfessionalVerification c => RequestVerification(c, state),
        ApproveProfessionalVerification c => Approve(c, state),
        RejectProfessionalVerification c => RejectVerification(c, state),
        SetProfilePhoto c => SetPhoto(c, state),
        RecordVisit c => Visit(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
    };

    public static MemberState Evolve(MemberState state, MemberEvent @event) => @event switch
    {
        MemberRegistered e => state with
        {
            IsRegistered = true,
            Handle = e.Handle,
            DisplayName = e.DisplayName,
            Region = e.Region,
            ConditionsOfInterest = e.ConditionsOfInterest,
            BirthYear = e.BirthYear,
        },
        ProfileUpdated e => state with
        {
            DisplayName = e.DisplayName,
            Region = e.Region,
            ConditionsOfInterest = e.ConditionsOfInterest,
        },
        MemberDeactivated => state with { IsDeactivated = true },
        ProfessionalVerificationRequested e => state with
        {
            Verification = VerificationStatus.Pending,
            Profession = e.Profession,
        },
        ProfessionalVerified => state with { Verification = VerificationStatus.Verified },
        ProfessionalVerificationRejected => state with { Verification = VerificationStatus.Rejected },
        ProfilePhotoChanged e => state with { PhotoHash = e.PhotoHash },
        AppVisited e => state with { LastVisitDay = CommunityCalendar.DayOf(e.VisitedAt) },
        _ => state,
    };

    private static Decision<MemberEvent> Register(RegisterMember c, MemberState state)
    {
        // You register yourself; an administrator may register on someone's behalf (imports).
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (actor != c.MemberId && !c.Actor.IsAdministrator)
            return Rejection.Forbidden(Reasons.NotSelf, "You can only register yourself.", "memberId");
        if (state.IsRegistered)
            return Rejection.Conflict(Reasons.AlreadyRegistered, "This member is already registered.", "memberId");
        return new MemberRegistered(c.MemberId, c.Handle, c.DisplayName, c.Region,
            c.ConditionsOfInterest, c.BirthYear, c.Now);
    }

    private static Decision<MemberEvent> UpdateProfile(UpdateProfile c, MemberState state)
    {
        if (SelfOnLiveProfile(c, state) is { } rejection)
            return rejection;
        if (state.DisplayName == c.DisplayName && state.Region == c.Region
            && state.ConditionsOfInterest.SequenceEqual(c.ConditionsOfInterest))
            return Decision<MemberEvent>.Unchanged;
        return new ProfileUpdated(c.MemberId, c.DisplayName, c.Region, c.ConditionsOfInterest, c.Now);
    }

    private static Decision<MemberEvent> SetPhoto(SetProfilePhoto c, MemberState state)
    {
        if (SelfOnLiveProfile(c, state) is { } rejection)
            return rejection;
        if (state.PhotoHash == c.PhotoHash)
            return Decision<MemberEvent>.Unchanged;
        return new ProfilePhotoChanged(c.MemberId, c.PhotoHash, c.Now);
    }

    /// <summary>
    /// A visit only says "this member used the app on this day" (returning members): the first visit
    /// of a community day is recorded, later ones that day change nothing, so an app that reports
    /// every screen does not flood the log.
    /// </summary>
    private static Decision<MemberEvent> Visit(RecordVisit c, MemberState state)
    {
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (!state.IsRegistered)
            return Rejection.NotFound(Reasons.NotFound, "No such member.", "memberId");
        if (actor != c.MemberId)
            return Rejection.Forbidden(Reasons.NotSelf, "You can only record your own visits.", "memberId");
        if (state.IsDeactivated)
            return Rejection.InvalidState(Reasons.Deactivated, "A deactivated member cannot act.");
        if (state.LastVisitDay == CommunityCalendar.DayOf(c.Now))
            return Decision<MemberEvent>.Unchanged;
        return new AppVisited(c.MemberId, c.Now);
    }

    private static Decision<MemberEvent> Deactivate(DeactivateMember c, MemberState state)
    {
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (!state.IsRegistered)
            return Rejection.NotFound(Reasons.NotFound, "No such member.", "memberId");
        if (actor != c.MemberId && !c.Actor.IsAdministrator)
            return Rejection.Forbidden(Reasons.NotSelf, "Only the member or an administrator can deactivate a member.", "memberId");
        if (state.IsDeactivated)
            return Decision<MemberEvent>.Unchanged;
        return new MemberDeactivated(c.MemberId, actor, c.Reason, c.Now);
    }

    private static Decision<MemberEvent> RequestVerification(RequestProfessionalVerification c, MemberState state)
    {
        if (SelfOnLiveProfile(c, state) is { } rejection)
            return rejection;
        return state.Verification switch
        {
            VerificationStatus.Pending => Rejection.Conflict(Reasons.VerificationPending, "A verification request is already waiting for review."),
            VerificationStatus.Verified => Rejection.InvalidState(Reasons.AlreadyVerified, "This member is already verified."),
            _ => new ProfessionalVerificationRequested(c.MemberId, c.Profession, c.DocumentReference, c.Now),
        };
    }

    private static Decision<MemberEvent> Approve(ApproveProfessionalVerification c, MemberState state)
    {
        if (ReviewRejection(c, state) is { } rejection)
            return rejection;
        return new ProfessionalVerified(c.MemberId, state.Profession!, c.Actor.MemberId!.Value, c.Now);
    }

    private static Decision<MemberEvent> RejectVerification(RejectProfessionalVerification c, MemberState state)
    {
        if (ReviewRejection(c, state) is { } rejection)
            return rejection;
        return new ProfessionalVerificationRejected(c.MemberId, c.Actor.MemberId!.Value, c.Reason, c.Now);
    }

    private static Rejection? SelfOnLiveProfile(MemberCommand c, MemberState state)
    {
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (!state.IsRegistered)
            return Rejection.NotFound(Reasons.NotFound, "No such member.", "memberId");
        if (actor != c.MemberId)
            return Rejection.Forbidden(Reasons.NotSelf, "You can only change your own profile.", "memberId");
        if (state.IsDeactivated)
            return Rejection.InvalidState(Reasons.Deactivated, "A deactivated member cannot act.");
        return null;
    }

    private static Rejection? ReviewRejection(MemberCommand c, MemberState state)
    {
        if (c.Actor.MemberId is not { } actor)
            return Rejection.Unauthenticated();
        if (!c.Actor.IsAdministrator)
            return Rejection.Forbidden(Reasons.AdministratorOnly, "Only an administrator reviews verification requests.");
        // Four eyes: an administrator's own badge is reviewed by another administrator.
        if (actor == c.MemberId)
            return Rejection.Forbidden(Reasons.OwnVerification, "You cannot review your own verification request.", "memberId");
        if (!state.IsRegistered)
            return Rejection.NotFound(Reasons.NotFound, "No such member.", "memberId");
        if (state.IsDeactivated)
            return Rejection.InvalidState(Reasons.Deactivated, "This member is deactivated.");
        if (state.Verification != VerificationStatus.Pending)
            return Rejection.InvalidState(Reasons.NoPendingVerification, "There is no verification request to review.");
        return null;
    }
}

public enum VerificationStatus { None, Pending, Verified, Rejected }

public sealed record MemberState
{
    public bool IsRegistered { get; init; }
    public bool IsDeactivated { get; init; }
    public string Handle { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Region { get; init; } = "";
    public IReadOnlyList<string> ConditionsOfInterest { get; init; } = [];
    public int BirthYear { get; init; }
    public VerificationStatus Verification { get; init; }
    public string? Profession { get; init; }
    public string? PhotoHash { get; init; }

    /// <summary>The community day of the last recorded visit (see <see cref="CommunityCalendar"/>).</summary>
    public DateOnly? LastVisitDay { get; init; }
}

/// <summary>Member commands decide on the member's own stream, so they load no other member's facts.</summary>
public abstract record MemberCommand(Guid MemberId) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

/// <summary>The handle must be reserved first: see <see cref="Prerequisites"/> and <see cref="HandleReservation"/>.</summary>
public sealed record RegisterMember(
    Guid MemberId, string Handle, string DisplayName, string Region,
    IReadOnlyList<string> ConditionsOfInterest, int BirthYear) : MemberCommand(MemberId)
{
    public override IReadOnlyList<Command> Prerequisites => [HandleReservation.For(this)];
}

/// <summary>The handle is not part of the profile: it stays reserved for life, so nobody can take over a former handle.</summary>
public sealed record UpdateProfile(
    Guid MemberId, string DisplayName, string Region, IReadOnlyList<string> ConditionsOfInterest) : MemberCommand(MemberId);

public sealed record DeactivateMember(Guid MemberId, string? Reason) : MemberCommand(MemberId);

public sealed record RequestProfessionalVerification(Guid MemberId, string Profession, string DocumentReference) : MemberCommand(MemberId);

public sealed record ApproveProfessionalVerification(Guid MemberId) : MemberCommand(MemberId);

public sealed record RejectProfessionalVerification(Guid MemberId, string Reason) : MemberCommand(MemberId);

/// <summary>Sets the profile photo to an uploaded image; null removes it.</summary>
public sealed record SetProfilePhoto(Guid MemberId, string? PhotoHash) : MemberCommand(MemberId);

/// <summary>The member's app reports that they opened it: recorded at most once per community day.</summary>
public sealed record RecordVisit(Guid MemberId) : MemberCommand(MemberId);

public abstract record MemberEvent : DomainEvent;

public sealed record MemberRegistered(
    Guid MemberId, string Handle, string DisplayName, string Region,
    IReadOnlyList<string> ConditionsOfInterest, int BirthYear, DateTimeOffset RegisteredAt) : MemberEvent;

public sealed record ProfileUpdated(
    Guid MemberId, string DisplayName, string Region,
    IReadOnlyList<string> ConditionsOfInterest, DateTimeOffset UpdatedAt) : MemberEvent;

public sealed record MemberDeactivated(Guid MemberId, Guid DeactivatedBy, string? Reason, DateTimeOffset DeactivatedAt) : MemberEvent;

public sealed record ProfessionalVerificationRequested(
    Guid MemberId, string Profession, string DocumentReference, DateTimeOffset RequestedAt) : MemberEvent;

public sealed record ProfessionalVerified(Guid MemberId, string Profession, Guid ApprovedBy, DateTimeOffset VerifiedAt) : MemberEvent;

public sealed record ProfessionalVerificationRejected(Guid MemberId, Guid RejectedBy, string Reason, DateTimeOffset RejectedAt) : MemberEvent;

/// <summary>The profile photo now is <paramref name="PhotoHash"/>'s image; null: the member has none.</summary>
public sealed record ProfilePhotoChanged(Guid MemberId, string? PhotoHash, DateTimeOffset ChangedAt) : MemberEvent;

/// <summary>The member used the app on the community day of <paramref name="VisitedAt"/> (its first visit that day).</summary>
public sealed record AppVisited(Guid MemberId, DateTimeOffset VisitedAt) : MemberEvent;
