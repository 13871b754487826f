using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Sales;

/// <summary><c>sale.cancelled</c> v1 on the sales topic → <see cref="CancelSale"/> (a void before settlement). Key: <c>sale-&lt;saleId&gt;</c>.</summary>
public sealed class SaleCancelledV1 : MessageContract<SaleCancelledV1.Message, CancelSale>
{
    public sealed record Message(string? Id, string? SaleId, string? Reason, string? CancelledAt);

    public override string Topic => IngestTopics.Sales;
    public override string Type => "sale.cancelled";
    public override int Version => 1;

    public SaleCancelledV1()
    {
        RuleFor(m => m.SaleId).Uuid();
        RuleFor(m => m.Reason).RequiredString();
        RuleFor(m => m.CancelledAt).Instant();
    }

    protected override CancelSale ToCommand(Message m, string sourceId) =>
        new CancelSale(Guid.Parse(m.SaleId!), m.Reason!, ContractRules.ParseInstant(m.CancelledAt)!.Value, sourceId);

    protected override Message ToMessage(CancelSale c, string? messageId) =>
        new(messageId, c.SaleId.ToString(), c.Reason, ContractRules.FormatInstant(c.CancelledAt));
}
