using FluentValidation;

namespace Es.Domain;

public sealed class OpenPollValidator : CommandValidator<OpenPoll>
{
    public OpenPollValidator()
    {
        RuleFor(c => c.PollId).Id();
        RuleFor(c => c.Region).Region();
        RuleFor(c => c.Question).RequiredText(Poll.QuestionMaxLength);
        RuleFor(c => c.Options).NotNull().CountBetween(Poll.MinOptions, Poll.MaxOptions).DistinctLabels();
        RuleForEach(c => c.Options).RequiredText(Poll.OptionMaxLength);
        // "In the future and within Poll.MaxDuration" is decided with the command's Now, in the decider.
        RuleFor(c => c.ClosesAt).RequiredInstant();
    }
}

public sealed class CastVoteValidator : CommandValidator<CastVote>
{
    public CastVoteValidator()
    {
        RuleFor(c => c.PollId).Id();
        // The upper bound depends on the poll's options: the decider checks it.
        RuleFor(c => c.Option).InclusiveBetween(0, Poll.MaxOptions - 1);
    }
}

public sealed class ClosePollValidator : CommandValidator<ClosePoll>
{
    public ClosePollValidator() => RuleFor(c => c.PollId).Id();
}
