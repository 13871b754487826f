using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>
/// The GraphQL-over-HTTP request parameters: query, operationName, variables and extensions,
/// read from a JSON body (POST) or from the URL's query string (GET), each checked for its type.
/// </summary>
internal sealed record GraphQLHttpRequest(string? Query, string? DocumentId, string? OperationName,
    IReadOnlyDictionary<string, object?>? Variables, JsonElement? Extensions)
{
    /// <summary>
    /// The id of a persisted document: the <c>documentId</c> parameter, or Apollo's
    /// <c>extensions.persistedQuery.sha256Hash</c>; null when there is neither.
    /// </summary>
    internal static string? DocumentIdOf(string? documentId, JsonElement? extensions) =>
        documentId ?? (extensions is { } ext && ext.TryGetProperty("persistedQuery", out var persisted)
            && persisted.ValueKind == JsonValueKind.Object && persisted.TryGetProperty("sha256Hash", out var hash)
            && hash.ValueKind == JsonValueKind.String
                ? "sha256:" + hash.GetString()
                : null);

    /// <summary>Reads the parameters; a malformed request yields its reason instead.</summary>
    public static async Task<(GraphQLHttpRequest? Request, int Status, string? Problem)> ReadAsync(HttpContext http, long maxBytes)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method)) return FromQueryString(request.Query);

        if (string.IsNullOrEmpty(request.ContentType))
            return (null, StatusCodes.Status415UnsupportedMediaType, "A POST request needs Content-Type: application/json.");
        // The usual values are accepted without parsing the header.
        if (!string.Equals(request.ContentType, MediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(request.ContentType, MediaTypes.Json + "; charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
                || !string.Equals(contentType.MediaType.Value, MediaTypes.Json, StringComparison.OrdinalIgnoreCase))
                return (null, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported; use application/json.");
            if (contentType.Charset.HasValue && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
                return (null, StatusCodes.Status415UnsupportedMediaType, $"Charset '{contentType.Charset}' is not supported; use utf-8.");
        }
        if (request.ContentLength > maxBytes)
            return (null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");

        // The body is read into a pooled buffer, returned once the document over it is disposed
        // (JsonDocument parses in place; what outlives it is cloned).
        byte[]? buffer = null;
        try
        {
            JsonDocument body;
            try
            {
                int length;
                (buffer, length) = await ReadLimitedAsync(request.Body, request.ContentLength, maxBytes, http.RequestAborted);
                if (length == 0) return (null, StatusCodes.Status400BadRequest, "The request body is empty.");
                body = JsonDocument.Parse(buffer.AsMemory(0, length));
            }
            catch (JsonException ex)
            {
                return (null, StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}");
            }
            catch (BodyTooLargeException)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");
            }

            using (body) return Parameters(body.RootElement);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (GraphQLHttpRequest?, int, string?) Parameters(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
            return (null, StatusCodes.Status400BadRequest, "Batched requests (a JSON array) are not supported; send one operation per request.");
        if (root.ValueKind != JsonValueKind.Object)
            return (null, StatusCodes.Status400BadRequest, "The request body must be a JSON object.");

        string? documentId = null;
        if (root.TryGetProperty("documentId", out var id) && id.ValueKind != JsonValueKind.Null)
        {
            if (id.ValueKind != JsonValueKind.String)
                return (null, StatusCodes.Status400BadRequest, "The 'documentId' parameter must be a string.");
            documentId = id.GetString();
        }
        string? queryText = null;
        if (root.TryGetProperty("query", out var query) && !(query.ValueKind == JsonValueKind.Null && documentId is not null))
        {
            if (query.ValueKind != JsonValueKind.String)
                return (null, StatusCodes.Status400BadRequest, "The 'query' parameter must be a string.");
            queryText = query.GetString();
        }
        string? operationName = null;
        if (root.TryGetProperty("operationName", out var op) && op.ValueKind != JsonValueKind.Null)
        {
            if (op.ValueKind != JsonValueKind.String)
                return (null, StatusCodes.Status400BadRequest, "The 'operationName' parameter must be a string or null.");
            operationName = op.GetString();
        }
        IReadOnlyDictionary<string, object?>? variables = null;
        if (root.TryGetProperty("variables", out var vars) && vars.ValueKind != JsonValueKind.Null)
        {
            if (vars.ValueKind != JsonValueKind.Object)
                return (null, StatusCodes.Status400BadRequest, "The 'variables' parameter must be a map or null.");
            variables = ToVariables(vars);
        }
        JsonElement? extensions = null;
        if (root.TryGetProperty("extensions", out var ext) && ext.ValueKind != JsonValueKind.Null)
        {
            if (ext.ValueKind != JsonValueKind.Object)
                return (null, StatusCodes.Status400BadRequest, "The 'extensions' parameter must be a map or null.");
            extensions = ext.Clone();
        }
        documentId = DocumentIdOf(documentId, extensions);
        if (queryText is null && documentId is null)
            return (null, StatusCodes.Status400BadRequest, "The 'query' parameter must be a string.");
        return (new GraphQLHttpRequest(queryText, documentId, operationName, variables, extensions), 200, null);
    }

    private static (GraphQLHttpRequest?, int, string?) FromQueryString(IQueryCollection query)
    {
        var text = query["query"];
        var idParameter = query["documentId"];
        if (text.Count > 1 || idParameter.Count > 1)
            return (null, StatusCodes.Status400BadRequest, "A GET request needs exactly one 'query' parameter.");
        IReadOnlyDictionary<string, object?>? variables = null;
        if (query["variables"] is { Count: > 0 } varsText && !string.IsNullOrEmpty(varsText[0]))
        {
            try
            {
                using var vars = JsonDocument.Parse(varsText[0]!);
                if (vars.RootElement.ValueKind == JsonValueKind.Object) variables = ToVariables(vars.RootElement);
                else if (vars.RootElement.ValueKind != JsonValueKind.Null)
                    return (null, StatusCodes.Status400BadRequest, "The 'variables' parameter must be a JSON-encoded map.");
            }
            catch (JsonException)
            {
                return (null, StatusCodes.Status400BadRequest, "The 'variables' parameter is not valid JSON.");
            }
        }
        JsonElement? extensions = null;
        if (query["extensions"] is { Count: > 0 } extText && !string.IsNullOrEmpty(extText[0]))
        {
            try
            {
                using var ext = JsonDocument.Parse(extText[0]!);
                if (ext.RootElement.ValueKind == JsonValueKind.Object) extensions = ext.RootElement.Clone();
                else if (ext.RootElement.ValueKind != JsonValueKind.Null)
                    return (null, StatusCodes.Status400BadRequest, "The 'extensions' parameter must be a JSON-encoded map.");
            }
            catch (JsonException)
            {
                return (null, StatusCodes.Status400BadRequest, "The 'extensions' parameter is not valid JSON.");
            }
        }
        var operationName = query["operationName"] is { Count: > 0 } name && !string.IsNullOrEmpty(name[0]) ? name[0] : null;
        var documentId = DocumentIdOf(string.IsNullOrEmpty(idParameter.FirstOrDefault()) ? null : idParameter[0], extensions);
        var queryText = string.IsNullOrEmpty(text.FirstOrDefault()) ? null : text[0];
        if (queryText is null && documentId is null)
            return (null, StatusCodes.Status400BadRequest, "A GET request needs exactly one 'query' parameter.");
        return (new GraphQLHttpRequest(queryText, documentId, operationName, variables, extensions), 200, null);
    }

    // The executor takes variable values as JSON elements and coerces them itself.
    private static Dictionary<string, object?> ToVariables(JsonElement map)
    {
        var variables = new Dictionary<string, object?>();
        foreach (var property in map.EnumerateObject()) variables[property.Name] = property.Value.Clone();
        return variables;
    }

    /// <summary>
    /// Reads the whole body into a buffer rented from the shared pool (the caller returns it), sized
    /// by Content-Length when there is one; more than maxBytes throws before reading the rest.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadLimitedAsync(Stream from, long? contentLength, long maxBytes, CancellationToken ct)
    {
        // One byte beyond the announced length, so that the read which finds the end needs no bigger buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(contentLength is > 0 and var announced && announced < maxBytes ? (int)announced + 1 : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await from.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) return (buffer, length);
                length += read;
                if (length > maxBytes) throw new BodyTooLargeException();
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private sealed class BodyTooLargeException : Exception;
}
