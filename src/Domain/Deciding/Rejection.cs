namespace Es.Domain;

/// <summary>The kind of refusal; the API maps it to a GraphQL <c>extensions.code</c>.</summary>
public enum RejectionCode
{
    /// <summary>The command's shape or values are wrong; <see cref="Rejection.Field"/> says which input.</summary>
    Validation,
    /// <summary>The caller is not authenticated as a member where one is needed.</summary>
    Unauthenticated,
    /// <summary>The caller may not do this (not the author, not a participant, not in the region, deactivated).</summary>
    Forbidden,
    /// <summary>The target does not exist.</summary>
    NotFound,
    /// <summary>The command collides with what exists: id or handle taken, meetup full, different data under a known id.</summary>
    Conflict,
    /// <summary>The target's lifecycle no longer allows it: deleted, cancelled, closed, started, delivered.</summary>
    InvalidState,
}

/// <summary>
/// A refusal as a value. <see cref="Reason"/> is a stable, machine-readable detail
/// (e.g. <c>MEETUP_FULL</c>) clients may branch on; <see cref="Field"/> is the camelCase
/// input path it concerns (e.g. <c>options[2]</c>, <c>amount.currency</c>), or null.
/// </summary>
public sealed record Rejection(RejectionCode Code, string Reason, string Message, string? Field = null)
{
    /// <summary>The GraphQL <c>extensions.code</c> for this rejection.</summary>
    public string ExtensionCode => Code switch
    {
        RejectionCode.Validation => "VALIDATION",
        RejectionCode.Unauthenticated => "UNAUTHENTICATED",
        RejectionCode.Forbidden => "FORBIDDEN",
        RejectionCode.NotFound => "NOT_FOUND",
        RejectionCode.Conflict => "CONFLICT",
        RejectionCode.InvalidState => "INVALID_STATE",
        _ => throw new ArgumentOutOfRangeException(nameof(Code), Code, null),
    };

    public static Rejection Validation(string reason, string message, string? field = null) =>
        new(RejectionCode.Validation, reason, message, field);

    public static Rejection Unauthenticated(string message = "Sign in as a member to do this.") =>
        new(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated, message);

    public static Rejection Forbidden(string reason, string message, string? field = null) =>
        new(RejectionCode.Forbidden, reason, message, field);

    public static Rejection NotFound(string reason, string message, string? field = null) =>
        new(RejectionCode.NotFound, reason, message, field);

    public static Rejection Conflict(string reason, string message, string? field = null) =>
        new(RejectionCode.Conflict, reason, message, field);

    public static Rejection InvalidState(string reason, string message, string? field = null) =>
        new(RejectionCode.InvalidState, reason, message, field);
}
