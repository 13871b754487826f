using System.Collections.Concurrent;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Validation;
using Microsoft.Extensions.Logging;

namespace Es.GraphQL.Transport;

/// <summary>A request's document, ready to execute: parsed, within the limits, valid, and the operation it selects.</summary>
internal sealed record PreparedDocument(DocumentNode Document, OperationDefinitionNode? Operation);

/// <summary>
/// What both transports do with a request before and after the executor: find the document
/// (trusted documents by hash), parse it within the parse limits, check the operation limits
/// (<see cref="OperationLimitsAnalyzer"/>, before validation), validate (valid documents are cached by text, so a repeated query is parsed and validated
/// once), refuse introspection when it is off, execute under the timeout, and mask unexpected
/// errors outside development.
/// </summary>
internal sealed class GraphQLRequestPipeline(GraphQLSchema schema, GraphQLHttpOptions options, ILogger logger, bool exposeExceptions)
{
    public const string TimeoutCode = "EXECUTION_TIMEOUT";
    public const string ParseFailedCode = "GRAPHQL_PARSE_FAILED";
    public const string InternalErrorCode = "INTERNAL_SERVER_ERROR";
    public const string IntrospectionDisabledCode = "INTROSPECTION_DISABLED";
    public const string NotFoundCode = "PERSISTED_QUERY_NOT_FOUND";
    public const string NotInListCode = "PERSISTED_QUERY_NOT_IN_LIST";
    public const string NotSupportedCode = "PERSISTED_QUERY_NOT_SUPPORTED";
    public const string HashMismatchCode = "PERSISTED_QUERY_HASH_MISMATCH";

    private readonly DocumentCache _cache = new(options.DocumentCacheSize);

    // With introspection off, "Did you mean ...?" would reveal the schema it hides.
    private readonly ValidationOptions _validationOptions = options.ValidationOptions
        ?? (options.Introspection ? ValidationOptions.Default : new ValidationOptions { HideSuggestions = true });

    public GraphQLSchema Schema => schema;

    /// <summary>Turns the request's parameters into a document to execute, or the errors that refuse it.</summary>
    public (PreparedDocument? Document, IReadOnlyList<GraphQLError>? Errors) Prepare(string? query, string? documentId,
        string? operationName, IReadOnlyDictionary<string, object?>? variables)
    {
        var (text, refusal) = FindText(query, documentId);
        if (refusal is not null) return (null, [refusal]);

        var entry = _cache.Get(text!);
        if (entry is null)
        {
            DocumentNode document;
            try
            {
                document = Parser.Parse(new Source(text!), options.ParseOptions);
            }
            catch (GraphQLError syntaxError)
            {
                return (null, [syntaxError.Extensions is null
                    ? new GraphQLError(syntaxError.Message, syntaxError.Locations, extensions: new Dictionary<string, object?> { ["code"] = ParseFailedCode })
                    : syntaxError]);
            }
            // Before validation: a document of thousands of aliases or a fragment bomb costs the
            // validator time the limits refuse to spend.
            if (Check(document, operationName, variables) is { } overLimits) return (null, overLimits);
            var errors = Validator.Validate(schema, document, options.ValidationRules, _validationOptions);
            entry = new DocumentCache.Entry(document, errors.Count > 0 ? errors : null, UsesIntrospection(document));
            // Refused documents are not kept: a client sending ever new invalid ones must not evict the good ones.
            if (entry.Errors is null) _cache.Add(text!, entry);
        }
        else if (Check(entry.Document, operationName, variables) is { } overLimits)
        {
            // The cost depends on the variables (list sizes), so a cached document is checked again.
            return (null, overLimits);
        }
        if (entry.Errors is not null) return (null, entry.Errors);
        if (!options.Introspection && entry.UsesIntrospection)
            return (null, [Coded("Introspection is disabled on this endpoint.", IntrospectionDisabledCode)]);
        return (new PreparedDocument(entry.Document, OperationSelection.Select(entry.Document, operationName)), null);
    }

    /// <summary>
    /// The document's text: the query as sent, or the registered one its id names. In trusted-
    /// documents mode a text must be registered; without the mode an id cannot be resolved.
    /// </summary>
    private (string? Text, GraphQLError? Refusal) FindText(string? query, string? documentId)
    {
        var trusted = options.TrustedDocuments;
        if (documentId is not null)
        {
            if (trusted is null)
                return (null, Coded("Persisted documents are not supported here; send the document's text as 'query'.", NotSupportedCode));
            var registered = trusted.Find(documentId);
            if (registered is null) return (null, Coded($"No document is registered under id \"{documentId}\".", NotFoundCode));
            if (query is not null && query != registered)
                return (null, Coded("The query sent is not the document registered under the id sent.", HashMismatchCode));
            return (registered, null);
        }
        if (query is null) return (null, Coded("The request has neither a 'query' nor a 'documentId'.", "BAD_REQUEST"));
        if (trusted is not null && !options.AllowUntrustedDocuments && !trusted.Contains(query))
            return (null, Coded("Only registered documents are executed here; send a registered document or its id.", NotInListCode));
        return (query, null);
    }

    /// <summary>Executes a prepared query or mutation under the execution timeout; unexpected errors masked.</summary>
    public async ValueTask<ExecutionResult> ExecuteAsync(PreparedDocument prepared, string? operationName,
        IReadOnlyDictionary<string, object?>? variables, object? rootValue, RequestContext context)
    {
        var callerToken = context.CancellationToken;
        using var timeout = LinkTimeout(context);
        ExecutionResult result;
        try
        {
            var execution = Executor.ExecuteAsync(new ExecutionRequest
            {
                Schema = schema, Document = prepared.Document, OperationName = operationName, VariableValues = variables,
                RootValue = rootValue, Context = context,
            });
            // A resolver that ignores its token must not hold the response: stop waiting at the timeout.
            result = timeout is null || execution.IsCompleted ? await execution : await execution.AsTask().WaitAsync(timeout.Token);
        }
        // The caller's own cancellation (the client went away) is not a timeout: it propagates.
        catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !callerToken.IsCancellationRequested)
        {
            result = new ExecutionResult(null, [Coded($"The operation did not finish within {options.ExecutionTimeout!.Value.TotalSeconds:0.###} s and was cancelled.", TimeoutCode)]);
        }
        return Mask(result, prepared.Operation);
    }

    /// <summary>Subscribes; the stream is not bounded by the execution timeout, its events' errors are masked.</summary>
    public async ValueTask<SubscriptionResult> SubscribeAsync(PreparedDocument prepared, string? operationName,
        IReadOnlyDictionary<string, object?>? variables, object? rootValue, RequestContext context)
    {
        var subscription = await Executor.SubscribeAsync(new ExecutionRequest
        {
            Schema = schema, Document = prepared.Document, OperationName = operationName, VariableValues = variables,
            RootValue = rootValue, Context = context,
        });
        if (subscription.Errors is { } errors) return subscription with { Errors = Mask(errors, prepared.Operation) };
        return subscription with { Events = MaskEach(subscription.Events!, prepared.Operation) };
    }

    private async IAsyncEnumerable<ExecutionResult> MaskEach(IAsyncEnumerable<ExecutionResult> events, OperationDefinitionNode? operation)
    {
        await foreach (var result in events) yield return Mask(result, operation);
    }

    private CancellationTokenSource? LinkTimeout(RequestContext context)
    {
        if (options.ExecutionTimeout is not { } limit) return null;
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(limit);
        context.ReplaceCancellation(timeout.Token);
        return timeout;
    }

    /// <summary>
    /// Errors the application raised on purpose (GraphQLErrors) reach the client as they are. Any
    /// other exception is a fault: outside development the client gets "Unexpected error." with
    /// code INTERNAL_SERVER_ERROR and a trace id, and the exception goes to the log; in
    /// development the client also gets the exception's type, message and stack trace.
    /// </summary>
    public ExecutionResult Mask(ExecutionResult result, OperationDefinitionNode? operation)
    {
        if (result.Errors is not { } errors) return result;
        List<GraphQLError>? masked = null;
        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            if (error.InnerException is null or GraphQLError) continue;
            masked ??= [.. errors];
            masked[i] = MaskOne(error, operation);
        }
        return masked is null ? result : new ExecutionResult(result.Data, masked, result.HasData);
    }

    private GraphQLError MaskOne(GraphQLError error, OperationDefinitionNode? operation)
    {
        var exception = error.InnerException!;
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString();
        logger.LogError(exception, "Resolver failed at {Path} in operation {OperationName} (trace {TraceId})",
            error.Path is null ? "" : string.Join('.', error.Path), operation?.Name?.Value ?? "(anonymous)", traceId);
        var extensions = new Dictionary<string, object?>();
        if (error.Extensions is not null)
        {
            foreach (var (key, value) in error.Extensions) extensions[key] = value;
        }
        extensions["code"] = InternalErrorCode;
        if (traceId is not null) extensions["traceId"] = traceId;
        if (exposeExceptions)
        {
            extensions["exception"] = new Dictionary<string, object?>
            {
                ["type"] = exception.GetType().FullName,
                ["message"] = exception.Message,
                ["stacktrace"] = exception.StackTrace?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            };
            return new GraphQLError(error.Message, error.Locations, error.Path, extensions, exception);
        }
        return new GraphQLError("Unexpected error.", error.Locations, error.Path, extensions, exception);
    }

    private IReadOnlyList<GraphQLError>? Check(DocumentNode document, string? operationName, IReadOnlyDictionary<string, object?>? variables)
    {
        if (options.Limits is not { } limits) return null;
        var errors = OperationLimitsAnalyzer.Check(schema, document, operationName, variables, limits);
        return errors.Count > 0 ? errors : null;
    }

    private static bool UsesIntrospection(DocumentNode document)
    {
        var found = false;
        Visitor.Visit(document, new Visitor().Enter<FieldNode>(field =>
        {
            if (field.Name.Value is "__schema" or "__type") found = true;
        }));
        return found;
    }

    private static GraphQLError Coded(string message, string code) =>
        new(message, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>
    /// Valid documents by their text, bounded: when full, it starts over (a client cycling through
    /// more distinct documents than fit gains nothing from a cache anyway).
    /// </summary>
    private sealed class DocumentCache(int capacity)
    {
        public sealed record Entry(DocumentNode Document, IReadOnlyList<GraphQLError>? Errors, bool UsesIntrospection);

        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

        public Entry? Get(string text) => capacity > 0 && _entries.TryGetValue(text, out var entry) ? entry : null;

        public void Add(string text, Entry entry)
        {
            if (capacity <= 0 || text.Length > MaxCachedLength) return;
            if (_entries.Count >= capacity) _entries.Clear();
            _entries.TryAdd(text, entry);
        }

        // Large documents are rare in real clients and would let a few requests hold much memory.
        private const int MaxCachedLength = 64 * 1024;
    }
}
