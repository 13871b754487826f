using Es.GraphQL.Types;
using Es.GraphQL.Validation;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>How an endpoint mapped with <see cref="GraphQLEndpointRouteBuilderExtensions.MapGraphQL"/> serves requests.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>
    /// Builds the per-request context resolvers see (user, services, cancellation). The default
    /// carries the authenticated user, the request's services and its abort token.
    /// </summary>
    public Func<HttpContext, RequestContext> CreateContext { get; set; } = http => new RequestContext
    {
        User = http.User,
        Services = http.RequestServices,
        CancellationToken = http.RequestAborted,
    };

    /// <summary>
    /// How documents are parsed: a public endpoint bounds the token count (a document of many
    /// small tokens costs time long before it costs bytes) and the nesting depth.
    /// </summary>
    public Language.ParseOptions ParseOptions { get; set; } = new() { MaxTokens = 15_000, MaxDepth = 100 };

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The value resolvers of root fields receive as their parent.</summary>
    public Func<HttpContext, object?> RootValue { get; set; } = _ => null;

    /// <summary>
    /// WebSocket (graphql-transport-ws): decides on <c>connection_init</c> whether the connection
    /// may operate, from its payload (e.g. a bearer token), and builds the context its operations
    /// run with. Null refuses it (close 4403). The default accepts and uses <see cref="CreateContext"/>.
    /// </summary>
    public Func<HttpContext, System.Text.Json.JsonElement?, ValueTask<RequestContext?>>? OnConnect { get; set; }

    /// <summary>WebSocket: how long a client has to send <c>connection_init</c> before the socket is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>WebSocket: the largest message accepted; a larger one closes the socket with 4400 as a protocol violation.</summary>
    public int MaxWebSocketMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The IDE a browser gets at the endpoint (GET with Accept: text/html and no query), and its
    /// files under <c>{endpoint}/_ide/</c>; null serves no page (the browser gets GraphQL's 400).
    /// </summary>
    public GraphQLBrowserPage? BrowserPage { get; set; }

    /// <summary>
    /// How long an operation may execute before it is cancelled and answered with an
    /// EXECUTION_TIMEOUT error; null lets it run as long as the client waits. Queries and
    /// mutations over HTTP and WebSocket; a subscription's stream lives as long as its client wants.
    /// </summary>
    public TimeSpan? ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// False refuses documents that select <c>__schema</c> or <c>__type</c> (code
    /// INTROSPECTION_DISABLED) and leaves "Did you mean" suggestions out of validation messages.
    /// <c>__typename</c> stays available: clients need it for unions and caching.
    /// </summary>
    public bool Introspection { get; set; } = true;

    /// <summary>
    /// Trusted-documents mode: only documents of this set run (sent as text, or by id as
    /// <c>documentId</c> or <c>extensions.persistedQuery.sha256Hash</c>); any other text is
    /// refused with PERSISTED_QUERY_NOT_IN_LIST. Null: any document runs and ids are refused.
    /// </summary>
    public TrustedDocuments? TrustedDocuments { get; set; }

    /// <summary>With <see cref="TrustedDocuments"/>: also run texts that are not registered (ids are still resolved).</summary>
    public bool AllowUntrustedDocuments { get; set; }

    /// <summary>
    /// Whether clients see the type, message and stack trace of an unexpected exception in a
    /// resolver. Null (the default) decides by the host: only when its environment is Development.
    /// Otherwise the client gets "Unexpected error." with code INTERNAL_SERVER_ERROR and a trace id.
    /// </summary>
    public bool? ExposeExceptionDetails { get; set; }

    /// <summary>The validation rules documents must pass; null: the specification's (<see cref="SpecifiedRules.All"/>).</summary>
    public IReadOnlyList<ValidationRule>? ValidationRules { get; set; }

    /// <summary>Validation options; null: the defaults, with suggestions hidden when introspection is off.</summary>
    public ValidationOptions? ValidationOptions { get; set; }

    /// <summary>How many distinct valid documents are kept parsed and validated; 0 turns the cache off.</summary>
    public int DocumentCacheSize { get; set; } = 1000;

    /// <summary>
    /// WebSocket: how many operations one connection may run at once; a further <c>subscribe</c>
    /// gets an <c>error</c> message with code TOO_MANY_OPERATIONS (the connection stays open).
    /// </summary>
    public int MaxOperationsPerConnection { get; set; } = 100;

    /// <summary>
    /// Bounds on each operation — aliases, directives per location, depth through fragments,
    /// estimated cost — checked after parsing and before validation; each exceeded bound is a
    /// request error with its code (MAX_ALIASES_EXCEEDED, ...). Null checks none.
    /// </summary>
    public OperationLimits? Limits { get; set; } = OperationLimits.Default;
}
