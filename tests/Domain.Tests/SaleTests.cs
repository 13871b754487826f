using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class SaleTests
{
    private static readonly Guid SaleId = Guid.NewGuid();
    private static readonly Actor Kafka = Actor.System("kafka:sales/0/17");
    private static readonly DateTimeOffset ApprovedAt = T0.AddMinutes(-2);

    private static readonly SaleRecorded Recorded =
        new(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), ApprovedAt, "kafka:sales/0/17");

    private static T Ingested<T>(T command, DateTimeOffset? at = null) where T : Command => command.As(Kafka, at);

    private static RefundSale Refund(string refundId, decimal amount, string currency = "EUR") =>
        Ingested(new RefundSale(SaleId, refundId, new Money(amount, currency), T0, $"kafka:refunds/0/{refundId}"));

    [Fact]
    public void Recording_a_sale_from_ingest_records_it()
    {
        Sale.Decider.Given()
            .When(Ingested(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), ApprovedAt, "kafka:sales/0/17")))
            .Then(Recorded);
    }

    [Fact]
    public void An_administrator_may_record_a_sale_by_hand()
    {
        Sale.Decider.Given()
            .When(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), ApprovedAt, "kafka:sales/0/17").ByAdministrator(Guid.NewGuid()))
            .Then(Recorded);
    }

    [Fact]
    public void A_member_cannot_record_a_sale()
    {
        Sale.Decider.Given()
            .When(new RecordSale(SaleId, "m", "pos", "t", new Money(1m, "EUR"), ApprovedAt, "s").By(Guid.NewGuid()))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.IngestOnly);
    }

    [Fact]
    public void Recording_without_an_actor_is_rejected_as_unauthenticated()
    {
        Sale.Decider.Given()
            .When(new RecordSale(SaleId, "m", "pos", "t", new Money(1m, "EUR"), ApprovedAt, "s"))
            .ThenRejected(RejectionCode.Unauthenticated, ActorReasons.Unauthenticated);
    }

    [Fact]
    public void A_redelivered_sale_is_a_no_op()
    {
        Sale.Decider.Given(Recorded)
            .When(Ingested(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), ApprovedAt, "kafka:sales/0/17")))
            .ThenNothingHappens();
    }

    [Fact]
    public void The_same_sale_imported_from_another_source_is_a_no_op()
    {
        Sale.Decider.Given(Recorded)
            .When(Ingested(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), ApprovedAt, "file:sales.csv#3")))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_different_sale_under_a_known_id_is_a_conflict()
    {
        Sale.Decider.Given(Recorded)
            .When(Ingested(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(90m, "EUR"), ApprovedAt, "kafka:sales/0/99")))
            .ThenRejected(RejectionCode.Conflict, Sale.Reasons.AlreadyRecorded, "saleId");
    }

    [Fact]
    public void A_sale_approved_in_the_future_is_rejected()
    {
        Sale.Decider.Given()
            .When(Ingested(new RecordSale(SaleId, "m", "pos", "t", new Money(1m, "EUR"), T0 + SourceTime.SkewTolerance + TimeSpan.FromSeconds(1), "s")))
            .ThenRejected(RejectionCode.Validation, SourceTime.InTheFuture, "approvedAt");
    }

    [Fact]
    public void A_sale_approved_slightly_ahead_of_our_clock_is_believed()
    {
        Sale.Decider.Given()
            .When(Ingested(new RecordSale(SaleId, "m-42", "pos", "tok_abc", new Money(100.00m, "EUR"), T0 + SourceTime.SkewTolerance, "kafka:sales/0/17")))
            .Then(Recorded with { ApprovedAt = T0 + SourceTime.SkewTolerance });
    }

    [Fact]
    public void A_refund_dated_in_the_future_is_rejected()
    {
        Sale.Decider.Given(Recorded)
            .When(Ingested(new RefundSale(SaleId, "r1", new Money(10m, "EUR"), T0.AddHours(1), "x")))
            .ThenRejected(RejectionCode.Validation, SourceTime.InTheFuture, "refundedAt");
    }

    [Fact]
    public void A_partial_refund_records_what_remains()
    {
        Sale.Decider.Given(Recorded)
            .When(Refund("r1", 30m))
            .Then(new SaleRefunded(SaleId, "r1", new Money(30m, "EUR"), new Money(70m, "EUR"), T0, "kafka:refunds/0/r1"));
    }

    [Fact]
    public void Refunding_the_remaining_amount_refunds_the_sale_fully()
    {
        var state = Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(30m, "EUR"), new Money(70m, "EUR"), T0, "x"));
        state.When(Refund("r2", 70m))
            .Then(new SaleRefunded(SaleId, "r2", new Money(70m, "EUR"), new Money(0m, "EUR"), T0, "kafka:refunds/0/r2"));
    }

    [Fact]
    public void A_refund_above_the_remaining_amount_is_refused_and_the_attempt_recorded()
    {
        Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(30m, "EUR"), new Money(70m, "EUR"), T0, "x"))
            .When(Refund("r2", 70.01m))
            .Then(new SaleRefundRefused(SaleId, "r2", new Money(70.01m, "EUR"), new Money(70m, "EUR"), Sale.Reasons.ExceedsRemaining, T0, "kafka:refunds/0/r2"));
    }

    [Fact]
    public void A_refused_refund_leaves_the_remaining_amount_as_it_was()
    {
        var state = Sale.Decider.Fold([Recorded,
            new SaleRefundRefused(SaleId, "r2", new Money(170m, "EUR"), new Money(100m, "EUR"), Sale.Reasons.ExceedsRemaining, T0, "x")]);
        Assert.Equal(new Money(100m, "EUR"), state.Remaining);
    }

    [Fact]
    public void A_redelivered_refused_refund_is_a_no_op()
    {
        Sale.Decider.Given(Recorded,
                new SaleRefundRefused(SaleId, "r2", new Money(170m, "EUR"), new Money(100m, "EUR"), Sale.Reasons.ExceedsRemaining, T0, "x"))
            .When(Refund("r2", 170m))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_refund_of_a_fully_refunded_sale_is_refused_as_fully_refunded()
    {
        Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(100m, "EUR"), new Money(0m, "EUR"), T0, "x"))
            .When(Refund("r2", 0.01m))
            .Then(new SaleRefundRefused(SaleId, "r2", new Money(0.01m, "EUR"), new Money(0m, "EUR"), Sale.Reasons.FullyRefunded, T0, "kafka:refunds/0/r2"));
    }

    private static CancelSale Cancel(DateTimeOffset? at = null, string sourceId = "kafka:sales/1/40") =>
        Ingested(new CancelSale(SaleId, "customer changed their mind", at ?? T0, sourceId));

    [Fact]
    public void Cancelling_a_recorded_sale_voids_it()
    {
        Sale.Decider.Given(Recorded).When(Cancel())
            .Then(new SaleCancelled(SaleId, "customer changed their mind", T0, "kafka:sales/1/40"));
    }

    [Fact]
    public void A_redelivered_cancellation_is_a_no_op()
    {
        Sale.Decider.Given(Recorded, new SaleCancelled(SaleId, "x", T0, "kafka:sales/1/40")).When(Cancel()).ThenNothingHappens();
    }

    [Fact]
    public void A_second_cancellation_from_another_source_is_refused()
    {
        Sale.Decider.Given(Recorded, new SaleCancelled(SaleId, "x", T0, "kafka:sales/1/40"))
            .When(Cancel(sourceId: "file:sales.csv#2"))
            .ThenRejected(RejectionCode.InvalidState, Sale.Reasons.AlreadyCancelled);
    }

    [Fact]
    public void A_refunded_sale_cannot_be_cancelled()
    {
        Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(10m, "EUR"), new Money(90m, "EUR"), T0, "x"))
            .When(Cancel())
            .ThenRejected(RejectionCode.InvalidState, Sale.Reasons.CancelAfterRefund);
    }

    [Fact]
    public void A_cancelled_sale_takes_no_refund()
    {
        Sale.Decider.Given(Recorded, new SaleCancelled(SaleId, "x", T0, "kafka:sales/1/40"))
            .When(Refund("r1", 10m))
            .ThenRejected(RejectionCode.InvalidState, Sale.Reasons.Cancelled);
    }

    [Fact]
    public void A_cancellation_before_the_approval_is_rejected()
    {
        Sale.Decider.Given(Recorded).When(Cancel(at: ApprovedAt.AddSeconds(-1)))
            .ThenRejected(RejectionCode.Validation, Sale.Reasons.CancelBeforeApproval, "cancelledAt");
    }

    [Fact]
    public void Cancelling_an_unknown_sale_is_rejected_as_not_found()
    {
        Sale.Decider.Given().When(Cancel()).ThenRejected(RejectionCode.NotFound, Sale.Reasons.NotFound, "saleId");
    }

    [Fact]
    public void A_redelivered_refund_is_a_no_op()
    {
        Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(100m, "EUR"), new Money(0m, "EUR"), T0, "x"))
            .When(Refund("r1", 100m))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_refund_id_reused_for_another_amount_is_a_conflict()
    {
        Sale.Decider.Given(Recorded, new SaleRefunded(SaleId, "r1", new Money(10m, "EUR"), new Money(90m, "EUR"), T0, "x"))
            .When(Refund("r1", 20m))
            .ThenRejected(RejectionCode.Conflict, Sale.Reasons.RefundIdReused, "refundId");
    }

    [Fact]
    public void A_refund_in_another_currency_is_rejected_on_the_currency()
    {
        Sale.Decider.Given(Recorded)
            .When(Refund("r1", 10m, "USD"))
            .ThenRejected(RejectionCode.Validation, Sale.Reasons.CurrencyMismatch, "amount.currency");
    }

    [Fact]
    public void A_refund_before_the_approval_is_rejected()
    {
        Sale.Decider.Given(Recorded)
            .When(Ingested(new RefundSale(SaleId, "r1", new Money(10m, "EUR"), ApprovedAt.AddSeconds(-1), "x")))
            .ThenRejected(RejectionCode.Validation, Sale.Reasons.RefundBeforeApproval, "refundedAt");
    }

    [Fact]
    public void Refunding_an_unknown_sale_is_rejected_as_not_found()
    {
        Sale.Decider.Given()
            .When(Refund("r1", 10m))
            .ThenRejected(RejectionCode.NotFound, Sale.Reasons.NotFound, "saleId");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(404)]
    [InlineData(9001)]
    public void Refunds_never_exceed_the_sale_amount(int seed)
    {
        var random = new Random(seed);
        var amount = new Money(random.Next(1, 50_000) / 100m, "EUR");
        var state = Sale.Decider.Fold([Recorded with { Amount = amount }]);
        var refunded = 0m;

        for (var step = 0; step < 200; step++)
        {
            // Mostly small refunds, sometimes one larger than the whole sale.
            var cents = random.Next(4) == 0 ? random.Next(1, 60_000) : random.Next(1, 3_000);
            var command = Ingested(new RefundSale(SaleId, $"r{step}", new Money(cents / 100m, "EUR"), T0, $"s{step}"));
            var decision = Sale.Decider.Decide(command, state);
            state = decision.Events.Aggregate(state, Sale.Decider.Evolve);
            refunded += decision.Events.OfType<SaleRefunded>().Sum(e => e.Amount.Amount);

            Assert.True(refunded <= amount.Amount, $"refunded {refunded} of {amount}");
            Assert.Equal(amount.Amount - refunded, state.Remaining.Amount);
            Assert.False(decision.IsRejected);
            foreach (var refused in decision.Events.OfType<SaleRefundRefused>())
                Assert.True(refused.Amount.Amount > refused.Remaining.Amount, $"refused {refused.Amount} with {refused.Remaining} left");
        }
    }
}
