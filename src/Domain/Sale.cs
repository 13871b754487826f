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
        public const string Cancelled = "SALE_CANCELLED";
        public const string AlreadyCancelled = "SALE_ALREADY_CANCELLED";
        public const string CancelAfterRefund = "SALE_REFUNDED";
        public const string CancelBeforeApproval = "CANCEL_BEFORE_APPROVAL";
    }

    public const int ReasonMaxLength = 500;

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
            CancelSale c => Cancel(c, state),
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
        SaleRefundRefused e => state with { RefusedRefunds = state.RefusedRefunds.SetItem(e.RefundId, e.Amount) },
        SaleCancelled e => state with { Cancelled = e },
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
        if (state.Refunds.TryGetValue(c.RefundId, out var earlier) || state.RefusedRefunds.TryGetValue(c.RefundId, out earlier))
            return earlier == c.Amount
                ? Decision<SaleEvent>.Unchanged
                : Rejection.Conflict(Reasons.RefundIdReused, "This refund id was used for a different amount.", "refundId");
        if (state.IsCancelled)
            return Rejection.InvalidState(Reasons.Cancelled, "This sale was cancelled; there is nothing to refund.");
        if (c.Amount.Currency != state.Amount.Currency)
            return Rejection.Validation(Reasons.CurrencyMismatch, $"Refund in {state.Amount.Currency}, the sale's currency.", "amount.currency");
        if (SourceTime.NotInTheFuture(c.RefundedAt, c.Now, "refundedAt") is { } future)
            return future;
        if (c.RefundedAt < state.ApprovedAt)
            return Rejection.Validation(Reasons.RefundBeforeApproval, "A refund cannot precede the sale's approval.", "refundedAt");
        // More than what is left is refused; the attempt itself is a fact the anomaly flags need,
        // so it is recorded (and changes nothing of what can still be refunded).
        if (c.Amount > state.Remaining)
            return new SaleRefundRefused(c.SaleId, c.RefundId, c.Amount, state.Remaining,
                state.IsFullyRefunded ? Reasons.FullyRefunded : Reasons.ExceedsRemaining, c.RefundedAt, c.SourceId);
        return new SaleRefunded(c.SaleId, c.RefundId, c.Amount, state.Remaining - c.Amount, c.RefundedAt, c.SourceId);
    }

    /// <summary>
    /// A cancellation voids an approved sale before it settles: it stops counting as a sale at all.
    /// A sale with refunds is past that point: what is left is refunded instead.
    /// </summary>
    private static Decision<SaleEvent> Cancel(CancelSale c, SaleState state)
    {
        if (!state.IsRecorded)
            return Rejection.NotFound(Reasons.NotFound, "No such sale.", "saleId");
        if (state.Cancelled is { } cancelled)
            return cancelled.SourceId == c.SourceId
                ? Decision<SaleEvent>.Unchanged
                : Rejection.InvalidState(Reasons.AlreadyCancelled, "This sale is already cancelled.");
        if (state.Refunded.Amount > 0m)
            return Rejection.InvalidState(Reasons.CancelAfterRefund, "This sale has refunds; refund what is left instead of cancelling it.");
        if (SourceTime.NotInTheFuture(c.CancelledAt, c.Now, "cancelledAt") is { } future)
            return future;
        if (c.CancelledAt < state.ApprovedAt)
            return Rejection.Validation(Reasons.CancelBeforeApproval, "A cancellation cannot precede the sale's approval.", "cancelledAt");
        return new SaleCancelled(c.SaleId, c.Reason, c.CancelledAt, c.SourceId);
    }
}

public sealed record SaleState
{
    public SaleRecorded? Recorded { get; init; }
    public Money Refunded { get; init; }
    public ImmutableDictionary<string, Money> Refunds { get; init; } = ImmutableDictionary<string, Money>.Empty;
    /// <summary>Refund attempts refused for exceeding what was left, by refund id: a redelivery is recognised.</summary>
    public ImmutableDictionary<string, Money> RefusedRefunds { get; init; } = ImmutableDictionary<string, Money>.Empty;
    public SaleCancelled? Cancelled { get; init; }

    public bool IsRecorded => Recorded is not null;
    public Money Amount => Recorded?.Amount ?? default;
    public DateTimeOffset ApprovedAt => Recorded?.ApprovedAt ?? default;
    public Money Remaining => Amount - Refunded;

    public bool IsFullyRefunded => IsRecorded && Remaining.Amount == 0m;
    public bool IsCancelled => Cancelled is not null;
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

/// <summary>Voids an approved sale before settlement (the card platform's "cancel"): it no longer counts as a sale.</summary>
public sealed record CancelSale(Guid SaleId, string Reason, DateTimeOffset CancelledAt, string SourceId) : SaleCommand(SaleId);

public abstract record SaleEvent : DomainEvent;

public sealed record SaleRecorded(
    Guid SaleId, string MerchantId, string Platform, string CustomerToken, Money Amount,
    DateTimeOffset ApprovedAt, string SourceId) : SaleEvent;

/// <summary><paramref name="Remaining"/> is what can still be refunded after this one: zero means fully refunded.</summary>
public sealed record SaleRefunded(
    Guid SaleId, string RefundId, Money Amount, Money Remaining, DateTimeOffset RefundedAt, string SourceId) : SaleEvent;

public sealed record SaleCancelled(Guid SaleId, string Reason, DateTimeOffset CancelledAt, string SourceId) : SaleEvent;

/// <summary>
/// A refund the domain refused because it asked for more than was left (<paramref name="Remaining"/>);
/// <paramref name="Reason"/> is <see cref="Sale.Reasons.ExceedsRemaining"/> or <see cref="Sale.Reasons.FullyRefunded"/>.
/// Recorded so the attempt can be flagged and audited; it refunds nothing.
/// </summary>
public sealed record SaleRefundRefused(
    Guid SaleId, string RefundId, Money Amount, Money Remaining, string Reason, DateTimeOffset AttemptedAt, string SourceId) : SaleEvent;
