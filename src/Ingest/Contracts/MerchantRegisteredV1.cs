using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts;

/// <summary>
/// <c>merchant.registered</c> v1 → <see cref="RegisterMerchant"/>: a merchant's (or restaurant's) name,
/// category or cuisine and IANA time zone; again with other details, an update from then on. Read on
/// both topics: card merchants come with the sales, restaurants with the orders. Key: <c>merchant-&lt;merchantId&gt;</c>.
/// </summary>
public sealed class MerchantRegisteredV1 : MessageContract<MerchantRegisteredV1.Message, RegisterMerchant>
{
    private readonly string _topic;

    public sealed record Message(string? Id, string? MerchantId, string? Name, string? Category, string? TimeZone);

    public override string Topic => _topic;
    public override string Type => "merchant.registered";
    public override int Version => 1;

    public MerchantRegisteredV1(string topic)
    {
        _topic = topic;
        RuleFor(m => m.MerchantId).RequiredString();
        RuleFor(m => m.Name).RequiredString();
        RuleFor(m => m.Category).RequiredString();
        RuleFor(m => m.TimeZone).RequiredString();
    }

    protected override RegisterMerchant ToCommand(Message m, string sourceId) =>
        new RegisterMerchant(m.MerchantId!, m.Name!, m.Category!, m.TimeZone!, sourceId);

    protected override Message ToMessage(RegisterMerchant c, string? messageId) => new(messageId, c.MerchantId, c.Name, c.Category, c.TimeZone);
}
