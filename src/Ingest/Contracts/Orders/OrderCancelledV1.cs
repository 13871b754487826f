using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary><c>order.cancelled</c> v1 on the orders topic → <see cref="CancelOrder"/>. Key: <c>order-&lt;orderId&gt;</c>.</summary>
public sealed class OrderCancelledV1 : MessageContract<OrderCancelledV1.Message, CancelOrder>
{
    public sealed record Message(string? Id, string? OrderId, string? Reason, string? CancelledAt);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "order.cancelled";
    public override int Version => 1;

    public OrderCancelledV1()
    {
        RuleFor(m => m.OrderId).Uuid();
        RuleFor(m => m.Reason).RequiredString();
        RuleFor(m => m.CancelledAt).Instant();
    }

    protected override CancelOrder ToCommand(Message m, string sourceId) =>
        new CancelOrder(Guid.Parse(m.OrderId!), m.Reason!, ContractRules.ParseInstant(m.CancelledAt)!.Value, sourceId);

    protected override Message ToMessage(CancelOrder c, string? messageId) =>
        new(messageId, c.OrderId.ToString(), c.Reason, ContractRules.FormatInstant(c.CancelledAt));
}
