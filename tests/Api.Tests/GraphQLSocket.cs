using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Es.Api.Tests;

/// <summary>A graphql-transport-ws client on the in-memory host's WebSocket: connection_init, subscribe, next.</summary>
public sealed class GraphQLSocket : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private int _ids;

    private GraphQLSocket(WebSocket socket) => _socket = socket;

    /// <summary>Connects and sends connection_init with <paramref name="payload"/>; returns the socket and the server's answer (ack or close).</summary>
    public static async Task<(GraphQLSocket Socket, JsonElement? Ack, WebSocketCloseStatus? Closed)> ConnectAsync(ApiHost api, object? payload = null)
    {
        var client = api.Host.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = new GraphQLSocket(await client.ConnectAsync(new Uri(api.Host.Server.BaseAddress, "graphql"), CancellationToken.None));
        await socket.SendAsync(new { type = "connection_init", payload });
        try
        {
            return (socket, await socket.ReceiveAsync(TimeSpan.FromSeconds(10)), null);
        }
        catch (WebSocketClosedException closed)
        {
            return (socket, null, closed.Status);
        }
    }

    /// <summary>Starts a subscription; returns its id.</summary>
    public async Task<string> SubscribeAsync(string query, object? variables = null)
    {
        var id = (++_ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new { id, type = "subscribe", payload = new { query, variables } });
        return id;
    }

    public Task SendAsync(object message) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or a TimeoutException when none comes in <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, cts.Token);
                if (received.MessageType == WebSocketMessageType.Close) throw new WebSocketClosedException(_socket.CloseStatus);
                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage) return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException("no message came");
        }
    }

    /// <summary>The payload of the next <c>next</c> message of subscription <paramref name="id"/>.</summary>
    public async Task<JsonElement> NextAsync(string id, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeout);
            var type = message.GetProperty("type").GetString();
            if (type == "ping") { await SendAsync(new { type = "pong" }); continue; }
            if (message.TryGetProperty("id", out var of) && of.GetString() != id) continue;
            if (type != "next") throw new InvalidOperationException($"expected next, got {message}");
            return message.GetProperty("payload");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        _socket.Dispose();
    }
}

public sealed class WebSocketClosedException(WebSocketCloseStatus? status) : Exception($"closed: {status}")
{
    public WebSocketCloseStatus? Status { get; } = status;
}
