using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Es.GraphQL.Transport;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Microsoft.Extensions.Logging;

namespace Es.GraphQL.Tests.Transport;

/// <summary>
/// What a public endpoint promises beyond the protocol: unexpected errors are masked outside
/// development, operations are cut off at the timeout, introspection can be turned off, and in
/// trusted-documents mode only registered documents run.
/// </summary>
public sealed class EndpointSafetyTests
{
    private const string Secret = "Password=hunter2";

    private sealed class MemberContext : RequestContext
    {
        public required string Member { get; init; }
    }

    private static readonly GraphQLSchema Schema = BuildAstSchema.BuildSchema("""
        type Query {
          hello(name: String = "world"): String!
          fails: String
          failsHard: String!
          refuses: String
          slow: String
          stubborn: String
          me: String
          friends(first: Int): [Query!]!
        }
        """, new BuildSchemaOptions
    {
        Resolvers = (type, field) => (type, field) switch
        {
            ("Query", "hello") => c => new($"hello {c.Arguments.Get<string>("name")}"),
            ("Query", "fails") => _ => throw new InvalidOperationException($"could not connect: {Secret}"),
            ("Query", "failsHard") => _ => throw new InvalidOperationException($"could not connect: {Secret}"),
            ("Query", "refuses") => _ => throw new GraphQLError("You may not see this.",
                extensions: new Dictionary<string, object?> { ["code"] = "FORBIDDEN" }),
            ("Query", "slow") => async c =>
            {
                await Task.Delay(Timeout.Infinite, c.CancellationToken);
                return "never";
            },
            // Ignores its cancellation token: the endpoint must answer at the timeout anyway.
            ("Query", "stubborn") => async _ =>
            {
                await Task.Delay(TimeSpan.FromSeconds(20));
                return "late";
            },
            ("Query", "friends") => c => new(Enumerable.Range(0, c.Arguments.Get<int?>("first") ?? 0).Select(_ => new object()).ToArray()),
            ("Query", "me") => c => new(c.Request is MemberContext m ? m.Member : "no member context"),
            _ => null,
        },
    });

    private static string Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task Outside_development_an_unexpected_exception_reaches_the_client_as_unexpected_error_with_a_code_and_the_log_gets_it()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        using var activity = new Activity("test").Start();

        var (status, body) = await endpoint.PostAsync(new { query = "{ hello fails }" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello world", body.GetProperty("data").GetProperty("hello").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("Unexpected error.", error.GetProperty("message").GetString());
        Assert.Equal("INTERNAL_SERVER_ERROR", Code(error));
        Assert.Equal("fails", error.GetProperty("path")[0].GetString());
        Assert.Equal(activity.TraceId.ToString(), error.GetProperty("extensions").GetProperty("traceId").GetString());
        var text = body.GetRawText();
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("stacktrace", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        var logged = Assert.Single(endpoint.Logged, l => l.Exception is InvalidOperationException);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(Secret, logged.Exception!.Message);
    }

    [Fact]
    public async Task A_masked_error_on_a_non_null_field_still_nulls_the_parent_as_the_spec_says()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        var (_, body) = await endpoint.PostAsync(new { query = "{ failsHard }" });
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal("Unexpected error.", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task In_development_the_client_also_gets_the_exception_type_message_and_stack_trace()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, environment: "Development");
        var (_, body) = await endpoint.PostAsync(new { query = "{ fails }" });
        var error = body.GetProperty("errors")[0];
        Assert.Equal("INTERNAL_SERVER_ERROR", Code(error));
        var exception = error.GetProperty("extensions").GetProperty("exception");
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.GetProperty("type").GetString());
        Assert.Contains(Secret, exception.GetProperty("message").GetString());
        Assert.True(exception.GetProperty("stacktrace").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Exposing_exception_details_can_be_switched_off_in_development_too()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o => o.ExposeExceptionDetails = false, environment: "Development");
        var (_, body) = await endpoint.PostAsync(new { query = "{ fails }" });
        Assert.DoesNotContain(Secret, body.GetRawText());
    }

    [Fact]
    public async Task An_error_the_application_raises_on_purpose_reaches_the_client_as_it_is()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        var (_, body) = await endpoint.PostAsync(new { query = "{ refuses }" });
        var error = body.GetProperty("errors")[0];
        Assert.Equal("You may not see this.", error.GetProperty("message").GetString());
        Assert.Equal("FORBIDDEN", Code(error));
        Assert.Empty(endpoint.Logged);
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("stubborn")]
    public async Task An_operation_past_the_execution_timeout_is_answered_with_EXECUTION_TIMEOUT_and_the_endpoint_goes_on_serving(string field)
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o => o.ExecutionTimeout = TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var (status, body) = await endpoint.PostAsync(new { query = $"{{ {field} }}" });

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal("EXECUTION_TIMEOUT", Code(body.GetProperty("errors")[0]));
        Assert.Equal("hello world", (await endpoint.PostAsync(new { query = "{ hello }" })).Body.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task With_introspection_off_schema_and_type_are_refused_typename_works_and_messages_suggest_nothing()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o => o.Introspection = false);

        var (_, refused) = await endpoint.PostAsync(new { query = "query Spy { ...F } fragment F on Query { __schema { types { name } } }" });
        Assert.Equal("INTROSPECTION_DISABLED", Code(refused.GetProperty("errors")[0]));
        Assert.False(refused.TryGetProperty("data", out _));
        Assert.Equal("INTROSPECTION_DISABLED", Code((await endpoint.PostAsync(new { query = "{ __type(name: \"Query\") { name } }" })).Body.GetProperty("errors")[0]));

        Assert.Equal("Query", (await endpoint.PostAsync(new { query = "{ __typename }" })).Body.GetProperty("data").GetProperty("__typename").GetString());

        var (_, misspelt) = await endpoint.PostAsync(new { query = "{ helo }" });
        var message = misspelt.GetProperty("errors")[0].GetProperty("message").GetString();
        Assert.Contains("Cannot query field \"helo\"", message);
        Assert.DoesNotContain("Did you mean", message);
    }

    [Fact]
    public async Task With_introspection_on_misspelt_fields_get_suggestions()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        var (_, body) = await endpoint.PostAsync(new { query = "{ helo }" });
        Assert.Contains("Did you mean \"hello\"?", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    private const string Registered = "query Hello($name: String) { hello(name: $name) }";

    private static Action<GraphQLHttpOptions> TrustedOnly => o => o.TrustedDocuments = TrustedDocuments.FromDocuments([Registered]);

    [Fact]
    public async Task In_trusted_documents_mode_a_registered_document_runs_by_text_by_documentId_and_by_apollo_hash()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, TrustedOnly);
        var hash = TrustedDocuments.Hash(Registered);
        var variables = new { name = "trusted" };

        foreach (var request in new object[]
                 {
                     new { query = Registered, variables },
                     new { documentId = "sha256:" + hash, variables },
                     new { documentId = hash, variables },
                     new { extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } }, variables },
                 })
        {
            var (status, body) = await endpoint.PostAsync(request);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("hello trusted", body.GetProperty("data").GetProperty("hello").GetString());
        }

        using var get = await endpoint.Client.GetAsync($"/graphql?documentId=sha256:{hash}&variables=%7B%22name%22%3A%22get%22%7D");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("hello get", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task In_trusted_documents_mode_any_other_text_is_refused_before_it_runs_and_unknown_ids_are_not_found()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, TrustedOnly);

        var (status, body) = await endpoint.PostAsync(new { query = "{ hello }" }, "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", Code(body.GetProperty("errors")[0]));
        Assert.False(body.TryGetProperty("data", out _));

        var unknown = new string('a', 64);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code((await endpoint.PostAsync(new { documentId = "sha256:" + unknown })).Body.GetProperty("errors")[0]));
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", Code((await endpoint.PostAsync(
            new { query = "{ hello }", documentId = "sha256:" + TrustedDocuments.Hash(Registered) })).Body.GetProperty("errors")[0]));
    }

    [Fact]
    public async Task Trusted_documents_can_also_allow_unregistered_texts()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o =>
        {
            TrustedOnly(o);
            o.AllowUntrustedDocuments = true;
        });
        Assert.Equal("hello world", (await endpoint.PostAsync(new { query = "{ hello }" })).Body.GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal("hello x", (await endpoint.PostAsync(new { documentId = TrustedDocuments.Hash(Registered), variables = new { name = "x" } }))
            .Body.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Without_trusted_documents_a_document_id_is_refused_as_not_supported()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        var (_, body) = await endpoint.PostAsync(new { documentId = "sha256:" + TrustedDocuments.Hash(Registered) });
        Assert.Equal("PERSISTED_QUERY_NOT_SUPPORTED", Code(body.GetProperty("errors")[0]));
    }

    [Fact]
    public async Task Over_websocket_trusted_documents_run_by_id_and_other_texts_are_refused()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, TrustedOnly);
        await using var socket = await endpoint.ConnectAsync();

        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { documentId = "sha256:" + TrustedDocuments.Hash(Registered), variables = new { name = "ws" } } });
        var next = await socket.ReceiveAsync();
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("hello ws", next.GetProperty("payload").GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal("complete", (await socket.ReceiveAsync()).GetProperty("type").GetString());

        await socket.SendAsync(new { id = "2", type = "subscribe", payload = new { query = "{ hello }" } });
        var error = await socket.ReceiveAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", Code(error.GetProperty("payload")[0]));
    }

    [Fact]
    public void A_manifest_whose_hash_does_not_match_its_document_is_refused()
    {
        var good = TrustedDocuments.FromManifest(JsonSerializer.Serialize(new Dictionary<string, string> { [TrustedDocuments.Hash(Registered)] = Registered }));
        Assert.Equal(Registered, good.Find("sha256:" + TrustedDocuments.Hash(Registered).ToUpperInvariant()));

        var tampered = JsonSerializer.Serialize(new Dictionary<string, string> { [TrustedDocuments.Hash(Registered)] = "{ hello }" });
        Assert.Throws<FormatException>(() => TrustedDocuments.FromManifest(tampered));
        Assert.Throws<FormatException>(() => TrustedDocuments.FromManifest("""{"not-a-hash": "{ hello }"}"""));
    }

    [Fact]
    public async Task Over_websocket_operations_see_the_application_context_built_at_connection_init()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o => o.OnConnect = (_, payload) =>
            ValueTask.FromResult<RequestContext?>(new MemberContext { Member = payload!.Value.GetProperty("member").GetString()! }));
        await using var socket = await endpoint.ConnectAsync(new { member = "ada" });

        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "{ me }" } });
        Assert.Equal("ada", (await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("me").GetString());
    }

    [Fact]
    public async Task Over_websocket_unexpected_errors_are_masked_too()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        await using var socket = await endpoint.ConnectAsync();
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "{ fails }" } });
        var next = await socket.ReceiveAsync();
        Assert.Equal("Unexpected error.", next.GetProperty("payload").GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.DoesNotContain(Secret, next.GetRawText());
    }

    [Fact]
    public async Task Over_websocket_a_connection_runs_at_most_its_operation_limit_and_stays_open_when_refused()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema, o => o.MaxOperationsPerConnection = 2);
        await using var socket = await endpoint.ConnectAsync();
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "{ slow }" } });
        await socket.SendAsync(new { id = "2", type = "subscribe", payload = new { query = "{ slow }" } });
        await socket.SendAsync(new { id = "3", type = "subscribe", payload = new { query = "{ hello }" } });

        var refused = await socket.ReceiveAsync();
        Assert.Equal("3", refused.GetProperty("id").GetString());
        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.Equal("TOO_MANY_OPERATIONS", Code(refused.GetProperty("payload")[0]));

        // Completing one frees its place (messages are handled in the order they arrive).
        await socket.SendAsync(new { id = "1", type = "complete" });
        await socket.SendAsync(new { id = "4", type = "subscribe", payload = new { query = "{ hello }" } });
        var next = await socket.ReceiveAsync();
        Assert.Equal("4", next.GetProperty("id").GetString());
        Assert.Equal("hello world", next.GetProperty("payload").GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task The_operation_limits_refuse_before_validation_with_their_code_and_can_be_turned_off()
    {
        var aliases = "{ " + string.Join(' ', Enumerable.Range(0, 31).Select(i => $"a{i}: hello")) + " }";
        await using (var endpoint = await TestEndpoint.StartAsync(Schema))
        {
            var (status, body) = await endpoint.PostAsync(new { query = aliases }, "application/graphql-response+json");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal("MAX_ALIASES_EXCEEDED", Code(error));
            Assert.Equal(30, error.GetProperty("extensions").GetProperty("limit").GetInt32());
            Assert.Equal(31, error.GetProperty("extensions").GetProperty("actual").GetInt32());
        }
        await using (var endpoint = await TestEndpoint.StartAsync(Schema, o => o.Limits = null))
        {
            var (status, body) = await endpoint.PostAsync(new { query = aliases });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("hello world", body.GetProperty("data").GetProperty("a30").GetString());
        }
    }

    [Fact]
    public async Task The_cost_of_a_cached_document_is_judged_again_with_each_requests_variables()
    {
        await using var endpoint = await TestEndpoint.StartAsync(Schema);
        const string query = "query Friends($n: Int) { friends(first: $n) { friends(first: $n) { hello } } }";

        var (_, small) = await endpoint.PostAsync(new { query, variables = new { n = 3 } });
        Assert.Equal(3, small.GetProperty("data").GetProperty("friends").GetArrayLength());

        var (_, large) = await endpoint.PostAsync(new { query, variables = new { n = 1000 } });
        Assert.Equal("MAX_COST_EXCEEDED", Code(large.GetProperty("errors")[0]));
        Assert.False(large.TryGetProperty("data", out _));

        var (_, again) = await endpoint.PostAsync(new { query, variables = new { n = 2 } });
        Assert.Equal(2, again.GetProperty("data").GetProperty("friends")[0].GetProperty("friends").GetArrayLength());
    }

    [Fact]
    public async Task A_subscription_sent_over_http_is_refused_as_a_request_error_and_runs_nothing()
    {
        var subscribed = 0;
        var schema = BuildAstSchema.BuildSchema("type Query { a: Int } type Subscription { ticks: Int }", new BuildSchemaOptions
        {
            Subscribers = (_, _) => _ =>
            {
                Interlocked.Increment(ref subscribed);
                return new ValueTask<IAsyncEnumerable<object?>>(AsyncEnumerable.Empty<object?>());
            },
        });
        await using var endpoint = await TestEndpoint.StartAsync(schema);

        var (status, body) = await endpoint.PostAsync(new { query = "subscription { ticks }" }, "application/graphql-response+json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SUBSCRIPTION_OVER_HTTP", Code(body.GetProperty("errors")[0]));
        Assert.False(body.TryGetProperty("data", out _));
        Assert.Equal(0, subscribed);
    }

    [Fact]
    public async Task Responses_carry_text_as_graphql_js_writes_it_unescaped_over_http_and_websocket()
    {
        const string name = "한국 café <b>'`&";
        await using var endpoint = await TestEndpoint.StartAsync(Schema);

        using var response = await endpoint.Client.PostAsync("/graphql", new StringContent(
            JsonSerializer.Serialize(new { query = "query($n: String) { hello(name: $n) }", variables = new { n = name } }),
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("""{"data":{"hello":"hello 한국 café <b>'`&"}}""", await response.Content.ReadAsStringAsync());

        await using var socket = await endpoint.ConnectAsync();
        var raw = await socket.ReceiveRawAfterAsync(new { id = "1", type = "subscribe", payload = new { query = "query($n: String) { hello(name: $n) }", variables = new { n = name } } });
        Assert.Contains("hello 한국 café <b>'`&", raw);
    }
}
