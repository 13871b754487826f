using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Chat;

/// <summary>
/// 1:1 chat: conversations, each participant's inbox row (the other member, the last activity, how
/// many messages they have not read), and the messages with their position in the conversation.
/// Unread counts follow the domain's read marker: everything sent to a member after the last
/// message they marked read.
/// </summary>
public sealed class ChatProjection : Projection
{
    public const string Conversations = "conversations";
    public const string Inbox = "conversation_inbox";
    public const string Messages = "chat_messages";

    public override string Name => "chat";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ConversationStarted", "ChatMessageSent", "MessagesRead",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Conversations, """
            conversation_id  uuid        PRIMARY KEY,
            member_a         uuid        NOT NULL,
            member_b         uuid        NOT NULL,
            started_by       uuid        NOT NULL,
            started_at       timestamptz NOT NULL,
            message_count    int         NOT NULL DEFAULT 0,
            last_message_id  uuid
            """),
        new(Inbox, """
            member_id        uuid        NOT NULL,
            conversation_id  uuid        NOT NULL,
            other_id         uuid        NOT NULL,
            last_activity    timestamptz NOT NULL,
            read_up_to       int         NOT NULL DEFAULT 0,
            unread           int         NOT NULL DEFAULT 0,
            PRIMARY KEY (member_id, conversation_id)
            """,
            "CREATE INDEX ON {table} (member_id, last_activity DESC, conversation_id DESC)"),
        new(Messages, """
            message_id       uuid        PRIMARY KEY,
            conversation_id  uuid        NOT NULL,
            position         int         NOT NULL,
            sender_id        uuid        NOT NULL,
            recipient_id     uuid        NOT NULL,
            body             text        NOT NULL,
            sent_at          timestamptz NOT NULL
            """,
            "CREATE UNIQUE INDEX ON {table} (conversation_id, position DESC)"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.Data switch
    {
        ConversationStarted c => c.ConversationId.ToString(),
        ChatMessageSent c => c.ConversationId.ToString(),
        MessagesRead c => c.ConversationId.ToString(),
        var other => throw new ArgumentException($"chat does not handle {other.GetType().Name}"),
    }];

    private const string Start = """
        WITH started AS (
            INSERT INTO {conversations} (conversation_id, member_a, member_b, started_by, started_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (conversation_id) DO NOTHING RETURNING conversation_id, member_a, member_b, started_at)
        INSERT INTO {inbox} (member_id, conversation_id, other_id, last_activity)
        SELECT member_a, conversation_id, member_b, started_at FROM started
        UNION ALL SELECT member_b, conversation_id, member_a, started_at FROM started
        """;
    // The message takes the next position of its conversation; the conversation, the sender's and
    // the recipient's inbox rows move only when the message row was new.
    private const string Send = """
        WITH sent AS (
            INSERT INTO {messages} (message_id, conversation_id, position, sender_id, recipient_id, body, sent_at)
            SELECT ?, c.conversation_id, c.message_count + 1, ?, ?, ?, ? FROM {conversations} c WHERE c.conversation_id = ?
            ON CONFLICT (message_id) DO NOTHING RETURNING message_id, conversation_id, position, recipient_id, sent_at),
        counted AS (
            UPDATE {conversations} c SET message_count = s.position, last_message_id = s.message_id
            FROM sent s WHERE c.conversation_id = s.conversation_id)
        UPDATE {inbox} i SET last_activity = s.sent_at, unread = i.unread + CASE WHEN i.member_id = s.recipient_id THEN 1 ELSE 0 END
        FROM sent s WHERE i.conversation_id = s.conversation_id
        """;
    private const string Read = """
        WITH marker AS (
            SELECT m.conversation_id, m.position FROM {messages} m WHERE m.message_id = ?)
        UPDATE {inbox} i SET read_up_to = k.position,
            unread = (SELECT count(*) FROM {messages} m
                      WHERE m.conversation_id = k.conversation_id AND m.recipient_id = i.member_id AND m.position > k.position)
        FROM marker k WHERE i.conversation_id = k.conversation_id AND i.member_id = ? AND k.position > i.read_up_to
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{conversations}", batch.Table(Conversations)).Replace("{inbox}", batch.Table(Inbox))
            .Replace("{messages}", batch.Table(Messages));
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case ConversationStarted e:
                    batch.Execute(S(Start), e.ConversationId, e.MemberA, e.MemberB, e.StartedBy, e.StartedAt);
                    break;
                case ChatMessageSent e:
                    batch.Execute(S(Send), e.MessageId, e.SenderId, e.RecipientId, e.Body, e.SentAt, e.ConversationId);
                    break;
                case MessagesRead e:
                    batch.Execute(S(Read), e.UpToMessageId, e.MemberId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
