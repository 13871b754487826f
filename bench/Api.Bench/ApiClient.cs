using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Es.Api.Bench;

/// <summary>POSTs GraphQL requests to the host under test, as a member (bearer token) or anonymously.</summary>
internal sealed class ApiClient(string baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The whole response of a request that must answer 200.</summary>
    public async Task<JsonElement> PostAsync(string query, object? variables = null, string? token = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary><c>data</c> of a request that must succeed without errors.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null, string? token = null, CancellationToken ct = default)
    {
        var result = await PostAsync(query, variables, token, ct);
        if (result.TryGetProperty("errors", out var errors)) throw new InvalidOperationException($"GraphQL errors: {errors}");
        return result.GetProperty("data");
    }

    public void Dispose() => http.Dispose();
}
