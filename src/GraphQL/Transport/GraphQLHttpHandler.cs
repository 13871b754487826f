using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Validation;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>
/// Serves GraphQL over HTTP as its specification says: POST with a JSON body and GET with URL
/// parameters (queries only); answers with application/graphql-response+json or
/// application/json as the Accept header asks. With application/json every well-formed request
/// gets 200; with application/graphql-response+json a request error (unparsable document,
/// invalid document, variables that do not coerce) gets 400 and no "data" entry.
/// </summary>
internal sealed class GraphQLHttpHandler(GraphQLSchema schema, GraphQLHttpOptions options)
{
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

        DocumentNode document;
        try
        {
            document = Parser.Parse(new Source(request.Query), options.ParseOptions);
        }
        catch (GraphQLError syntaxError)
        {
            await WriteRequestErrorsAsync(http, mediaType, [syntaxError]);
            return;
        }

        var validationErrors = Validator.Validate(schema, document);
        if (validationErrors.Count > 0)
        {
            await WriteRequestErrorsAsync(http, mediaType, validationErrors);
            return;
        }

        // GET is for reading: a mutation over GET could be triggered by a link or a prefetch.
        if (isGet && OperationSelection.Select(document, request.OperationName) is { Operation: not OperationType.Query })
        {
            http.Response.Headers.Allow = "POST";
            await WriteProblemAsync(http, StatusCodes.Status405MethodNotAllowed, mediaType,
                "Only queries may be sent with GET; send mutations and subscriptions with POST.");
            return;
        }

        var result = await Executor.ExecuteAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = document,
            OperationName = request.OperationName,
            VariableValues = request.Variables,
            RootValue = options.RootValue(http),
            Context = options.CreateContext(http),
        });
        var code = !result.HasData && mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        await WriteResultAsync(http, code, mediaType, result);
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
        await new GraphQLWebSocketSession(socket, http, schema, options).RunAsync();
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
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
            result.WriteTo(writer);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
