using Es.Domain;

namespace Es.Ingest.Import;

/// <summary>What a file feeds: sales (RecordSale, RefundSale, CancelSale) or orders (PlaceOrder and what follows it, returns).</summary>
public enum ImportKind { Sales, Orders }

/// <summary>Why a line was not stored: a stable code (<c>BAD_NUMBER</c>, <c>TOTAL_MISMATCH</c>, ...) and a message for a person.</summary>
public sealed record LineProblem(string Code, string Message);

/// <summary>
/// One unit of an import: the commands one line of the file stands for, or why it stands for none.
/// Where a source spreads one fact over several lines (UCI's invoice lines), the unit is the group
/// and <see cref="Line"/> is its first line; units come in ascending <see cref="Line"/>, which is what
/// the checkpoint counts on.
/// </summary>
public sealed record ImportRecord(int Line, IReadOnlyList<Command> Commands)
{
    /// <summary>The line cannot be read or mapped (wrong type, missing field): rejected, nothing sent.</summary>
    public LineProblem? Problem { get; init; }

    /// <summary>The mapping leaves the line out on purpose (e.g. UCI rows with no customer): skipped, nothing sent.</summary>
    public LineProblem? Skip { get; init; }

    /// <summary>
    /// The idempotency key of the unit's one command when the source names the fact itself (a contract
    /// message's producer <c>id</c>): the same message from a topic or another file stores once. Null:
    /// the file's identity and line (<see cref="FileImporter.IdempotencyKey"/>).
    /// </summary>
    public string? ProducerKey { get; init; }

    public static ImportRecord Of(int line, params Command[] commands) => new(line, commands);

    public static ImportRecord Rejected(int line, string code, string message) => new(line, []) { Problem = new(code, message) };

    public static ImportRecord Skipped(int line, string code, string message) => new(line, []) { Skip = new(code, message) };
}

/// <summary>Thrown by a mapping while reading a line; becomes a rejected <see cref="ImportRecord"/> for that line.</summary>
public sealed class LineProblemException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
