using FluentValidation;

namespace Es.Domain;

public sealed class ScheduleMeetupValidator : CommandValidator<ScheduleMeetup>
{
    public ScheduleMeetupValidator()
    {
        RuleFor(c => c.MeetupId).Id();
        RuleFor(c => c.Title).RequiredText(Meetup.TitleMaxLength);
        RuleFor(c => c.Region).Region();
        RuleFor(c => c.Place).RequiredText(Meetup.PlaceMaxLength);
        RuleFor(c => c.Capacity).InclusiveBetween(Meetup.MinCapacity, Meetup.MaxCapacity);
        // "In the future" is the decider's (Meetup.Reasons.StartsInThePast); the far bound is plain shape.
        RuleFor(c => c.StartsAt).RequiredInstant()
            .Must((c, startsAt) => startsAt - c.Now <= Meetup.MaxLeadTime)
            .WithErrorCode("TOO_FAR_AHEAD")
            .WithMessage($"A meetup is scheduled at most {Meetup.MaxLeadTime.TotalDays} days ahead.");
    }
}

public sealed class JoinMeetupValidator : CommandValidator<JoinMeetup>
{
    public JoinMeetupValidator() => RuleFor(c => c.MeetupId).Id();
}

public sealed class LeaveMeetupValidator : CommandValidator<LeaveMeetup>
{
    public LeaveMeetupValidator() => RuleFor(c => c.MeetupId).Id();
}

public sealed class CancelMeetupValidator : CommandValidator<CancelMeetup>
{
    public CancelMeetupValidator()
    {
        RuleFor(c => c.MeetupId).Id();
        RuleFor(c => c.Reason).OptionalText(Meetup.ReasonMaxLength);
    }
}
