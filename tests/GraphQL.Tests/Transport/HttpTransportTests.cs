using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Es.GraphQL.Transport;
using Es.GraphQL.Utilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Es.GraphQL.Tests.Transport;

/// <summary>GraphQL over HTTP against a real Kestrel on a loopback port.</summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private int _bumps;

    public async Task InitializeAsync()
    {
        var schema = BuildAstSchema.BuildSchema("""
            type Query { hello(name: String = "world"): String!, who: String }
            type Mutation { bump: Int! }
            """, new BuildSchemaOptions
        {
            Resolvers = (type, field) => (type, field) switch
            {
                ("Query", "hello") => c => new($"hello {c.Arguments.Get<string>("name")}"),
                ("Query", "who") => c => new(c.Request.User?.Identity?.Name),
                ("Mutation", "bump") => _ => new(Interlocked.Increment(ref _bumps)),
                _ => null,
            },
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGraphQL("/graphql", schema);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> Post(string body, string? accept = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await Send(request);
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> Get(string query, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await Send(request);
    }

    private async Task<(HttpStatusCode, string?, JsonElement)> Send(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_post_without_accept_gets_application_json_and_the_data()
    {
        var (status, type, body) = await Post("""{"query":"{ hello(name: \"Es\") }"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json; charset=utf-8", type);
        Assert.Equal("hello Es", body.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Accepting_graphql_response_json_gets_it_and_any_range_gets_application_json()
    {
        Assert.StartsWith("application/graphql-response+json", (await Post("""{"query":"{ hello }"}""", "application/graphql-response+json")).ContentType);
        Assert.StartsWith("application/json", (await Post("""{"query":"{ hello }"}""", "*/*")).ContentType);
        Assert.StartsWith("application/graphql-response+json",
            (await Post("""{"query":"{ hello }"}""", "application/json;q=0.5, application/graphql-response+json")).ContentType);
    }

    [Fact]
    public async Task An_unacceptable_media_type_gets_406()
    {
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Post("""{"query":"{ hello }"}""", "text/html")).Status);
    }

    [Fact]
    public async Task A_document_that_does_not_validate_is_200_with_application_json_and_400_without_data_with_graphql_response_json()
    {
        var asJson = await Post("""{"query":"{ nope }"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, asJson.Status);
        Assert.Equal("VALIDATION", asJson.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        var asGraphQL = await Post("""{"query":"{ nope }"}""", "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, asGraphQL.Status);
        Assert.False(asGraphQL.Body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_syntax_error_names_its_location()
    {
        var (status, _, body) = await Post("""{"query":"{ hello"}""", "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("errors")[0];
        Assert.StartsWith("Syntax Error:", error.GetProperty("message").GetString());
        Assert.Equal(1, error.GetProperty("locations")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_mutation_over_get_is_refused_with_405_and_runs_nothing()
    {
        var (status, _, _) = await Get("mutation { bump }");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal(0, _bumps);
        Assert.Equal(HttpStatusCode.OK, (await Get("{ hello }")).Status);
        Assert.Equal(1, (await Post("""{"query":"mutation { bump }"}""")).Body.GetProperty("data").GetProperty("bump").GetInt32());
    }

    [Theory]
    [InlineData("""[{"query":"{ hello }"},{"query":"{ hello }"}]""", "Batched")]
    [InlineData("""{"query": 1}""", "'query'")]
    [InlineData("""{"query":"{ hello }","variables":"x"}""", "'variables'")]
    [InlineData("""{"query":"{ hello }","operationName":false}""", "'operationName'")]
    [InlineData("""{"query":"{ hello }","extensions":[1]}""", "'extensions'")]
    [InlineData("""{ "not json""", "not valid JSON")]
    public async Task A_malformed_request_gets_400_with_a_message_saying_what_is_wrong(string body, string expected)
    {
        var (status, _, json) = await Post(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, json.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_a_ten_megabyte_document_is_refused()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Post("query=x", contentType: "application/x-www-form-urlencoded")).Status);
        var big = "{\"query\":\"{ hello }\",\"extensions\":{\"pad\":\"" + new string('x', 10 * 1024 * 1024) + "\"}}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post(big)).Status);
    }

    [Fact]
    public async Task A_chunked_body_is_read_whole_across_buffers_and_refused_past_the_limit()
    {
        // No Content-Length: the body is read in pieces into a buffer that has to grow.
        async Task<HttpStatusCode> PostChunked(int padding)
        {
            var body = "{\"query\":\"{ hello }\",\"extensions\":{\"pad\":\"" + new string('x', padding) + "\"}}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body))),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            request.Headers.TransferEncodingChunked = true;
            using var response = await _client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
                Assert.Equal("""{"data":{"hello":"hello world"}}""", await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await PostChunked(100_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostChunked(2 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.OK, await PostChunked(10));
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/graphql-response+json, application/json")]
    [InlineData("application/graphql-response+json, application/json;q=0.9")]
    [InlineData("application/graphql-response+json;charset=utf-8, application/json;charset=utf-8;q=0.9")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/json, */*")]
    [InlineData("application/json;q=0.5, application/graphql-response+json")]
    [InlineData("text/html")]
    public void The_usual_accept_values_are_answered_as_parsing_the_header_would(string accept)
    {
        Assert.Equal(MediaTypes.Negotiate((IReadOnlyList<string?>)[accept]), MediaTypes.Negotiate(new Microsoft.Extensions.Primitives.StringValues(accept)));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("APPLICATION/JSON; CHARSET=UTF-8")]
    [InlineData("application/json;charset=utf-8")]
    public async Task The_usual_content_types_are_accepted(string contentType)
    {
        Assert.Equal(HttpStatusCode.OK, (await Post("""{"query":"{ hello }"}""", contentType: contentType)).Status);
    }

    [Fact]
    public async Task Variables_that_do_not_coerce_are_a_request_error()
    {
        const string body = """{"query":"query Q($n: String!) { hello(name: $n) }","variables":{"n":null}}""";
        Assert.Equal(HttpStatusCode.OK, (await Post(body, "application/json")).Status);
        var strict = await Post(body, "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, strict.Status);
        Assert.False(strict.Body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_document_of_too_many_tokens_or_too_deep_is_refused_before_validation()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 10_000).Select(i => $"a{i}: hello"));
        var (status, _, body) = await Post(JsonSerializer.Serialize(new { query = "{ " + aliases + " }" }), "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than 15000 tokens", body.GetProperty("errors")[0].GetProperty("message").GetString());

        var deep = new string('{', 1000) + new string('}', 1000);
        var tooDeep = await Post(JsonSerializer.Serialize(new { query = deep }), "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.Status);
        Assert.StartsWith("Syntax Error:", tooDeep.Body.GetProperty("errors")[0].GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Post("""{"query":"{ hello }"}""")).Status); // and the server is fine
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
