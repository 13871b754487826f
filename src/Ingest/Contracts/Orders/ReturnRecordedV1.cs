using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Orders;

/// <summary>
/// <c>return.recorded</c> v1 on the orders topic → <see cref="RecordReturn"/>: goods a customer brought
/// back, credited; <c>orderId</c> when the source knows the order. Key: <c>return-&lt;returnId&gt;</c>.
/// </summary>
public sealed class ReturnRecordedV1 : MessageContract<ReturnRecordedV1.Message, RecordReturn>
{
    public sealed record Message(string? Id, string? ReturnId, string? CustomerToken, string? MerchantId, IReadOnlyList<OrderPlacedV1.Item?>? Items,
        long? TotalMinor, string? Currency, string? ReturnedAt, string? OrderId);

    public override string Topic => IngestTopics.Orders;
    public override string Type => "return.recorded";
    public override int Version => 1;

    public ReturnRecordedV1()
    {
        RuleFor(m => m.ReturnId).Uuid();
        RuleFor(m => m.CustomerToken).RequiredString();
        RuleFor(m => m.MerchantId).RequiredString();
        RuleFor(m => m.Items).Present();
        RuleForEach(m => m.Items).ChildRules(OrderPlacedV1.ItemRules);
        RuleFor(m => m.TotalMinor).Present();
        RuleFor(m => m.Currency).Currency();
        RuleFor(m => m.ReturnedAt).Instant();
        RuleFor(m => m.OrderId).Uuid().When(m => m.OrderId is not null);
    }

    protected override RecordReturn ToCommand(Message m, string sourceId) =>
        new RecordReturn(Guid.Parse(m.ReturnId!), m.CustomerToken!, m.MerchantId!,
            OrderPlacedV1.OrderItems(m.Items!, m.Currency!),
            ContractRules.FromMinor(m.TotalMinor!.Value, m.Currency!), ContractRules.ParseInstant(m.ReturnedAt)!.Value,
            m.OrderId is null ? null : Guid.Parse(m.OrderId), sourceId);

    protected override Message ToMessage(RecordReturn c, string? messageId) =>
        new(messageId, c.ReturnId.ToString(), c.CustomerToken, c.MerchantId, OrderPlacedV1.Items(c.Items, c.Total.Currency), ContractRules.ToMinor(c.Total),
            c.Total.Currency, ContractRules.FormatInstant(c.ReturnedAt), c.OrderId?.ToString());
}
