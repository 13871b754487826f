using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL;
using Es.GraphQL.Types;

namespace Es.Api.Chat;

/// <summary>
/// 1:1 chat: my inbox, a conversation's messages, start/send/mark read, and new messages as a
/// subscription. Only the two participants read a conversation. To everyone else it does not
/// exist: reads and commands answer NOT_FOUND, never FORBIDDEN, because conversation ids follow
/// from the pair of members, and "forbidden" would tell a stranger that two members talk.
/// </summary>
public static class ChatSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Object<ConversationView>("Conversation", o => o
            .Description("A 1:1 conversation, as the signed-in member sees it.")
            .Field("id", "ID!", c => c.Id.ToString())
            .Field("with", "Member", f => f.Description("The other participant.").ResolveAsync((c, ctx) => ctx.LoadMember(c.OtherId)))
            .Field("startedAt", "DateTime!", c => c.StartedAt)
            .Field("lastActivityAt", "DateTime!", c => c.LastActivity)
            .Field("unreadCount", "Int!", c => c.Unread, "Messages to me after the last one I marked read.")
            .Field("lastMessage", "ChatMessage", f => f.ResolveAsync((c, ctx) => c.LastMessageId is { } id
                ? ctx.Request.DataLoader<Guid, ChatMessageView>("chatMessages", ctx.Service<ChatReads>().MessagesByIdsAsync).LoadAsync(id)
                : Task.FromResult<ChatMessageView?>(null)))
            .Field("messages", "ChatMessageConnection!", f => f
                .Description("Newest first.")
                .Paged()
                .ResolveAsync((c, ctx) => ctx.Service<ChatReads>().MessagesAsync(c.Id, ctx.Page(), ctx.CancellationToken))))
        .Object<ChatMessageView>("ChatMessage", o => o
            .Field("id", "ID!", m => m.Id.ToString())
            .Field("conversationId", "ID!", m => m.ConversationId.ToString())
            .Field("body", "String!", m => m.Body)
            .Field("sentAt", "DateTime!", m => m.SentAt)
            .Field("sender", "Member", f => f.ResolveAsync((m, ctx) => ctx.LoadMember(m.SenderId)))
            .Field("mine", "Boolean!", f => f.Resolve((m, ctx) => ctx.Caller().MemberId == m.SenderId)))
        .Connection<ConversationView>("Conversation")
        .Connection<ChatMessageView>("ChatMessage")
        .Query(q => q
            .Field("inbox", "ConversationConnection!", f => f
                .Description("My conversations, latest activity first.")
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<ChatReads>().InboxAsync(MembersSchema.RequireMember(ctx), ctx.Page(), ctx.CancellationToken)))
            .Field("conversation", "Conversation", f => f
                .Description("One of my conversations; NOT_FOUND for any other.")
                .Argument("id", "ID!")
                .ResolveAsync((_, ctx) => MineAsync(ctx, ctx.Arguments.Id("id")))))
        .Mutation(m => m
            .Field("startConversation", "Conversation", f => f
                .Description("My conversation with a member: there is one per pair, so starting it again returns the same one.")
                .Argument("with", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var other = ctx.Arguments.Id("with");
                    await SendAsync(ctx, new StartConversation(other));
                    return await MineAsync(ctx, Conversation.IdFor(me, other));
                }))
            .Field("sendMessage", "ChatMessage", f => f
                .Argument("conversationId", "ID!")
                .Argument("body", "String!")
                .Argument("clientMutationId", "String", description: "Makes the mutation safe to retry: the same id and body again sends nothing new.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var clientId = ctx.Arguments.GetOrDefault<string?>("clientMutationId", null);
                    var messageId = clientId is null ? Guid.CreateVersion7() : NameBasedGuid.Create($"message:{me}:{clientId}");
                    await SendAsync(ctx, new SendMessage(ctx.Arguments.Id("conversationId"), messageId, ctx.Arguments.Get<string>("body")));
                    return (await ctx.Service<ChatReads>().MessagesByIdsAsync([messageId], ctx.CancellationToken)).GetValueOrDefault(messageId);
                }))
            .Field("markConversationRead", "Conversation", f => f
                .Description("Marks every message up to and including this one as read by me.")
                .Argument("conversationId", "ID!")
                .Argument("upToMessageId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var id = ctx.Arguments.Id("conversationId");
                    await SendAsync(ctx, new MarkRead(id, ctx.Arguments.Id("upToMessageId")));
                    return await MineAsync(ctx, id);
                })))
        .Subscription(s => s
            .Field("messageReceived", "ChatMessage!", f => f
                .Description("Each new message in any of my conversations, mine included (for my other devices).")
                .Subscribe(ctx =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    return ctx.Service<ServedEvents>().Subscribe(MessageEvents,
                        e => e.Data is ChatMessageSent m && (m.SenderId == me || m.RecipientId == me), ctx.CancellationToken);
                })
                .Resolve((e, _) => ((Es.EventStore.RecordedEvent)e!).Data is ChatMessageSent m
                    ? new ChatMessageView(m.MessageId, m.ConversationId, m.SenderId, m.RecipientId, m.Body, m.SentAt)
                    : null)));

    private static readonly IReadOnlySet<string> MessageEvents = new HashSet<string>(StringComparer.Ordinal) { "ChatMessageSent" };

    private static GraphQLError NoSuchConversation() =>
        ApiErrors.NotFound(Conversation.Reasons.NotFound, "No such conversation.", "conversationId");

    private static async Task<ConversationView> MineAsync(ResolveFieldContext ctx, Guid id) =>
        await ctx.Service<ChatReads>().ConversationAsync(MembersSchema.RequireMember(ctx), id, ctx.CancellationToken) ?? throw NoSuchConversation();

    private static async Task SendAsync(ResolveFieldContext ctx, Command command)
    {
        try
        {
            await ctx.Service<CommandSender>().SendAsync(ctx, command);
        }
        catch (GraphQLError e) when (e.Extensions?.GetValueOrDefault("reason") is Conversation.Reasons.NotParticipant)
        {
            throw NoSuchConversation();
        }
    }
}
