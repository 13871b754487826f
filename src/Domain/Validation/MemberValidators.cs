using FluentValidation;

namespace Es.Domain;

public sealed class RegisterMemberValidator : CommandValidator<RegisterMember>
{
    public RegisterMemberValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.Handle).Handle();
        RuleFor(c => c.DisplayName).RequiredText(Member.DisplayNameMaxLength);
        RuleFor(c => c.Region).Region();
        RuleFor(c => c.ConditionsOfInterest).ConditionsOfInterest();
        RuleForEach(c => c.ConditionsOfInterest).RequiredText(Member.ConditionMaxLength);
        RuleFor(c => c.BirthYear)
            .Must((c, year) => year >= Member.EarliestBirthYear && year <= c.Now.Year - Member.MinimumAge)
            .WithErrorCode("BIRTH_YEAR_OUT_OF_RANGE")
            .WithMessage(c => $"Birth year must be between {Member.EarliestBirthYear} and {c.Now.Year - Member.MinimumAge}: members are at least {Member.MinimumAge}.");
    }
}

public sealed class UpdateProfileValidator : CommandValidator<UpdateProfile>
{
    public UpdateProfileValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.DisplayName).RequiredText(Member.DisplayNameMaxLength);
        RuleFor(c => c.Region).Region();
        RuleFor(c => c.ConditionsOfInterest).ConditionsOfInterest();
        RuleForEach(c => c.ConditionsOfInterest).RequiredText(Member.ConditionMaxLength);
    }
}

public sealed class DeactivateMemberValidator : CommandValidator<DeactivateMember>
{
    public DeactivateMemberValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.Reason).OptionalText(Member.ReasonMaxLength);
    }
}

public sealed class RequestProfessionalVerificationValidator : CommandValidator<RequestProfessionalVerification>
{
    public RequestProfessionalVerificationValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.Profession).RequiredText(Member.ProfessionMaxLength);
        RuleFor(c => c.DocumentReference).RequiredText(Member.DocumentReferenceMaxLength);
    }
}

public sealed class ApproveProfessionalVerificationValidator : CommandValidator<ApproveProfessionalVerification>
{
    public ApproveProfessionalVerificationValidator() => RuleFor(c => c.MemberId).Id();
}

public sealed class RejectProfessionalVerificationValidator : CommandValidator<RejectProfessionalVerification>
{
    public RejectProfessionalVerificationValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.Reason).RequiredText(Member.ReasonMaxLength);
    }
}

public sealed class SetProfilePhotoValidator : CommandValidator<SetProfilePhoto>
{
    public SetProfilePhotoValidator()
    {
        RuleFor(c => c.MemberId).Id();
        RuleFor(c => c.PhotoHash).ImageHash().When(c => c.PhotoHash is not null);
    }
}

public sealed class RecordVisitValidator : CommandValidator<RecordVisit>
{
    public RecordVisitValidator() => RuleFor(c => c.MemberId).Id();
}

public sealed class ReserveHandleValidator : CommandValidator<ReserveHandle>
{
    public ReserveHandleValidator()
    {
        RuleFor(c => c.Handle).Handle();
        RuleFor(c => c.MemberId).Id();
    }
}

public sealed class ReleaseHandleValidator : CommandValidator<ReleaseHandle>
{
    public ReleaseHandleValidator() => RuleFor(c => c.Handle).Handle();
}

public static class MemberShapeRules
{
    public static IRuleBuilderOptions<T, string> Handle<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Length(Member.HandleMinLength, Member.HandleMaxLength)
            .Matches(Member.HandlePattern).WithErrorCode("HANDLE_FORMAT")
            .WithMessage("A handle uses only letters, digits and underscores.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>> ConditionsOfInterest<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.NotNull().CountBetween(0, Member.MaxConditionsOfInterest).DistinctLabels();
}
