using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts.Sales;

/// <summary><c>sale.recorded</c> v1 on the sales topic → <see cref="RecordSale"/>. Key: <c>sale-&lt;saleId&gt;</c>.</summary>
public sealed class SaleRecordedV1 : MessageContract<SaleRecordedV1.Message>
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

    protected override Command ToCommand(Message m, string sourceId) =>
        new RecordSale(Guid.Parse(m.SaleId!), m.MerchantId!, m.Platform!, m.CustomerToken!, ContractRules.FromMinor(m.AmountMinor!.Value, m.Currency!),
            ContractRules.ParseInstant(m.ApprovedAt)!.Value, sourceId);
}
