using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Es.GraphQL.Transport;
using Es.GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Es.GraphQL.Tests.Transport;

/// <summary>
/// A real Kestrel on a loopback port serving one schema at /graphql (HTTP and WebSocket) with the
/// options a test sets, in the environment it names; what the host logs is kept in <see cref="Logged"/>.
/// </summary>
internal sealed class TestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestEndpoint(WebApplication app, Uri address, ConcurrentQueue<(LogLevel, string, Exception?)> logged)
    {
        _app = app;
        Address = address;
        Logged = logged;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Logged { get; }

    public static async Task<TestEndpoint> StartAsync(GraphQLSchema schema, Action<GraphQLHttpOptions>? configure = null,
        string environment = "Production")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var logged = new ConcurrentQueue<(LogLevel, string, Exception?)>();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CollectingLoggerProvider(logged));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGraphQL("/graphql", schema, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestEndpoint(app, new Uri(address), logged);
    }

    /// <summary>POSTs a JSON body; the status and the parsed response.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> PostAsync(object body, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A graphql-transport-ws connection, initialised with <paramref name="payload"/> and acknowledged.</summary>
    public async Task<TestSocket> ConnectAsync(object? payload = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(new Uri(Address.ToString().Replace("http://", "ws://")), "/graphql"), CancellationToken.None);
        var test = new TestSocket(socket);
        await test.SendAsync(new { type = "connection_init", payload });
        var ack = await test.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
        return test;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<(LogLevel, string, Exception?)> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(logged);

        public void Dispose()
        {
        }

        private sealed class Collecting(ConcurrentQueue<(LogLevel, string, Exception?)> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) logged.Enqueue((logLevel, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One client WebSocket speaking JSON messages.</summary>
internal sealed class TestSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public Task SendAsync(object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends <paramref name="message"/> and returns the next message as the text that came over the wire.</summary>
    public async Task<string> ReceiveRawAfterAsync(object message)
    {
        await SendAsync(message);
        return Encoding.UTF8.GetString(await ReceiveBytesAsync());
    }

    public async Task<JsonElement> ReceiveAsync() => JsonDocument.Parse(await ReceiveBytesAsync()).RootElement.Clone();

    private async Task<byte[]> ReceiveBytesAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException($"closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return message.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        socket.Dispose();
    }
}
