using FluentValidation;
using FluentValidation.Results;

namespace Es.Domain;

/// <summary>
/// Base of every command validator: the command's shape (required fields, lengths, ranges, formats),
/// before any state is read. Rules that need state belong to the decider.
/// </summary>
public abstract class CommandValidator<T> : AbstractValidator<T> where T : Command
{
    protected CommandValidator()
    {
        // One message per field: "required" says enough, no "too short" about a missing value on top.
        RuleLevelCascadeMode = CascadeMode.Stop;
    }
}

/// <summary>Runs the validator of any command and speaks the deciders' language: field-addressed rejections.</summary>
public static class CommandValidation
{
    private static readonly Dictionary<Type, IValidator> Validators = new IValidator[]
    {
        new RegisterMemberValidator(), new UpdateProfileValidator(), new DeactivateMemberValidator(),
        new RequestProfessionalVerificationValidator(), new ApproveProfessionalVerificationValidator(),
        new RejectProfessionalVerificationValidator(), new SetProfilePhotoValidator(), new RecordVisitValidator(),
        new ReserveHandleValidator(), new ReleaseHandleValidator(),
        new PublishPostValidator(), new EditPostValidator(), new DeletePostValidator(), new AddCommentValidator(),
        new EditCommentValidator(), new DeleteCommentValidator(),
        new LikePostValidator(), new UnlikePostValidator(), new AttachPostImagesValidator(),
        new ScheduleMeetupValidator(), new JoinMeetupValidator(), new LeaveMeetupValidator(), new CancelMeetupValidator(),
        new OpenPollValidator(), new CastVoteValidator(), new ClosePollValidator(),
        new StartConversationValidator(), new SendMessageValidator(), new MarkReadValidator(),
        new RecordSaleValidator(), new RefundSaleValidator(), new CancelSaleValidator(),
        new PlaceOrderValidator(), new DeliverOrderValidator(), new CancelOrderValidator(),
        new PickUpOrderValidator(), new RateOrderValidator(),
        new RegisterMerchantValidator(), new RecordReturnValidator(),
    }.ToDictionary(ValidatedType);

    public static IReadOnlyCollection<Type> ValidatedCommands => Validators.Keys;

    /// <summary>The shape problems of <paramref name="command"/>; empty when it may go on to be decided.</summary>
    public static IReadOnlyList<Rejection> Validate(Command command)
    {
        if (!Validators.TryGetValue(command.GetType(), out var validator))
            throw new ArgumentException($"No validator for {command.GetType().Name}.", nameof(command));
        return [.. validator.Validate(new ValidationContext<object>(command)).Errors.Select(ToRejection)];
    }

    public static Rejection ToRejection(ValidationFailure failure) =>
        Rejection.Validation(ReasonOf(failure.ErrorCode), failure.ErrorMessage, FieldPath(failure.PropertyName));

    /// <summary>"Items[0].UnitPrice" → "items[0].unitPrice": the GraphQL input path of the field.</summary>
    public static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    /// <summary>FluentValidation's "MaximumLengthValidator" becomes "MAXIMUM_LENGTH"; our own codes pass as they are.</summary>
    public static string ReasonOf(string errorCode)
    {
        if (!errorCode.EndsWith("Validator", StringComparison.Ordinal))
            return errorCode;
        var name = errorCode[..^"Validator".Length];
        return string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : char.ToUpperInvariant(ch).ToString()));
    }

    private static Type ValidatedType(IValidator validator) =>
        validator.GetType().BaseType!.GetGenericArguments()[0];
}

/// <summary>The rules several commands share, so a limit is written once.</summary>
public static class ShapeRules
{
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.NotEmpty().MaximumLength(maxLength);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength);

    public static IRuleBuilderOptions<T, Guid> Id<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEmpty().WithErrorCode("ID_REQUIRED").WithMessage("'{PropertyName}' must be a non-empty id.");

    public static IRuleBuilderOptions<T, string> Region<T>(this IRuleBuilder<T, string> rule) =>
        rule.RequiredText(Member.RegionMaxLength);

    /// <summary>An instant from the source that the decider compares with others: it must be given.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset> RequiredInstant<T>(this IRuleBuilder<T, DateTimeOffset> rule) =>
        rule.NotEqual(default(DateTimeOffset)).WithErrorCode("INSTANT_REQUIRED").WithMessage("'{PropertyName}' must be given.");

    /// <summary>A list of short distinct labels (tags, conditions, options), compared without case or padding.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> DistinctLabels<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.Must(labels => labels.Select(l => l?.Trim().ToLowerInvariant()).Distinct().Count() == labels.Count)
            .WithErrorCode("DUPLICATES").WithMessage("'{PropertyName}' must not repeat an entry.");

    public static IRuleBuilderOptions<T, string?> ImageHash<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Es.Domain.ImageHash.IsWellFormed).WithErrorCode("IMAGE_HASH_FORMAT")
            .WithMessage("'{PropertyName}' must be an image id: 64 lower-case hex digits (an upload's SHA-256).");

    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>> CountBetween<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>> rule, int min, int max) =>
        rule.Must(items => items.Count >= min && items.Count <= max)
            .WithErrorCode("COUNT_OUT_OF_RANGE").WithMessage($"'{{PropertyName}}' must have {min} to {max} entries.");
}

/// <summary>An ISO 4217 currency Es knows, and an amount with no more decimals than it has.</summary>
public sealed class MoneyValidator : AbstractValidator<Money>
{
    public MoneyValidator(bool allowZero = false)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(m => m.Currency)
            .NotEmpty()
            .Matches(Currencies.CodePattern).WithErrorCode("CURRENCY_FORMAT").WithMessage("A currency is a 3-letter ISO 4217 code such as EUR.")
            .Must(Currencies.IsKnown).WithErrorCode("CURRENCY_UNKNOWN").WithMessage("'{PropertyValue}' is not a supported currency.");
        var amount = RuleFor(m => m.Amount);
        (allowZero ? amount.GreaterThanOrEqualTo(0m) : amount.GreaterThan(0m))
            .Must((m, a) => !Currencies.IsKnown(m.Currency) || Currencies.FitsMinorUnits(a, m.Currency))
            .WithErrorCode("TOO_MANY_DECIMALS").WithMessage("The amount has more decimals than its currency allows.");
    }
}
