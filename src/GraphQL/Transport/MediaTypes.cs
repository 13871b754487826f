using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Es.GraphQL.Transport;

/// <summary>The response media types of GraphQL over HTTP, and the choice between them by the Accept header.</summary>
internal static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// The media type to answer with, or null when the client accepts neither. No Accept header,
    /// <c>*/*</c> and <c>application/*</c> get application/json, which every client understands.
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        // The Accept values clients send nearly always, answered without parsing the header.
        if (accept.Count == 1)
        {
            switch (accept[0])
            {
                case GraphQLResponse:
                case GraphQLResponse + ", " + Json:
                case GraphQLResponse + ", " + Json + ";q=0.9":
                case GraphQLResponse + ";charset=utf-8, " + Json + ";charset=utf-8;q=0.9":
                    return GraphQLResponse;
                case Json:
                case "*/*":
                case Json + ", */*":
                    return Json;
            }
        }
        return Negotiate((IReadOnlyList<string?>)accept);
    }

    public static string? Negotiate(IReadOnlyList<string?> accept)
    {
        if (accept.Count == 0) return Json;
        if (!MediaTypeHeaderValue.TryParseList(accept.Where(a => a is not null).ToList()!, out var ranges) || ranges.Count == 0) return Json;
        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= 0) continue;
            var type = range.MediaType.Value?.ToLowerInvariant();
            var candidate = type switch
            {
                GraphQLResponse => GraphQLResponse,
                Json or "application/*" or "*/*" => Json,
                _ => null,
            };
            // Equal quality: the more specific graphql-response type wins, as the spec prefers it.
            if (candidate is null || quality < bestQuality || (quality == bestQuality && best == GraphQLResponse)) continue;
            best = candidate;
            bestQuality = quality;
        }
        return best;
    }
}
