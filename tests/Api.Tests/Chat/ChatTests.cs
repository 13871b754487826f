using System.Net.WebSockets;
using System.Text.Json;

namespace Es.Api.Tests.Chat;

/// <summary>Two members chat: inbox, unread counts, paging, read markers, messages in real time; nobody else sees any of it.</summary>
public sealed class ChatTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Start = "mutation($with: ID!) { startConversation(with: $with) { id with { handle } unreadCount } }";
    private const string Send = "mutation($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body mine sender { handle } } }";
    private const string Inbox = "{ inbox { nodes { id unreadCount with { handle } lastMessage { body } } } }";

    private async Task<string> StartAsync(ApiHost.Member from, ApiHost.Member to) =>
        (await api.DataAsync(Start, new { with = to.Id }, from.AccessToken)).GetProperty("startConversation").GetProperty("id").GetString()!;

    private async Task<string> SendAsync(ApiHost.Member from, string conversation, string body) =>
        (await api.DataAsync(Send, new { id = conversation, body }, from.AccessToken)).GetProperty("sendMessage").GetProperty("id").GetString()!;

    [Fact]
    public async Task The_inbox_counts_unread_messages_until_they_are_marked_read_and_messages_page_newest_first()
    {
        var ana = await api.SignUpAsync("chat_ana");
        var bo = await api.SignUpAsync("chat_bo");
        var id = await StartAsync(ana, bo);
        Assert.Equal(id, await StartAsync(bo, ana)); // one conversation per pair, from either side

        await SendAsync(ana, id, "Walk tomorrow?");
        var second = await SendAsync(ana, id, "9am at the gate");

        var boInbox = Single((await api.DataAsync(Inbox, token: bo.AccessToken)).GetProperty("inbox"));
        Assert.Equal("chat_ana", boInbox.GetProperty("with").GetProperty("handle").GetString());
        Assert.Equal(2, boInbox.GetProperty("unreadCount").GetInt32());
        Assert.Equal("9am at the gate", boInbox.GetProperty("lastMessage").GetProperty("body").GetString());
        Assert.Equal(0, Single((await api.DataAsync(Inbox, token: ana.AccessToken)).GetProperty("inbox")).GetProperty("unreadCount").GetInt32());

        var read = await api.DataAsync("mutation($id: ID!, $m: ID!) { markConversationRead(conversationId: $id, upToMessageId: $m) { unreadCount } }",
            new { id, m = second }, bo.AccessToken);
        Assert.Equal(0, read.GetProperty("markConversationRead").GetProperty("unreadCount").GetInt32());
        await SendAsync(bo, id, "See you there");
        Assert.Equal(1, Single((await api.DataAsync(Inbox, token: ana.AccessToken)).GetProperty("inbox")).GetProperty("unreadCount").GetInt32());

        const string Messages = """
            query($id: ID!, $after: String) { conversation(id: $id) { messages(first: 2, after: $after) { nodes { body mine } pageInfo { hasNextPage endCursor } } } }
            """;
        var page1 = (await api.DataAsync(Messages, new { id, after = (string?)null }, ana.AccessToken)).GetProperty("conversation").GetProperty("messages");
        var page2 = (await api.DataAsync(Messages, new { id, after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() }, ana.AccessToken))
            .GetProperty("conversation").GetProperty("messages");
        Assert.Equal(["See you there", "9am at the gate"], Bodies(page1));
        Assert.Equal(["Walk tomorrow?"], Bodies(page2));
        Assert.False(page2.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal([false, true], page1.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("mine").GetBoolean()));
    }

    [Fact]
    public async Task A_stranger_can_neither_read_nor_write_a_conversation_and_is_told_it_does_not_exist()
    {
        var ana = await api.SignUpAsync("private_ana");
        var bo = await api.SignUpAsync("private_bo");
        var eve = await api.SignUpAsync("private_eve");
        var id = await StartAsync(ana, bo);
        var message = await SendAsync(ana, id, "My blood sugar was 180 today");

        var read = await api.GraphQLAsync("query($id: ID!) { conversation(id: $id) { messages { nodes { body } } } }", new { id }, eve.AccessToken);
        var readError = ApiHost.SingleError(read);
        Assert.Equal("NOT_FOUND", ApiHost.Code(readError));
        Assert.Equal(["conversation"], readError.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("data").GetProperty("conversation").ValueKind);
        Assert.DoesNotContain("blood sugar", read.GetRawText());

        Assert.Equal("NOT_FOUND", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Send, new { id, body = "hi" }, eve.AccessToken))));
        Assert.Equal("NOT_FOUND", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(
            "mutation($id: ID!, $m: ID!) { markConversationRead(conversationId: $id, upToMessageId: $m) { id } }", new { id, m = message }, eve.AccessToken))));
        Assert.Empty((await api.DataAsync(Inbox, token: eve.AccessToken)).GetProperty("inbox").GetProperty("nodes").EnumerateArray());
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Inbox))));
        // Nothing eve tried reached the conversation: ana still has one message and bo one unread.
        Assert.Equal(1, Single((await api.DataAsync(Inbox, token: bo.AccessToken)).GetProperty("inbox")).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task A_message_reaches_the_recipients_subscription_and_no_one_elses()
    {
        var ana = await api.SignUpAsync("live_ana");
        var bo = await api.SignUpAsync("live_bo");
        var cy = await api.SignUpAsync("live_cy");
        var anaBo = await StartAsync(ana, bo);
        var anaCy = await StartAsync(ana, cy);
        const string Received = "subscription { messageReceived { body conversationId sender { handle } } }";

        var (boSocket, boAck, _) = await GraphQLSocket.ConnectAsync(api, new { Authorization = "Bearer " + bo.AccessToken });
        var (cySocket, cyAck, _) = await GraphQLSocket.ConnectAsync(api, new { token = cy.AccessToken });
        await using (boSocket)
        await using (cySocket)
        {
            Assert.Equal("connection_ack", boAck!.Value.GetProperty("type").GetString());
            Assert.Equal("connection_ack", cyAck!.Value.GetProperty("type").GetString());
            var boSub = await boSocket.SubscribeAsync(Received);
            var cySub = await cySocket.SubscribeAsync(Received);
            await Task.Delay(300); // let both subscriptions register

            await SendAsync(ana, anaBo, "For bo only");
            await SendAsync(ana, anaCy, "For cy");

            var atBo = (await boSocket.NextAsync(boSub)).GetProperty("data").GetProperty("messageReceived");
            Assert.Equal("For bo only", atBo.GetProperty("body").GetString());
            Assert.Equal("live_ana", atBo.GetProperty("sender").GetProperty("handle").GetString());
            // cy's first message is its own: ana's message to bo never reached cy's socket.
            var atCy = (await cySocket.NextAsync(cySub)).GetProperty("data").GetProperty("messageReceived");
            Assert.Equal("For cy", atCy.GetProperty("body").GetString());
            Assert.Equal(anaCy, atCy.GetProperty("conversationId").GetString());
        }
    }

    [Fact]
    public async Task A_socket_with_a_forged_token_is_refused_and_an_anonymous_one_cannot_subscribe_to_messages()
    {
        var member = await api.SignUpAsync("socket_forger");
        var parts = member.AccessToken.Split('.');
        var (forged, forgedAck, closed) = await GraphQLSocket.ConnectAsync(api, new { token = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}" });
        await using (forged)
        {
            Assert.Null(forgedAck);
            Assert.Equal((WebSocketCloseStatus)4403, closed);
        }

        var (anonymous, ack, _) = await GraphQLSocket.ConnectAsync(api);
        await using (anonymous)
        {
            Assert.Equal("connection_ack", ack!.Value.GetProperty("type").GetString());
            var sub = await anonymous.SubscribeAsync("subscription { messageReceived { body } }");
            var answer = await anonymous.ReceiveAsync();
            Assert.Equal(sub, answer.GetProperty("id").GetString());
            Assert.Equal("error", answer.GetProperty("type").GetString());
            Assert.Equal("UNAUTHENTICATED", answer.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
    }

    private static JsonElement Single(JsonElement connection) => Assert.Single(connection.GetProperty("nodes").EnumerateArray());

    private static string[] Bodies(JsonElement connection) =>
        connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("body").GetString()!).ToArray();
}
