using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary>
/// <c>order.delivered</c> v1 on the orders topic → <see cref="DeliverOrder"/>. Key: <c>order-&lt;orderId&gt;</c>.
/// <c>distanceKm</c> is optional: left out or null when the producer does not know it.
/// </summary>
public sealed class OrderDeliveredV1 : MessageContract<OrderDeliveredV1.Message, DeliverOrder>
{
    public sealed record Message(string? Id, string? OrderId, string? DeliveredAt, decimal? DistanceKm, long? FeeMinor, string? Currency);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "order.delivered";
    public override int Version => 1;

    public OrderDeliveredV1()
    {
        RuleFor(m => m.OrderId).Uuid();
        RuleFor(m => m.DeliveredAt).Instant();
        RuleFor(m => m.FeeMinor).Present();
        RuleFor(m => m.Currency).Currency();
    }

    protected override DeliverOrder ToCommand(Message m, string sourceId) =>
        new DeliverOrder(Guid.Parse(m.OrderId!), ContractRules.ParseInstant(m.DeliveredAt)!.Value, m.DistanceKm,
            ContractRules.FromMinor(m.FeeMinor!.Value, m.Currency!), sourceId);

    protected override Message ToMessage(DeliverOrder c, string? messageId) =>
        new(messageId, c.OrderId.ToString(), ContractRules.FormatInstant(c.DeliveredAt), c.DistanceKm, ContractRules.ToMinor(c.Fee), c.Fee.Currency);
}
