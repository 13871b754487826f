using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class OrderTests
{
    private static readonly Guid OrderId = Guid.NewGuid();
    private static readonly Actor Kafka = Actor.System("kafka:orders/1/5");
    private static readonly DateTimeOffset PlacedAt = T0.AddMinutes(-30);
    private static readonly OrderItem[] Items = [new("Bifana", 2, 4.50m), new("Sumol", 2, 1.80m)];

    private static readonly OrderPlaced Placed =
        new(OrderId, "cust_1", "rest_9", Items, new Money(12.60m, "EUR"), "lisbon-arroios", PlacedAt, "kafka:orders/1/5");

    private static T Ingested<T>(T command) where T : Command => command.As(Kafka);

    private static PlaceOrder Place(string sourceId = "kafka:orders/1/5", decimal total = 12.60m) =>
        Ingested(new PlaceOrder(OrderId, "cust_1", "rest_9", Items, new Money(total, "EUR"), "lisbon-arroios", PlacedAt, sourceId));

    private static DeliverOrder Deliver(DateTimeOffset? at = null, string currency = "EUR", string sourceId = "kafka:orders/1/6") =>
        Ingested(new DeliverOrder(OrderId, at ?? PlacedAt.AddMinutes(25), 3.2m, new Money(2.50m, currency), sourceId));

    private static CancelOrder Cancel(DateTimeOffset? at = null, string sourceId = "kafka:orders/1/7") =>
        Ingested(new CancelOrder(OrderId, "restaurant closed", at ?? PlacedAt.AddMinutes(5), sourceId));

    private static readonly OrderDelivered Delivered = new(OrderId, PlacedAt.AddMinutes(25), 3.2m, new Money(2.50m, "EUR"), "kafka:orders/1/6");
    private static readonly OrderCancelled Cancelled = new(OrderId, "restaurant closed", PlacedAt.AddMinutes(5), "kafka:orders/1/7");

    [Fact]
    public void Placing_an_order_records_it()
    {
        Order.Decider.Given().When(Place()).Then(Placed);
    }

    [Fact]
    public void A_member_cannot_place_an_order_fact()
    {
        Order.Decider.Given()
            .When(new PlaceOrder(OrderId, "c", "r", Items, new Money(12.60m, "EUR"), "a", PlacedAt, "s").By(Guid.NewGuid()))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.IngestOnly);
    }

    [Fact]
    public void A_redelivered_order_is_a_no_op()
    {
        Order.Decider.Given(Placed).When(Place()).ThenNothingHappens();
    }

    [Fact]
    public void Another_order_under_a_known_id_is_a_conflict()
    {
        Order.Decider.Given(Placed).When(Place(sourceId: "file:orders.csv#9"))
            .ThenRejected(RejectionCode.Conflict, Order.Reasons.AlreadyPlaced, "orderId");
    }

    [Fact]
    public void Delivering_a_placed_order_records_time_distance_and_fee()
    {
        Order.Decider.Given(Placed).When(Deliver()).Then(Delivered);
    }

    [Fact]
    public void A_delivery_whose_source_gives_no_distance_is_recorded_with_the_distance_unknown()
    {
        Order.Decider.Given(Placed)
            .When(Ingested(new DeliverOrder(OrderId, PlacedAt.AddMinutes(25), null, new Money(0m, "EUR"), "file:foodhub_order.csv#12:delivered")))
            .Then(new OrderDelivered(OrderId, PlacedAt.AddMinutes(25), null, new Money(0m, "EUR"), "file:foodhub_order.csv#12:delivered"));
    }

    [Fact]
    public void A_delivery_at_or_before_placement_is_rejected()
    {
        Order.Decider.Given(Placed).When(Deliver(at: PlacedAt))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.DeliveredBeforePlaced, "deliveredAt");
    }

    [Fact]
    public void A_fee_in_another_currency_is_rejected_on_the_currency()
    {
        Order.Decider.Given(Placed).When(Deliver(currency: "USD"))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.CurrencyMismatch, "fee.currency");
    }

    [Fact]
    public void Delivering_an_unknown_order_is_rejected_as_not_found()
    {
        Order.Decider.Given().When(Deliver()).ThenRejected(RejectionCode.NotFound, Order.Reasons.NotFound);
    }

    [Fact]
    public void A_redelivered_delivery_is_a_no_op()
    {
        Order.Decider.Given(Placed, Delivered).When(Deliver()).ThenNothingHappens();
    }

    [Fact]
    public void Nothing_follows_a_delivery_not_a_second_delivery()
    {
        Order.Decider.Given(Placed, Delivered).When(Deliver(sourceId: "other"))
            .ThenRejected(RejectionCode.InvalidState, Order.Reasons.AlreadyDelivered);
    }

    [Fact]
    public void Nothing_follows_a_delivery_not_a_cancellation()
    {
        Order.Decider.Given(Placed, Delivered).When(Cancel())
            .ThenRejected(RejectionCode.InvalidState, Order.Reasons.AlreadyDelivered);
    }

    [Fact]
    public void Cancelling_a_placed_order_records_the_reason()
    {
        Order.Decider.Given(Placed).When(Cancel()).Then(Cancelled);
    }

    [Fact]
    public void A_cancellation_before_placement_is_rejected()
    {
        Order.Decider.Given(Placed).When(Cancel(at: PlacedAt.AddSeconds(-1)))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.CancelledBeforePlaced, "cancelledAt");
    }

    [Fact]
    public void Nothing_follows_a_cancellation_not_a_delivery()
    {
        Order.Decider.Given(Placed, Cancelled).When(Deliver())
            .ThenRejected(RejectionCode.InvalidState, Order.Reasons.AlreadyCancelled);
    }

    [Fact]
    public void A_redelivered_cancellation_is_a_no_op()
    {
        Order.Decider.Given(Placed, Cancelled).When(Cancel()).ThenNothingHappens();
    }

    [Fact]
    public void Cancelling_an_unknown_order_is_rejected_as_not_found()
    {
        Order.Decider.Given().When(Cancel()).ThenRejected(RejectionCode.NotFound, Order.Reasons.NotFound);
    }

    [Fact]
    public void An_order_placed_in_the_future_is_rejected()
    {
        Order.Decider.Given()
            .When(Ingested(new PlaceOrder(OrderId, "c", "r", Items, new Money(12.60m, "EUR"), "a", T0.AddHours(1), "s")))
            .ThenRejected(RejectionCode.Validation, SourceTime.InTheFuture, "placedAt");
    }

    [Fact]
    public void A_delivery_dated_in_the_future_is_rejected()
    {
        Order.Decider.Given(Placed).When(Deliver(at: T0.AddHours(1)))
            .ThenRejected(RejectionCode.Validation, SourceTime.InTheFuture, "deliveredAt");
    }

    [Fact]
    public void A_cancellation_dated_in_the_future_is_rejected()
    {
        Order.Decider.Given(Placed).When(Cancel(at: T0.AddHours(1)))
            .ThenRejected(RejectionCode.Validation, SourceTime.InTheFuture, "cancelledAt");
    }

    [Fact]
    public void The_items_total_is_quantity_times_unit_price_summed()
    {
        Assert.Equal(12.60m, Order.ItemsTotal(Items));
    }

    private static PickUpOrder PickUp(DateTimeOffset at, string sourceId = "kafka:orders/1/8") => Ingested(new PickUpOrder(OrderId, at, sourceId));

    private static RateOrder Rate(int rating, DateTimeOffset? at = null, string sourceId = "kafka:orders/1/9") =>
        Ingested(new RateOrder(OrderId, rating, at ?? PlacedAt.AddMinutes(28), sourceId));

    [Fact]
    public void Picking_up_a_placed_order_records_the_time()
    {
        Order.Decider.Given(Placed).When(PickUp(PlacedAt.AddMinutes(12)))
            .Then(new OrderPickedUp(OrderId, PlacedAt.AddMinutes(12), "kafka:orders/1/8"));
    }

    [Fact]
    public void A_second_pick_up_is_refused()
    {
        Order.Decider.Given(Placed, new OrderPickedUp(OrderId, PlacedAt.AddMinutes(12), "kafka:orders/1/8"))
            .When(PickUp(PlacedAt.AddMinutes(13), "kafka:orders/1/99"))
            .ThenRejected(RejectionCode.InvalidState, Order.Reasons.AlreadyPickedUp);
    }

    [Fact]
    public void A_pick_up_before_placement_is_rejected()
    {
        Order.Decider.Given(Placed).When(PickUp(PlacedAt.AddMinutes(-1)))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.PickedUpBeforePlaced, "pickedUpAt");
    }

    [Fact]
    public void A_delivery_before_the_pick_up_is_rejected()
    {
        Order.Decider.Given(Placed, new OrderPickedUp(OrderId, PlacedAt.AddMinutes(26), "kafka:orders/1/8"))
            .When(Deliver(PlacedAt.AddMinutes(25)))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.DeliveredBeforePickedUp, "deliveredAt");
    }

    [Fact]
    public void Rating_a_delivered_order_records_the_rating()
    {
        Order.Decider.Given(Placed, Delivered).When(Rate(4))
            .Then(new OrderRated(OrderId, 4, PlacedAt.AddMinutes(28), "kafka:orders/1/9"));
    }

    [Fact]
    public void A_later_rating_from_another_source_is_recorded_too()
    {
        Order.Decider.Given(Placed, Delivered, new OrderRated(OrderId, 4, PlacedAt.AddMinutes(28), "kafka:orders/1/9"))
            .When(Rate(2, PlacedAt.AddMinutes(29), "kafka:orders/1/10"))
            .Then(new OrderRated(OrderId, 2, PlacedAt.AddMinutes(29), "kafka:orders/1/10"));
    }

    [Fact]
    public void A_redelivered_rating_is_a_no_op()
    {
        Order.Decider.Given(Placed, Delivered, new OrderRated(OrderId, 4, PlacedAt.AddMinutes(28), "kafka:orders/1/9"))
            .When(Rate(4)).ThenNothingHappens();
    }

    [Fact]
    public void An_order_not_delivered_cannot_be_rated()
    {
        Order.Decider.Given(Placed).When(Rate(5)).ThenRejected(RejectionCode.InvalidState, Order.Reasons.NotDelivered);
        Order.Decider.Given(Placed, Cancelled).When(Rate(5)).ThenRejected(RejectionCode.InvalidState, Order.Reasons.NotDelivered);
    }

    [Fact]
    public void A_rating_before_the_delivery_is_rejected()
    {
        Order.Decider.Given(Placed, Delivered).When(Rate(5, PlacedAt.AddMinutes(20)))
            .ThenRejected(RejectionCode.Validation, Order.Reasons.RatedBeforeDelivered, "ratedAt");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_one_to_five_is_a_validation_error(int rating)
    {
        var problems = CommandValidation.Validate(Rate(rating));
        Assert.Contains(problems, p => p.Field == "rating");
    }
}
