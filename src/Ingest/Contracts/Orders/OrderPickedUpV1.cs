using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary><c>order.picked_up</c> v1 on the orders topic → <see cref="PickUpOrder"/>. Key: <c>order-&lt;orderId&gt;</c>.</summary>
public sealed class OrderPickedUpV1 : MessageContract<OrderPickedUpV1.Message, PickUpOrder>
{
    public sealed record Message(string? Id, string? OrderId, string? PickedUpAt);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "order.picked_up";
    public override int Version => 1;

    public OrderPickedUpV1()
    {
        RuleFor(m => m.OrderId).Uuid();
        RuleFor(m => m.PickedUpAt).Instant();
    }

    protected override PickUpOrder ToCommand(Message m, string sourceId) =>
        new PickUpOrder(Guid.Parse(m.OrderId!), ContractRules.ParseInstant(m.PickedUpAt)!.Value, sourceId);

    protected override Message ToMessage(PickUpOrder c, string? messageId) =>
        new(messageId, c.OrderId.ToString(), ContractRules.FormatInstant(c.PickedUpAt));
}
