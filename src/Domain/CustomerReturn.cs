namespace Es.Domain;

/// <summary>
/// Goods a customer brought back, credited to them, stream <c>return-&lt;id&gt;</c>. Retail sources
/// (UCI Online Retail's "C" invoices) report a return as its own document without naming the order it
/// undoes, so it stands alone; <see cref="RecordReturn.OrderId"/> names the order when the source knows it.
/// Customer spend is net of returns. The same return again (same id) is a no-op.
/// </summary>
public static class CustomerReturn
{
    public static class Reasons
    {
        public const string AlreadyRecorded = "RETURN_ALREADY_RECORDED";
    }

    public static string StreamId(Guid returnId) => $"return-{returnId}";

    public static readonly CustomerReturnState Initial = new();

    public static readonly Decider<RecordReturn, CustomerReturnState, ReturnEvent> Decider =
        new(c => StreamId(c.ReturnId), Initial, Decide, Evolve);

    public static Decision<ReturnEvent> Decide(RecordReturn c, CustomerReturnState state)
    {
        if (c.RequireIngestOrAdministrator() is { } notTrusted)
            return notTrusted;
        var recorded = new ReturnRecorded(c.ReturnId, c.CustomerToken, c.MerchantId, c.Items, c.Total, c.ReturnedAt, c.OrderId, c.SourceId);
        if (state.Recorded is { } known)
            return known.SourceId == c.SourceId || Same(known, recorded)
                ? Decision<ReturnEvent>.Unchanged
                : Rejection.Conflict(Reasons.AlreadyRecorded, "Another return was recorded under this id.", "returnId");
        if (SourceTime.NotInTheFuture(c.ReturnedAt, c.Now, "returnedAt") is { } future)
            return future;
        return recorded;
    }

    private static bool Same(ReturnRecorded a, ReturnRecorded b) =>
        a.CustomerToken == b.CustomerToken && a.MerchantId == b.MerchantId && a.Total == b.Total
        && a.ReturnedAt == b.ReturnedAt && a.OrderId == b.OrderId && a.Items.SequenceEqual(b.Items);

    public static CustomerReturnState Evolve(CustomerReturnState state, ReturnEvent @event) => @event switch
    {
        ReturnRecorded e => state with { Recorded = e },
        _ => state,
    };
}

public sealed record CustomerReturnState
{
    public ReturnRecorded? Recorded { get; init; }
}

/// <param name="Total">Σ quantity × unit price of <paramref name="Items"/> (positive: what is credited).</param>
/// <param name="OrderId">The order the goods came from, when the source says.</param>
public sealed record RecordReturn(
    Guid ReturnId, string CustomerToken, string MerchantId, IReadOnlyList<OrderItem> Items, Money Total,
    DateTimeOffset ReturnedAt, Guid? OrderId, string SourceId) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

public abstract record ReturnEvent : DomainEvent;

public sealed record ReturnRecorded(
    Guid ReturnId, string CustomerToken, string MerchantId, IReadOnlyList<OrderItem> Items, Money Total,
    DateTimeOffset ReturnedAt, Guid? OrderId, string SourceId) : ReturnEvent;
