using System.Collections.Immutable;

namespace Es.Domain;

/// <summary>
/// A food-delivery order, stream <c>order-&lt;id&gt;</c>, fed by Kafka or file import.
/// Its life is placed → delivered | cancelled, and nothing after that. As with sales, the same
/// fact redelivered (same source id) is a no-op, anything else after the end is refused.
/// That the items add up to the total is shape, checked by the validator before deciding.
/// No member facts are needed: the actor is the ingest source (or an administrator).
/// </summary>
public static class Order
{
    public const int MinItems = 1;
    public const int MaxItems = 100;
    /// <summary>Wholesale orders (UCI Online Retail has lines of hundreds) are orders too.</summary>
    public const int MaxQuantity = 10_000;
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int ItemNameMaxLength = 120;
    public const int CustomerTokenMaxLength = 128;
    public const int RestaurantIdMaxLength = 64;
    public const int AddressAreaMaxLength = 64;
    public const int SourceIdMaxLength = 256;
    public const int ReasonMaxLength = 500;
    /// <summary>Beyond this a delivery distance is a data error, not a trip.</summary>
    public const decimal MaxDistanceKm = 200m;

    public static class Reasons
    {
        public const string AlreadyPlaced = "ORDER_ALREADY_PLACED";
        public const string NotFound = "ORDER_NOT_FOUND";
        public const string AlreadyDelivered = "ORDER_ALREADY_DELIVERED";
        public const string AlreadyCancelled = "ORDER_ALREADY_CANCELLED";
        public const string DeliveredBeforePlaced = "DELIVERED_BEFORE_PLACED";
        public const string CancelledBeforePlaced = "CANCELLED_BEFORE_PLACED";
        public const string CurrencyMismatch = "CURRENCY_MISMATCH";
        public const string AlreadyPickedUp = "ORDER_ALREADY_PICKED_UP";
        public const string PickedUpBeforePlaced = "PICKED_UP_BEFORE_PLACED";
        public const string DeliveredBeforePickedUp = "DELIVERED_BEFORE_PICKED_UP";
        public const string NotDelivered = "ORDER_NOT_DELIVERED";
        public const string RatedBeforeDelivered = "RATED_BEFORE_DELIVERED";
    }

    public static string StreamId(Guid orderId) => $"order-{orderId}";

    public static readonly OrderState Initial = new();

    public static readonly Decider<OrderCommand, OrderState, OrderEvent> Decider =
        new(c => StreamId(c.OrderId), Initial, Decide, Evolve);

    public static Decision<OrderEvent> Decide(OrderCommand command, OrderState state)
    {
        if (command.RequireIngestOrAdministrator() is { } notTrusted)
            return notTrusted;
        if (command is PlaceOrder place)
            return Place(place, state);
        if (state.Status == OrderStatus.None)
            return Rejection.NotFound(Reasons.NotFound, "No such order.", "orderId");
        if (state.SourceIds.Contains(command.SourceId))
            return Decision<OrderEvent>.Unchanged;
        // A rating follows a delivery; everything else ends there.
        if (command is RateOrder rate)
            return Rate(rate, state);
        if (state.Status == OrderStatus.Delivered)
            return Rejection.InvalidState(Reasons.AlreadyDelivered, "This order was delivered; only a rating follows a delivery.");
        if (state.Status == OrderStatus.Cancelled)
            return Rejection.InvalidState(Reasons.AlreadyCancelled, "This order was cancelled; nothing follows a cancellation.");
        return command switch
        {
            DeliverOrder c => Deliver(c, state),
            CancelOrder c => Cancel(c, state),
            PickUpOrder c => PickUp(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static OrderState Evolve(OrderState state, OrderEvent @event) => @event switch
    {
        OrderPlaced e => state with
        {
            Status = OrderStatus.Placed,
            Currency = e.Total.Currency,
            PlacedAt = e.PlacedAt,
            SourceIds = [e.SourceId],
        },
        OrderPickedUp e => state with { PickedUpAt = e.PickedUpAt, SourceIds = state.SourceIds.Add(e.SourceId) },
        OrderDelivered e => state with { Status = OrderStatus.Delivered, DeliveredAt = e.DeliveredAt, SourceIds = state.SourceIds.Add(e.SourceId) },
        OrderRated e => state with { SourceIds = state.SourceIds.Add(e.SourceId) },
        OrderCancelled e => state with { Status = OrderStatus.Cancelled, SourceIds = state.SourceIds.Add(e.SourceId) },
        _ => state,
    };

    /// <summary>Σ quantity × unit price: what <see cref="PlaceOrder.Total"/> must equal.</summary>
    public static decimal ItemsTotal(IEnumerable<OrderItem> items) => items.Sum(i => i.Quantity * i.UnitPrice);

    private static Decision<OrderEvent> Place(PlaceOrder c, OrderState state)
    {
        if (state.Status != OrderStatus.None)
            return state.SourceIds.Contains(c.SourceId)
                ? Decision<OrderEvent>.Unchanged
                : Rejection.Conflict(Reasons.AlreadyPlaced, "Another order was placed under this id.", "orderId");
        if (SourceTime.NotInTheFuture(c.PlacedAt, c.Now, "placedAt") is { } future)
            return future;
        return new OrderPlaced(c.OrderId, c.CustomerToken, c.RestaurantId, c.Items, c.Total, c.AddressArea, c.PlacedAt, c.SourceId);
    }

    private static Decision<OrderEvent> Cancel(CancelOrder c, OrderState state)
    {
        if (SourceTime.NotInTheFuture(c.CancelledAt, c.Now, "cancelledAt") is { } future)
            return future;
        if (c.CancelledAt < state.PlacedAt)
            return Rejection.Validation(Reasons.CancelledBeforePlaced, "An order cannot be cancelled before it is placed.", "cancelledAt");
        return new OrderCancelled(c.OrderId, c.Reason, c.CancelledAt, c.SourceId);
    }

    private static Decision<OrderEvent> Deliver(DeliverOrder c, OrderState state)
    {
        if (SourceTime.NotInTheFuture(c.DeliveredAt, c.Now, "deliveredAt") is { } future)
            return future;
        if (c.DeliveredAt <= state.PlacedAt)
            return Rejection.Validation(Reasons.DeliveredBeforePlaced, "Delivery must come after the order was placed.", "deliveredAt");
        if (state.PickedUpAt is { } pickedUp && c.DeliveredAt < pickedUp)
            return Rejection.Validation(Reasons.DeliveredBeforePickedUp, "Delivery cannot come before the courier picked the order up.", "deliveredAt");
        if (c.Fee.Currency != state.Currency)
            return Rejection.Validation(Reasons.CurrencyMismatch, $"The fee must be in {state.Currency}, the order's currency.", "fee.currency");
        return new OrderDelivered(c.OrderId, c.DeliveredAt, c.DistanceKm, c.Fee, c.SourceId);
    }

    private static Decision<OrderEvent> PickUp(PickUpOrder c, OrderState state)
    {
        if (state.PickedUpAt is not null)
            return Rejection.InvalidState(Reasons.AlreadyPickedUp, "This order was already picked up.");
        if (SourceTime.NotInTheFuture(c.PickedUpAt, c.Now, "pickedUpAt") is { } future)
            return future;
        if (c.PickedUpAt < state.PlacedAt)
            return Rejection.Validation(Reasons.PickedUpBeforePlaced, "An order cannot be picked up before it is placed.", "pickedUpAt");
        return new OrderPickedUp(c.OrderId, c.PickedUpAt, c.SourceId);
    }

    /// <summary>The customer's rating of a delivered order; a later rating replaces an earlier one.</summary>
    private static Decision<OrderEvent> Rate(RateOrder c, OrderState state)
    {
        if (state.Status != OrderStatus.Delivered)
            return Rejection.InvalidState(Reasons.NotDelivered, "Only a delivered order can be rated.");
        if (SourceTime.NotInTheFuture(c.RatedAt, c.Now, "ratedAt") is { } future)
            return future;
        if (c.RatedAt < state.DeliveredAt)
            return Rejection.Validation(Reasons.RatedBeforeDelivered, "A rating cannot precede the delivery.", "ratedAt");
        return new OrderRated(c.OrderId, c.Rating, c.RatedAt, c.SourceId);
    }
}

public enum OrderStatus { None, Placed, Delivered, Cancelled }

public sealed record OrderState
{
    public OrderStatus Status { get; init; }
    public string Currency { get; init; } = "";
    public DateTimeOffset PlacedAt { get; init; }
    public DateTimeOffset? PickedUpAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    /// <summary>Source ids already applied, so a redelivered message is recognised.</summary>
    public ImmutableHashSet<string> SourceIds { get; init; } = [];
}

/// <param name="UnitPrice">In the order's currency (<see cref="PlaceOrder.Total"/>).</param>
public sealed record OrderItem(string Name, int Quantity, decimal UnitPrice);

public abstract record OrderCommand(Guid OrderId, string SourceId) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

/// <param name="Total">Σ quantity × unit price of <paramref name="Items"/>, in the order's currency.</param>
public sealed record PlaceOrder(
    Guid OrderId, string CustomerToken, string RestaurantId, IReadOnlyList<OrderItem> Items, Money Total,
    string AddressArea, DateTimeOffset PlacedAt, string SourceId) : OrderCommand(OrderId, SourceId);

/// <param name="DistanceKm">The courier's distance; null when the source does not say (Olist, FoodHub).</param>
public sealed record DeliverOrder(
    Guid OrderId, DateTimeOffset DeliveredAt, decimal? DistanceKm, Money Fee, string SourceId) : OrderCommand(OrderId, SourceId);

public sealed record CancelOrder(Guid OrderId, string Reason, DateTimeOffset CancelledAt, string SourceId) : OrderCommand(OrderId, SourceId);

/// <summary>The courier took the order from the restaurant: splits preparation time from delivery time.</summary>
public sealed record PickUpOrder(Guid OrderId, DateTimeOffset PickedUpAt, string SourceId) : OrderCommand(OrderId, SourceId);

/// <param name="Rating">1 (worst) to 5 (best).</param>
public sealed record RateOrder(Guid OrderId, int Rating, DateTimeOffset RatedAt, string SourceId) : OrderCommand(OrderId, SourceId);

public abstract record OrderEvent : DomainEvent;

public sealed record OrderPlaced(
    Guid OrderId, string CustomerToken, string RestaurantId, IReadOnlyList<OrderItem> Items, Money Total,
    string AddressArea, DateTimeOffset PlacedAt, string SourceId) : OrderEvent;

/// <summary>
/// Schema version 2: <paramref name="DistanceKm"/> may be null, "the source did not say". Version 1
/// always carried a distance (sources without one were given a 1 km stand-in), and reads as version 2
/// unchanged (<see cref="DomainEvents.Upcasters"/>).
/// </summary>
public sealed record OrderDelivered(Guid OrderId, DateTimeOffset DeliveredAt, decimal? DistanceKm, Money Fee, string SourceId) : OrderEvent;

public sealed record OrderCancelled(Guid OrderId, string Reason, DateTimeOffset CancelledAt, string SourceId) : OrderEvent;

public sealed record OrderPickedUp(Guid OrderId, DateTimeOffset PickedUpAt, string SourceId) : OrderEvent;

public sealed record OrderRated(Guid OrderId, int Rating, DateTimeOffset RatedAt, string SourceId) : OrderEvent;
