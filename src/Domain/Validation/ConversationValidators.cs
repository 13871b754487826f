using FluentValidation;

namespace Es.Domain;

public sealed class StartConversationValidator : CommandValidator<StartConversation>
{
    public StartConversationValidator() => RuleFor(c => c.With).Id();
}

public sealed class SendMessageValidator : CommandValidator<SendMessage>
{
    public SendMessageValidator()
    {
        RuleFor(c => c.ConversationId).Id();
        RuleFor(c => c.MessageId).Id();
        RuleFor(c => c.Body).RequiredText(Conversation.MessageMaxLength);
    }
}

public sealed class MarkReadValidator : CommandValidator<MarkRead>
{
    public MarkReadValidator()
    {
        RuleFor(c => c.ConversationId).Id();
        RuleFor(c => c.UpToMessageId).Id();
    }
}
