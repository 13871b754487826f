using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Validation;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>
/// One WebSocket connection speaking graphql-transport-ws (the protocol of the graphql-ws
/// library): connection_init → connection_ack, ping/pong, subscribe → next* → complete or error,
/// client complete to stop, and the protocol's close codes for every violation.
/// </summary>
internal sealed class GraphQLWebSocketSession(WebSocket socket, HttpContext http, GraphQLRequestPipeline pipeline, GraphQLHttpOptions options)
{
    public const string SubProtocol = "graphql-transport-ws";
    private const string Transport = "websocket";

    // Close codes of graphql-transport-ws.
    public const int BadRequest = 4400, Unauthorized = 4401, Forbidden = 4403, SubprotocolNotAcceptable = 4406,
        ConnectionInitialisationTimeout = 4408, SubscriberAlreadyExists = 4409, TooManyInitialisationRequests = 4429,
        InternalServerError = 4500;

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new();
    private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private int _initReceived;
    private RequestContext? _context;

    public async Task RunAsync()
    {
        var initTimeout = WatchInitialisationAsync();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var (message, tooLarge) = await ReceiveAsync();
                if (message is null)
                {
                    if (tooLarge) await CloseAsync(BadRequest, "Message too large");
                    break;
                }
                await HandleAsync(message.Value);
            }
        }
        catch (Exception) when (_closed.IsCancellationRequested || socket.State != WebSocketState.Open)
        {
            // The client went away.
        }
        catch (Exception)
        {
            await CloseAsync(InternalServerError, "Internal server error");
        }
        finally
        {
            await _closed.CancelAsync();
            foreach (var operation in _operations.Values) await operation.CancelAsync();
            await initTimeout;
        }
    }

    private async Task WatchInitialisationAsync()
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, _closed.Token);
            if (Volatile.Read(ref _initReceived) == 0) await CloseAsync(ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var typeProperty)
            || typeProperty.ValueKind != JsonValueKind.String)
        {
            await CloseAsync(BadRequest, "Invalid message received");
            return;
        }
        switch (typeProperty.GetString())
        {
            case "connection_init":
                await InitialiseAsync(message);
                break;
            case "ping":
                await SendAsync(writer => writer.WriteString("type", "pong"));
                break;
            case "pong":
                break;
            case "subscribe":
                await SubscribeAsync(message);
                break;
            case "complete":
                if (!TryGetId(message, out var id))
                {
                    await CloseAsync(BadRequest, "Invalid message received");
                    return;
                }
                if (_operations.TryRemove(id, out var operation)) await operation.CancelAsync();
                break;
            default:
                await CloseAsync(BadRequest, $"Unexpected message of type {typeProperty.GetString()} received");
                break;
        }
    }

    private async Task InitialiseAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        JsonElement? payload = null;
        if (message.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object)
            {
                await CloseAsync(BadRequest, "Invalid message received");
                return;
            }
            payload = p;
        }
        var context = options.OnConnect is null ? options.CreateContext(http) : await options.OnConnect(http, payload);
        if (context is null)
        {
            await CloseAsync(Forbidden, "Forbidden");
            return;
        }
        Volatile.Write(ref _context, context);
        await SendAsync(writer => writer.WriteString("type", "connection_ack"));
    }

    private async Task SubscribeAsync(JsonElement message)
    {
        var context = Volatile.Read(ref _context);
        if (context is null)
        {
            await CloseAsync(Unauthorized, "Unauthorized");
            return;
        }
        if (!TryGetId(message, out var id) || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || !OptionalOfKind(payload, "query", JsonValueKind.String) || !OptionalOfKind(payload, "documentId", JsonValueKind.String)
            || !OptionalOfKind(payload, "operationName", JsonValueKind.String) || !OptionalOfKind(payload, "variables", JsonValueKind.Object)
            || !OptionalOfKind(payload, "extensions", JsonValueKind.Object))
        {
            await CloseAsync(BadRequest, "Invalid message received");
            return;
        }
        var query = payload.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
        var documentId = GraphQLHttpRequest.DocumentIdOf(
            payload.TryGetProperty("documentId", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            payload.TryGetProperty("extensions", out var e) && e.ValueKind == JsonValueKind.Object ? e : null);
        if (query is null && documentId is null)
        {
            await CloseAsync(BadRequest, "Invalid message received");
            return;
        }
        if (_operations.ContainsKey(id))
        {
            await CloseAsync(SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        if (_operations.Count >= options.MaxOperationsPerConnection)
        {
            // Each operation holds resources until it completes: one socket may not hold unbounded many.
            await SendErrorMessageAsync(id, [new GraphQLError(
                $"This connection already runs {options.MaxOperationsPerConnection} operations; complete one first.",
                extensions: new Dictionary<string, object?> { ["code"] = "TOO_MANY_OPERATIONS" })]);
            return;
        }
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        if (!_operations.TryAdd(id, cancellation))
        {
            cancellation.Dispose();
            await CloseAsync(SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        var operationName = payload.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        Dictionary<string, object?>? variables = null;
        if (payload.TryGetProperty("variables", out var vars) && vars.ValueKind == JsonValueKind.Object)
        {
            variables = [];
            foreach (var v in vars.EnumerateObject()) variables[v.Name] = v.Value.Clone();
        }
        // The connection's context (the application's own subclass, from OnConnect) with the
        // operation's own items, DataLoaders and cancellation.
        var requestContext = context.ForOperation(cancellation.Token);
        _ = Task.Run(() => RunOperationAsync(id, query, documentId, operationName, variables, requestContext, cancellation));
    }

    private async Task RunOperationAsync(string id, string? query, string? documentId, string? operationName, Dictionary<string, object?>? variables,
        RequestContext context, CancellationTokenSource cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = GraphQLDiagnostics.StartOperation(Transport);
        OperationDefinitionNode? operation = null;
        List<GraphQLError>? errors = null;
        try
        {
            var (prepared, requestErrors) = pipeline.Prepare(query, documentId, operationName, variables);
            if (prepared is null)
            {
                errors = [.. requestErrors!];
                await SendErrorsAsync(id, requestErrors!);
                return;
            }
            operation = prepared.Operation;
            GraphQLDiagnostics.Describe(activity, operation);
            var rootValue = options.RootValue(http);
            if (operation is { Operation: OperationType.Subscription })
            {
                var subscription = await pipeline.SubscribeAsync(prepared, operationName, variables, rootValue, context);
                if (subscription.Errors is { } refused)
                {
                    errors = [.. refused.Errors ?? []];
                    await SendErrorsAsync(id, refused.Errors ?? []);
                    return;
                }
                await foreach (var result in subscription.Events!.WithCancellation(cancellation.Token))
                {
                    if (result.Errors is { } eventErrors) (errors ??= []).AddRange(eventErrors);
                    await SendNextAsync(id, result);
                }
            }
            else
            {
                var result = await pipeline.ExecuteAsync(prepared, operationName, variables, rootValue, context);
                if (result.Errors is { } resultErrors) errors = [.. resultErrors];
                await SendNextAsync(id, result);
            }
            if (_operations.TryRemove(id, out _)) await SendAsync(writer => { writer.WriteString("id", id); writer.WriteString("type", "complete"); });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client completed the operation, or the socket closed.
        }
        catch (Exception)
        {
            await CloseAsync(InternalServerError, "Internal server error");
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
            GraphQLDiagnostics.Complete(activity, Transport, operation, started, errors);
        }
    }

    private Task SendNextAsync(string id, ExecutionResult result) => SendAsync(writer =>
    {
        writer.WriteString("id", id);
        writer.WriteString("type", "next");
        writer.WritePropertyName("payload");
        result.WriteTo(writer);
    });

    private async Task SendErrorsAsync(string id, IReadOnlyList<GraphQLError> errors)
    {
        if (!_operations.TryRemove(id, out _)) return;
        await SendErrorMessageAsync(id, errors);
    }

    private Task SendErrorMessageAsync(string id, IReadOnlyList<GraphQLError> errors) =>
        SendAsync(writer =>
        {
            writer.WriteString("id", id);
            writer.WriteString("type", "error");
            writer.WritePropertyName("payload");
            writer.WriteStartArray();
            foreach (var error in errors) ExecutionResult.WriteError(writer, error);
            writer.WriteEndArray();
        });

    private async Task SendAsync(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ExecutionResult.WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        await _sending.WaitAsync(_closed.Token);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, _closed.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task CloseAsync(int code, string reason)
    {
        await _sending.WaitAsync(CancellationToken.None);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (Exception) when (socket.State != WebSocketState.Open)
        {
        }
        finally
        {
            _sending.Release();
            await _closed.CancelAsync();
        }
        // A client that never answers the close is cut off.
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => { if (socket.State != WebSocketState.Closed) http.Abort(); },
            TaskScheduler.Default);
    }

    private async Task<(JsonElement? Message, bool TooLarge)> ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            // Not _closed: cancelling a pending receive aborts the socket before our close frame
            // reaches the client. After a close the client answers with its own, which ends this.
            var received = await socket.ReceiveAsync(memory, http.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(1000, "Normal Closure");
                return (null, false);
            }
            buffer.Advance(received.Count);
            if (buffer.WrittenCount > options.MaxWebSocketMessageBytes) return (null, true);
            if (!received.EndOfMessage) continue;
            try
            {
                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                return (document.RootElement.Clone(), false);
            }
            catch (JsonException)
            {
                // Not JSON: a protocol violation, reported like any other malformed message.
                return (JsonDocument.Parse("null").RootElement.Clone(), false);
            }
        }
    }

    private static bool TryGetId(JsonElement message, out string id)
    {
        id = message.TryGetProperty("id", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
        return id.Length > 0;
    }

    private static bool OptionalOfKind(JsonElement payload, string name, JsonValueKind kind) =>
        !payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null || value.ValueKind == kind;
}
