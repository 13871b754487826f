using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests;

/// <summary>
/// The Es host in memory (Alba) on a real PostgreSQL (the private cluster scripts/pg starts;
/// ES_TEST_POSTGRES overrides), in a schema of its own per test class. A fixture for another
/// configuration derives from it and overrides <see cref="Configure"/>.
/// </summary>
public class ApiHost : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public string Schema { get; } = "es_api_" + Guid.NewGuid().ToString("N")[..12];

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Where this host's uploaded pictures go (Es:Blobs:Path): a folder of its own, removed with it.</summary>
    public string BlobFolder { get; } = Path.Combine(Path.GetTempPath(), "es-api-blobs-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("Es:Postgres:ConnectionString", ConnectionString);
            web.UseSetting("Es:EventStore:Schema", Schema);
            web.UseSetting("Es:Projections:NodeName", "api-test");
            web.UseSetting("Es:Auth:MaxFailedSignIns", "3");
            web.UseSetting("Es:Blobs:Path", BlobFolder);
            // Kafka ingest off (its group join alone takes ~3 s); a fixture that tests it turns it on in Configure.
            web.UseSetting("Es:Kafka:Enabled", "false");
            Configure(web);
        });
    }

    /// <summary>More settings for the host, after the defaults.</summary>
    protected virtual void Configure(IWebHostBuilder web) { }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
        if (Directory.Exists(BlobFolder)) Directory.Delete(BlobFolder, recursive: true);
    }

    /// <summary>
    /// Waits until the named projections have applied the whole log as it is now. Generous (two
    /// minutes): a CI machine may run every test class at once; on timeout it says where each stands.
    /// </summary>
    public async Task WaitForAsync(params string[] projections)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var head = dataSource.CreateCommand($"SELECT coalesce(max(seq_id), 0) FROM {Schema}.mt_events");
        var sequence = (long)(await head.ExecuteScalarAsync())!;
        if (await Host.Services.GetRequiredService<Es.Projections.ProjectionPositions>().WaitForAsync(projections, sequence, TimeSpan.FromSeconds(120))) return;
        var catalog = Host.Services.GetRequiredService<Es.Projections.ProjectionCatalog>();
        var status = new List<string>();
        foreach (var p in projections) status.AddRange((await catalog.GetStatusAsync(p)).Select(s => s.ToString()));
        Assert.Fail($"{string.Join(", ", projections)} did not reach {sequence}: {string.Join("; ", status)}");
    }

    /// <summary>Every row of a query over this host's schema (<c>{schema}</c>), each as its columns' text.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var cmd = dataSource.CreateCommand(sql.Replace("{schema}", Schema));
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i) is Array a
                ? string.Join(",", a.Cast<object>()) : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    /// <summary>POSTs a GraphQL request as the holder of <paramref name="token"/> (anonymous when null); returns the whole response.</summary>
    public async Task<JsonElement> GraphQLAsync(string query, object? variables = null, string? token = null)
    {
        var client = Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Like <see cref="GraphQLAsync"/> but fails on any error and returns <c>data</c>.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null, string? token = null)
    {
        var result = await GraphQLAsync(query, variables, token);
        Assert.False(result.TryGetProperty("errors", out var errors), $"unexpected errors: {errors}");
        return result.GetProperty("data");
    }

    /// <summary>The single error of a response, which must have one.</summary>
    public static JsonElement SingleError(JsonElement result)
    {
        Assert.True(result.TryGetProperty("errors", out var errors), $"expected an error, got {result}");
        return Assert.Single(errors.EnumerateArray());
    }

    public static string Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString()!;

    public sealed record Member(string Id, string AccessToken, string RefreshToken);

    private const string SignUp = """
        mutation($input: SignUpInput!) { signUp(input: $input) { memberId accessToken refreshToken } }
        """;

    public async Task<Member> SignUpAsync(string handle, string region = "Seoul Mapo", string[]? conditions = null, string? password = null)
    {
        var data = await DataAsync(SignUp, new
        {
            input = new
            {
                email = $"{handle}@test.es", password = password ?? "correct horse battery", handle, displayName = "Member " + handle,
                region, birthYear = 1960, conditionsOfInterest = conditions ?? [],
            },
        });
        var s = data.GetProperty("signUp");
        return new Member(s.GetProperty("memberId").GetString()!, s.GetProperty("accessToken").GetString()!, s.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>A new member holding <paramref name="role"/> (administrator, auditor), signed in again so the token carries it.</summary>
    public async Task<string> SignUpWithRoleAsync(string handle, string role)
    {
        var member = await SignUpAsync(handle);
        await Host.Services.GetRequiredService<Es.Api.Accounts.AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return (await DataAsync($$"""mutation { signIn(email: "{{handle}}@test.es", password: "correct horse battery") { accessToken } }"""))
            .GetProperty("signIn").GetProperty("accessToken").GetString()!;
    }
}
