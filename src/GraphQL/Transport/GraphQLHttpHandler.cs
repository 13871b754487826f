using System.Diagnostics;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>
/// Serves GraphQL over HTTP as its specification says: POST with a JSON body and GET with URL
/// parameters (queries only); answers with application/graphql-response+json or
/// application/json as the Accept header asks. With application/json every well-formed request
/// gets 200; with application/graphql-response+json a request error (unparsable document,
/// invalid document, variables that do not coerce) gets 400 and no "data" entry.
/// </summary>
internal sealed class GraphQLHttpHandler(GraphQLRequestPipeline pipeline, GraphQLHttpOptions options)
{
    private const string Transport = "http";

    public async Task HandleAsync(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            await AcceptWebSocketAsync(http);
            return;
        }
        if (options.BrowserPage is { } page && GraphQLBrowserPage.IsBrowserNavigation(http.Request))
        {
            await page.ServePageAsync(http, http.Request.PathBase + http.Request.Path);
            return;
        }
        var mediaType = MediaTypes.Negotiate(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteProblemAsync(http, StatusCodes.Status406NotAcceptable, MediaTypes.Json,
                $"None of the accepted media types is served here; accept {MediaTypes.GraphQLResponse} or {MediaTypes.Json}.");
            return;
        }
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteProblemAsync(http, StatusCodes.Status405MethodNotAllowed, mediaType, "GraphQL is served over GET and POST only.");
            return;
        }

        var (request, status, problem) = await GraphQLHttpRequest.ReadAsync(http, options.MaxRequestBytes);
        if (request is null)
        {
            await WriteProblemAsync(http, status, mediaType, problem!);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var activity = GraphQLDiagnostics.StartOperation(Transport);
        OperationDefinitionNode? operation = null;
        IReadOnlyList<GraphQLError>? errors = null;
        try
        {
            var (prepared, requestErrors) = pipeline.Prepare(request.Query, request.DocumentId, request.OperationName, request.Variables);
            if (prepared is null)
            {
                errors = requestErrors;
                await WriteRequestErrorsAsync(http, mediaType, requestErrors!);
                return;
            }
            operation = prepared.Operation;
            GraphQLDiagnostics.Describe(activity, operation);

            // GET is for reading: a mutation over GET could be triggered by a link or a prefetch.
            if (isGet && operation is { Operation: not OperationType.Query })
            {
                http.Response.Headers.Allow = "POST";
                await WriteProblemAsync(http, StatusCodes.Status405MethodNotAllowed, mediaType,
                    "Only queries may be sent with GET; send mutations and subscriptions with POST.");
                return;
            }

            // A subscription is a stream: HTTP here answers once, so it is served over the WebSocket only.
            if (operation is { Operation: OperationType.Subscription })
            {
                IReadOnlyList<GraphQLError> refused = [new GraphQLError(
                    "Subscriptions are served over WebSocket (graphql-transport-ws) at this endpoint, not over HTTP.",
                    extensions: new Dictionary<string, object?> { ["code"] = "SUBSCRIPTION_OVER_HTTP" })];
                errors = refused;
                await WriteRequestErrorsAsync(http, mediaType, refused);
                return;
            }

            var result = await pipeline.ExecuteAsync(prepared, request.OperationName, request.Variables, options.RootValue(http),
                options.CreateContext(http));
            errors = result.Errors;
            var code = !result.HasData && mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            await WriteResultAsync(http, code, mediaType, result);
        }
        finally
        {
            GraphQLDiagnostics.Complete(activity, Transport, operation, started, errors);
        }
    }

    private async Task AcceptWebSocketAsync(HttpContext http)
    {
        var requested = http.WebSockets.WebSocketRequestedProtocols;
        var speaksProtocol = requested.Contains(GraphQLWebSocketSession.SubProtocol);
        // A client that asked for another subprotocol gets it echoed only so that it reads the 4406
        // close that follows; clients drop a handshake that ignores their protocol without a reason.
        using var socket = await http.WebSockets.AcceptWebSocketAsync(speaksProtocol ? GraphQLWebSocketSession.SubProtocol : requested.FirstOrDefault());
        if (!speaksProtocol)
        {
            // Apollo's legacy "graphql-ws" subprotocol and others are not spoken here.
            await socket.CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)GraphQLWebSocketSession.SubprotocolNotAcceptable,
                "Subprotocol not acceptable", http.RequestAborted);
            return;
        }
        await new GraphQLWebSocketSession(socket, http, pipeline, options).RunAsync();
    }

    private static Task WriteRequestErrorsAsync(HttpContext http, string mediaType, IReadOnlyList<GraphQLError> errors) =>
        WriteResultAsync(http, mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
            mediaType, new ExecutionResult(null, errors, hasData: false));

    private static Task WriteProblemAsync(HttpContext http, int status, string mediaType, string message) =>
        WriteResultAsync(http, status, mediaType, new ExecutionResult(null,
            [new GraphQLError(message, extensions: new Dictionary<string, object?> { ["code"] = "BAD_REQUEST" })], hasData: false));

    private static async Task WriteResultAsync(HttpContext http, int status, string mediaType, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter, ExecutionResult.WriterOptions))
            result.WriteTo(writer);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
