using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// A FAKE Elasticsearch, because no Elasticsearch server can run on this machine: an
/// HttpMessageHandler under Elastic's own client that accepts the index template and bulk requests
/// (keeping the indexed documents by id) and records search requests, answering them with no hits.
/// It checks what Es sends, not how Elasticsearch would answer: the tests against a real cluster
/// (ELASTICSEARCH_URL) do that.
/// </summary>
public sealed class FakeElasticsearch : HttpMessageHandler
{
    public ConcurrentDictionary<string, JsonObject> Documents { get; } = new();
    public ConcurrentQueue<JsonObject> Searches { get; } = new();
    public ConcurrentQueue<(string Name, JsonObject Body)> Templates { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.Trim('/');
        var body = "";
        if (request.Content is not null)
        {
            // Elastic's client compresses request bodies (HTTP compression is on by default).
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain, cancellationToken);
                bytes = plain.ToArray();
            }
            body = Encoding.UTF8.GetString(bytes);
        }
        if (request.Method == HttpMethod.Put && path.StartsWith("_index_template/", StringComparison.Ordinal))
        {
            Templates.Enqueue((path["_index_template/".Length..], JsonNode.Parse(body)!.AsObject()));
            return Answer("""{"acknowledged":true}""");
        }
        if (path.EndsWith("_bulk", StringComparison.Ordinal))
        {
            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var items = new JsonArray();
            for (var i = 0; i + 1 < lines.Length; i += 2)
            {
                var action = JsonNode.Parse(lines[i])!.AsObject();
                var index = action["index"]!.AsObject();
                var id = index["_id"]!.GetValue<string>();
                Documents[id] = JsonNode.Parse(lines[i + 1])!.AsObject();
                items.Add(new JsonObject { ["index"] = new JsonObject { ["_index"] = index["_index"]?.GetValue<string>() ?? path.Split('/')[0], ["_id"] = id, ["status"] = 201, ["result"] = "created" } });
            }
            return Answer(new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items }.ToJsonString());
        }
        if (path.EndsWith("_search", StringComparison.Ordinal))
        {
            Searches.Enqueue(JsonNode.Parse(body)!.AsObject());
            return Answer("""{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}""");
        }
        if (path.EndsWith("_refresh", StringComparison.Ordinal))
            return Answer("""{"_shards":{"total":1,"successful":1,"failed":0}}""");
        return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"fake elasticsearch: no {request.Method} {path}") };
    }

    private static HttpResponseMessage Answer(string json)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        response.Headers.Add("X-Elastic-Product", "Elasticsearch");
        return response;
    }
}
