using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Es.Api.Schema;
using Es.ConsoleWeb;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;
using Microsoft.AspNetCore.Hosting;

namespace Es.Api.Tests.Console;

/// <summary>
/// The console's operations are trusted documents of /graphql: each registered under the SHA-256
/// of its text, valid against the Es schema, run by id; other clients' texts still run unless
/// Es:GraphQL:TrustedDocumentsOnly says otherwise.
/// </summary>
public sealed class ConsoleDocumentsTests(ApiHost api) : IClassFixture<ApiHost>
{
    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static string IdOf(string operationName) =>
        ConsoleDocuments.Trusted.Documents.Single(d => d.Value.Contains($" {operationName}(", StringComparison.Ordinal)
            || d.Value.Contains($" {operationName} {{", StringComparison.Ordinal)).Key;

    [Fact]
    public void The_manifest_names_each_console_operation_by_the_sha256_of_its_text()
    {
        using var manifest = JsonDocument.Parse(ConsoleDocuments.Manifest);
        var entries = manifest.RootElement.EnumerateObject().ToList();
        Assert.True(entries.Count >= 10, $"the console's operations: {entries.Count}");
        foreach (var entry in entries) Assert.Equal(Sha256(entry.Value.GetString()!), entry.Name);
        Assert.Equal(entries.Count, ConsoleDocuments.Trusted.Count);
    }

    [Fact]
    public void Every_console_operation_is_valid_against_the_Es_schema()
    {
        var schema = EsSchema.Build();
        foreach (var (hash, text) in ConsoleDocuments.Trusted.Documents)
        {
            var errors = Validator.Validate(schema, Parser.Parse(new Source(text)));
            Assert.True(errors.Count == 0, $"{hash}: {string.Join("; ", errors.Select(e => e.Message))}\n{text}");
        }
    }

    [Fact]
    public async Task A_console_operation_runs_by_its_document_id_as_the_signed_in_member()
    {
        var member = await api.SignUpAsync("console_by_id");
        var result = await PostAsync(new { documentId = "sha256:" + IdOf("Me"), operationName = "Me" }, member.AccessToken);
        Assert.Equal("console_by_id", result.GetProperty("data").GetProperty("me").GetProperty("handle").GetString());
    }

    [Fact]
    public async Task A_console_operation_runs_by_apollo_persisted_query_hash_too()
    {
        var member = await api.SignUpAsync("console_apollo");
        var result = await PostAsync(new
        {
            operationName = "Me",
            extensions = new { persistedQuery = new { version = 1, sha256Hash = IdOf("Me") } },
        }, member.AccessToken);
        Assert.Equal("console_apollo", result.GetProperty("data").GetProperty("me").GetProperty("handle").GetString());
    }

    [Fact]
    public async Task An_id_nobody_registered_is_refused_as_not_found()
    {
        var result = await PostAsync(new { documentId = "sha256:" + Sha256("{ me { id } }") }, null);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", ApiHost.Code(ApiHost.SingleError(result)));
    }

    [Fact]
    public async Task Other_clients_still_send_any_document_text_by_default()
    {
        var data = await api.DataAsync("{ regions { name } }");
        Assert.Equal(JsonValueKind.Array, data.GetProperty("regions").ValueKind);
    }

    private async Task<JsonElement> PostAsync(object body, string? token)
    {
        var client = api.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

/// <summary>The host with Es:GraphQL:TrustedDocumentsOnly: only registered documents run.</summary>
public sealed class TrustedDocumentsOnlyHost : ApiHost
{
    protected override void Configure(IWebHostBuilder web) => web.UseSetting("Es:GraphQL:TrustedDocumentsOnly", "true");
}

public sealed class TrustedDocumentsOnlyTests(TrustedDocumentsOnlyHost api) : IClassFixture<TrustedDocumentsOnlyHost>
{
    [Fact]
    public async Task With_trusted_documents_only_a_text_that_is_not_registered_is_refused()
    {
        var result = await api.GraphQLAsync("{ regions { name } }");
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", ApiHost.Code(ApiHost.SingleError(result)));
    }

    [Fact]
    public async Task With_trusted_documents_only_the_console_text_itself_still_runs()
    {
        var text = ConsoleDocuments.Trusted.Documents.Values.Single(t => t.StartsWith("query Me ", StringComparison.Ordinal));
        var result = await api.GraphQLAsync(text);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("data").GetProperty("me").ValueKind);
    }
}
