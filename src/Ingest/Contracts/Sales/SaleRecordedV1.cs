using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Sales;

/// <summary><c>sale.recorded</c> v1 on the sales topic → <see cref="RecordSale"/>. Key: <c>sale-&lt;saleId&gt;</c>.</summary>
public sealed class SaleRecordedV1 : MessageContract<SaleRecordedV1.Message, RecordSale>
{
    public sealed record Message(string? Id, string? SaleId, string? MerchantId, string? Platform, string? CustomerToken,
        long? AmountMinor, string? Currency, string? ApprovedAt);

    public override string Topic => IngestTopics.Sales;
    public override string Type => "sale.recorded";
    public override int Version => 1;

    public SaleRecordedV1()
    {
        RuleFor(m => m.SaleId).Uuid();
        RuleFor(m => m.MerchantId).RequiredString();
        RuleFor(m => m.Platform).RequiredString();
        RuleFor(m => m.CustomerToken).RequiredString();
        RuleFor(m => m.AmountMinor).Present();
        RuleFor(m => m.Currency).Currency();
        RuleFor(m => m.ApprovedAt).Instant();
    }

    protected override RecordSale ToCommand(Message m, string sourceId) =>
        new RecordSale(Guid.Parse(m.SaleId!), m.MerchantId!, m.Platform!, m.CustomerToken!, ContractRules.FromMinor(m.AmountMinor!.Value, m.Currency!),
            ContractRules.ParseInstant(m.ApprovedAt)!.Value, sourceId);

    protected override Message ToMessage(RecordSale c, string? messageId) =>
        new(messageId, c.SaleId.ToString(), c.MerchantId, c.Platform, c.CustomerToken, ContractRules.ToMinor(c.Amount), c.Amount.Currency, ContractRules.FormatInstant(c.ApprovedAt));
}
