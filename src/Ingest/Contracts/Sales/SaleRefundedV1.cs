using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Sales;

/// <summary><c>sale.refunded</c> v1 on the sales topic → <see cref="RefundSale"/>. Key: <c>sale-&lt;saleId&gt;</c>, so it follows its sale.</summary>
public sealed class SaleRefundedV1 : MessageContract<SaleRefundedV1.Message, RefundSale>
{
    public sealed record Message(string? Id, string? SaleId, string? RefundId, long? AmountMinor, string? Currency, string? RefundedAt);

    public override string Topic => IngestTopics.Sales;
    public override string Type => "sale.refunded";
    public override int Version => 1;

    public SaleRefundedV1()
    {
        RuleFor(m => m.SaleId).Uuid();
        RuleFor(m => m.RefundId).RequiredString();
        RuleFor(m => m.AmountMinor).Present();
        RuleFor(m => m.Currency).Currency();
        RuleFor(m => m.RefundedAt).Instant();
    }

    protected override RefundSale ToCommand(Message m, string sourceId) =>
        new RefundSale(Guid.Parse(m.SaleId!), m.RefundId!, ContractRules.FromMinor(m.AmountMinor!.Value, m.Currency!),
            ContractRules.ParseInstant(m.RefundedAt)!.Value, sourceId);

    protected override Message ToMessage(RefundSale c, string? messageId) =>
        new(messageId, c.SaleId.ToString(), c.RefundId, ContractRules.ToMinor(c.Amount), c.Amount.Currency, ContractRules.FormatInstant(c.RefundedAt));
}
