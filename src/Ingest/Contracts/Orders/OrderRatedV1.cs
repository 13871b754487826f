using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary><c>order.rated</c> v1 on the orders topic → <see cref="RateOrder"/> (1 to 5, after delivery). Key: <c>order-&lt;orderId&gt;</c>.</summary>
public sealed class OrderRatedV1 : MessageContract<OrderRatedV1.Message, RateOrder>
{
    public sealed record Message(string? Id, string? OrderId, int? Rating, string? RatedAt);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "order.rated";
    public override int Version => 1;

    public OrderRatedV1()
    {
        RuleFor(m => m.OrderId).Uuid();
        RuleFor(m => m.Rating).Present();
        RuleFor(m => m.RatedAt).Instant();
    }

    protected override RateOrder ToCommand(Message m, string sourceId) =>
        new RateOrder(Guid.Parse(m.OrderId!), m.Rating!.Value, ContractRules.ParseInstant(m.RatedAt)!.Value, sourceId);

    protected override Message ToMessage(RateOrder c, string? messageId) =>
        new(messageId, c.OrderId.ToString(), c.Rating, ContractRules.FormatInstant(c.RatedAt));
}
