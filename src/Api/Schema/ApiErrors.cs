using Es.Domain;
using Es.GraphQL;

namespace Es.Api.Schema;

/// <summary>
/// Errors as GraphQL reports them to Es's clients: <c>extensions.code</c> (VALIDATION,
/// UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, INVALID_STATE), the domain's stable
/// <c>reason</c>, and the input <c>field</c> it concerns. The executor adds the path.
/// </summary>
public static class ApiErrors
{
    public static GraphQLError From(Rejection rejection) => new(rejection.Message, extensions: Extensions(rejection.ExtensionCode, rejection.Reason, rejection.Field));

    /// <summary>Every rejection of a command, as one error (the first's code), the others listed in <c>extensions.rejections</c>.</summary>
    public static GraphQLError From(IReadOnlyList<Rejection> rejections)
    {
        if (rejections.Count == 1) return From(rejections[0]);
        var first = rejections[0];
        var extensions = Extensions(first.ExtensionCode, first.Reason, first.Field);
        extensions["rejections"] = rejections.Select(r => (object?)new Dictionary<string, object?>
        {
            ["code"] = r.ExtensionCode, ["reason"] = r.Reason, ["field"] = r.Field, ["message"] = r.Message,
        }).ToArray();
        return new GraphQLError(string.Join(" ", rejections.Select(r => r.Message)), extensions: extensions);
    }

    public static GraphQLError Unauthenticated(string message = "Sign in as a member to do this.") =>
        new(message, extensions: Extensions("UNAUTHENTICATED", ActorReasons.Unauthenticated, null));

    public static GraphQLError Forbidden(string reason, string message) => new(message, extensions: Extensions("FORBIDDEN", reason, null));

    public static GraphQLError NotFound(string reason, string message, string? field = null) => new(message, extensions: Extensions("NOT_FOUND", reason, field));

    public static GraphQLError Validation(string reason, string message, string? field) => new(message, extensions: Extensions("VALIDATION", reason, field));

    public static GraphQLError InvalidState(string reason, string message) => new(message, extensions: Extensions("INVALID_STATE", reason, null));

    /// <summary>Something Es depends on (Kafka, say) did not answer: trying again later may work.</summary>
    public static GraphQLError Unavailable(string reason, string message) => new(message, extensions: Extensions("UNAVAILABLE", reason, null));

    private static Dictionary<string, object?> Extensions(string code, string reason, string? field)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["reason"] = reason };
        if (field is not null) extensions["field"] = field;
        return extensions;
    }
}
