using Es.Api.Schema;
using Es.Projections;
using Npgsql;

namespace Es.Api.Chat;

/// <summary>A conversation as one of its two participants (<see cref="ViewerId"/>) sees it in their inbox.</summary>
public sealed record ConversationView(Guid Id, Guid ViewerId, Guid OtherId, DateTimeOffset StartedAt, DateTimeOffset LastActivity,
    int Unread, Guid? LastMessageId);

public sealed record ChatMessageView(Guid Id, Guid ConversationId, Guid SenderId, Guid RecipientId, string Body, DateTimeOffset SentAt);

/// <summary>
/// Reads of the chat read model. Every read of a conversation goes through the viewer's own inbox
/// row, so a member who is not one of its two participants reads nothing, whatever id they try.
/// </summary>
public sealed class ChatReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _conversations = catalog.ViewName("conversations");
    private readonly string _inbox = catalog.ViewName("conversation_inbox");
    private readonly string _messages = catalog.ViewName("chat_messages");

    private string SelectInbox => $"""
        SELECT i.conversation_id, i.member_id, i.other_id, c.started_at, i.last_activity, i.unread, c.last_message_id
        FROM {_inbox} i JOIN {_conversations} c ON c.conversation_id = i.conversation_id
        """;

    /// <summary>The member's conversations, latest activity first.</summary>
    public async Task<Connection<ConversationView>> InboxAsync(Guid memberId, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(memberId);
        var after = page.AfterTimeAndId(cmd, "i.last_activity", "i.conversation_id", descending: true) is { } a ? " AND " + a : "";
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"{SelectInbox} WHERE i.member_id = $1{after} ORDER BY i.last_activity DESC, i.conversation_id DESC LIMIT ${cmd.Parameters.Count}";
        return (await ReadConversationsAsync(cmd, ct)).ToConnection(page, c => [Cursors.Time(c.LastActivity), c.Id.ToString()]);
    }

    /// <summary>The conversation as <paramref name="memberId"/> sees it; null when it does not exist or they are not in it.</summary>
    public async Task<ConversationView?> ConversationAsync(Guid memberId, Guid conversationId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{SelectInbox} WHERE i.member_id = $1 AND i.conversation_id = $2");
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(conversationId);
        return (await ReadConversationsAsync(cmd, ct)).FirstOrDefault();
    }

    /// <summary>A conversation's messages, newest first. The caller has checked that the reader takes part in it.</summary>
    public async Task<Connection<ChatMessageView>> MessagesAsync(Guid conversationId, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(conversationId);
        var after = "";
        if (page.AfterKey is [var position])
        {
            cmd.Parameters.AddWithValue(Cursors.Int(position));
            after = " AND position < $2";
        }
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"""
            SELECT message_id, conversation_id, sender_id, recipient_id, body, sent_at, position FROM {_messages}
            WHERE conversation_id = $1{after} ORDER BY position DESC LIMIT ${cmd.Parameters.Count}
            """;
        var rows = new List<(ChatMessageView Message, int Position)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) rows.Add((ReadMessage(r), r.GetInt32(6)));
        var page_ = rows.ToConnection(page, m => [m.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return new Connection<ChatMessageView>(page_.Edges.Select(e => new Edge<ChatMessageView>(e.Cursor, e.Node.Message)).ToArray(), page_.PageInfo);
    }

    public async Task<IReadOnlyDictionary<Guid, ChatMessageView>> MessagesByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT message_id, conversation_id, sender_id, recipient_id, body, sent_at FROM {_messages} WHERE message_id = ANY ($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        var found = new Dictionary<Guid, ChatMessageView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) { var m = ReadMessage(r); found[m.Id] = m; }
        return found;
    }

    private static ChatMessageView ReadMessage(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5));

    private static async Task<List<ConversationView>> ReadConversationsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<ConversationView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new ConversationView(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetInt32(5), r.IsDBNull(6) ? null : r.GetGuid(6)));
        return rows;
    }
}
