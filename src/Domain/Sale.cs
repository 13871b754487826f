using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A card sale on the sales platform, stream <c>sale-&lt;id&gt;</c>, fed by Kafka or file import.
/// Refunds live in the sale's stream so "never more than the remaining amount" is decided
/// against one version: two racing refunds cannot together exceed the sale.
/// Redelivery is normal for ingest, so the same fact again (same source id, same refund id)
/// is a no-op, while different data under a known id is a conflict worth a dead letter.
/// No member facts are needed: the actor is the ingest source (or an administrator).
/// </summary>
public static class Sale
{
    public const int MerchantIdMaxLength = 64;
    public const int PlatformMaxLength = 64;
    public const int CustomerTokenMaxLength = 128;
    public const int SourceIdMaxLength = 256;
    public const int RefundIdMaxLength = 64;

    public static class Reasons
    {
        public const string AlreadyRecorded = "SALE_ALREADY_RECORDED";
        public const string NotFound = "SALE_NOT_FOUND";
        public const string CurrencyMismatch = "CURRENCY_MISMATCH";
        public const string FullyRefunded = "SALE_FULLY_REFUNDED";
        public const string ExceedsRemaining = "REFUND_EXCEEDS_REMAINING";
        public const string RefundBeforeApproval = "REFUND_BEFORE_APPROVAL";
        public const string RefundIdReused = "REFUND_ID_REUSED";
    }

    public static string StreamId(Guid saleId) => $"sale-{saleId}";

    public static readonly SaleState Initial = new();

    public static readonly Decider<SaleCommand, SaleState, SaleEvent> Decider =
        new(c => StreamId(c.SaleId), Initial, Decide, Evolve);

    public static Decision<SaleEvent> Decide(SaleCommand command, SaleState state)
    {
        if (command.RequireIngestOrAdministrator() is { } notTrusted)
            return notTrusted;
        return command switch
        {
            RecordSale c => Record(c, state),
            RefundSale c => Refund(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static SaleState Evolve(SaleState state, SaleEvent @event) => @event switch
    {
        SaleRecorded e => state with { Recorded = e, Refunded = Money.Zero(e.Amount.Currency) },
        SaleRefunded e => state with
        {
            Refunded = state.Refunded + e.Amount,
            Refunds = state.Refunds.Add(e.RefundId, e.Amount),
        },
        _ => state,
    };

    private static Decision<SaleEvent> Record(RecordSale c, SaleState state)
    {
        var recorded = new SaleRecorded(c.SaleId, c.MerchantId, c.Platform, c.CustomerToken, c.Amount, c.ApprovedAt, c.SourceId);
        if (state.Recorded is { } known)
            // The same sale redelivered, or imported again from another source, is already known.
            return known.SourceId == c.SourceId || known == recorded with { SourceId = known.SourceId }
                ? Decision<SaleEvent>.Unchanged
                : Rejection.Conflict(Reasons.AlreadyRecorded, "Another sale was recorded under this id.", "saleId");
        if (SourceTime.NotInTheFuture(c.ApprovedAt, c.Now, "approvedAt") is { } future)
            return future;
        return recorded;
    }

    private static Decision<SaleEvent> Refund(RefundSale c, SaleState state)
    {
        if (!state.IsRecorded)
            return Rejection.NotFound(Reasons.NotFound, "No such sale.", "saleId");
        if (state.Refunds.TryGetValue(c.RefundId, out var earlier))
            return earlier == c.Amount
                ? Decision<SaleEvent>.Unchanged
                : Rejection.Conflict(Reasons.RefundIdReused, "This refund id was used for a different amount.", "refundId");
        if (c.Amount.Currency != state.Amount.Currency)
            return Rejection.Validation(Reasons.CurrencyMismatch, $"Refund in {state.Amount.Currency}, the sale's currency.", "amount.currency");
        if (state.IsFullyRefunded)
            return Rejection.InvalidState(Reasons.FullyRefunded, "This sale is already fully refunded.");
        if (c.Amount > state.Remaining)
            return Rejection.Conflict(Reasons.ExceedsRemaining, $"At most {state.Remaining} can still be refunded.", "amount");
        if (SourceTime.NotInTheFuture(c.RefundedAt, c.Now, "refundedAt") is { } future)
            return future;
        if (c.RefundedAt < state.ApprovedAt)
            return Rejection.Validation(Reasons.RefundBeforeApproval, "A refund cannot precede the sale's approval.", "refundedAt");
        return new SaleRefunded(c.SaleId, c.RefundId, c.Amount, state.Remaining - c.Amount, c.RefundedAt, c.SourceId);
    }
}

public sealed record SaleState
{
    public SaleRecorded? Recorded { get; init; }
    public Money Refunded { get; init; }
    public ImmutableDictionary<string, Money> Refunds { get; init; } = ImmutableDictionary<string, Money>.Empty;

    public bool IsRecorded => Recorded is not null;
    public Money Amount => Recorded?.Amount ?? default;
    public DateTimeOffset ApprovedAt => Recorded?.ApprovedAt ?? default;
    public Money Remaining => Amount - Refunded;

    public bool IsFullyRefunded => IsRecorded && Remaining.Amount == 0m;
}

public abstract record SaleCommand(Guid SaleId) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

/// <param name="SourceId">Where the fact came from (topic/partition/offset or file#line); also the idempotency key.</param>
public sealed record RecordSale(
    Guid SaleId, string MerchantId, string Platform, string CustomerToken, Money Amount,
    DateTimeOffset ApprovedAt, string SourceId) : SaleCommand(SaleId);

/// <param name="RefundId">The source's own refund id: a redelivered refund is recognised by it.</param>
public sealed record RefundSale(
    Guid SaleId, string RefundId, Money Amount, DateTimeOffset RefundedAt, string SourceId) : SaleCommand(SaleId);

public abstract record SaleEvent : DomainEvent;

public sealed record SaleRecorded(
    Guid SaleId, string MerchantId, string Platform, string CustomerToken, Money Amount,
    DateTimeOffset ApprovedAt, string SourceId) : SaleEvent;

/// <summary><paramref name="Remaining"/> is what can still be refunded after this one: zero means fully refunded.</summary>
public sealed record SaleRefunded(
    Guid SaleId, string RefundId, Money Amount, Money Remaining, DateTimeOffset RefundedAt, string SourceId) : SaleEvent;
