using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary><c>order.placed</c> v1 on the orders topic → <see cref="PlaceOrder"/>. Key: <c>order-&lt;orderId&gt;</c>.</summary>
public sealed class OrderPlacedV1 : MessageContract<OrderPlacedV1.Message, PlaceOrder>
{
    public sealed record Item(string? Name, int? Quantity, long? UnitPriceMinor);

    public sealed record Message(string? Id, string? OrderId, string? CustomerToken, string? RestaurantId, IReadOnlyList<Item?>? Items,
        long? TotalMinor, string? Currency, string? AddressArea, string? PlacedAt);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "order.placed";
    public override int Version => 1;

    public OrderPlacedV1()
    {
        RuleFor(m => m.OrderId).Uuid();
        RuleFor(m => m.CustomerToken).RequiredString();
        RuleFor(m => m.RestaurantId).RequiredString();
        RuleFor(m => m.Items).Present();
        RuleForEach(m => m.Items).ChildRules(ItemRules);
        RuleFor(m => m.TotalMinor).Present();
        RuleFor(m => m.Currency).Currency();
        RuleFor(m => m.AddressArea).RequiredString();
        RuleFor(m => m.PlacedAt).Instant();
    }

    protected override PlaceOrder ToCommand(Message m, string sourceId) =>
        new PlaceOrder(Guid.Parse(m.OrderId!), m.CustomerToken!, m.RestaurantId!,
            OrderItems(m.Items!, m.Currency!), ContractRules.FromMinor(m.TotalMinor!.Value, m.Currency!), m.AddressArea!, ContractRules.ParseInstant(m.PlacedAt)!.Value, sourceId);

    protected override Message ToMessage(PlaceOrder c, string? messageId) =>
        new(messageId, c.OrderId.ToString(), c.CustomerToken, c.RestaurantId, Items(c.Items, c.Total.Currency), ContractRules.ToMinor(c.Total), c.Total.Currency,
            c.AddressArea, ContractRules.FormatInstant(c.PlacedAt));

    /// <summary>An item of an order or a return: all three fields present.</summary>
    internal static void ItemRules(InlineValidator<Item?> item)
    {
        item.RuleFor(i => i).NotNull().WithErrorCode(DeadLetterReasons.MissingField).WithMessage("An item is null.");
        item.RuleFor(i => i!.Name).RequiredString().When(i => i is not null);
        item.RuleFor(i => i!.Quantity).Present().When(i => i is not null);
        item.RuleFor(i => i!.UnitPriceMinor).Present().When(i => i is not null);
    }

    /// <summary>Validated items as the domain's, prices from minor units of <paramref name="currency"/>.</summary>
    internal static OrderItem[] OrderItems(IReadOnlyList<Item?> items, string currency) =>
        [.. items.Select(i => new OrderItem(i!.Name!, i.Quantity!.Value, ContractRules.MinorToMajor(i.UnitPriceMinor!.Value, currency)))];

    internal static IReadOnlyList<Item?> Items(IReadOnlyList<OrderItem> items, string currency) =>
        [.. items.Select(i => new Item(i.Name, i.Quantity, ContractRules.ToMinor(i.UnitPrice, currency)))];
}
