namespace Es.Domain;

/// <summary>
/// Instants reported by outside systems (approved-at, placed-at, delivered-at). Their clocks drift,
/// so a little future is believed; more is a data error that belongs in a dead letter, not the log.
/// </summary>
public static class SourceTime
{
    public static readonly TimeSpan SkewTolerance = TimeSpan.FromMinutes(5);

    public const string InTheFuture = "IN_THE_FUTURE";

    public static Rejection? NotInTheFuture(DateTimeOffset reported, DateTimeOffset now, string field) =>
        reported > now + SkewTolerance
            ? Rejection.Validation(InTheFuture, $"'{field}' lies in the future.", field)
            : null;
}
