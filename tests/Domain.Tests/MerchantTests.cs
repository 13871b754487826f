using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class MerchantTests
{
    private static readonly Actor Import = Actor.System("file:merchants.csv#2");

    private static RegisterMerchant Register(string name = "Hangawi", string category = "Korean", string zone = "America/New_York") =>
        new RegisterMerchant("hangawi", name, category, zone, "file:merchants.csv#2").As(Import);

    private static readonly MerchantRegistered Registered = new("hangawi", "Hangawi", "Korean", "America/New_York", "file:merchants.csv#2");

    [Fact]
    public void Registering_a_merchant_records_its_name_category_and_time_zone()
    {
        Merchant.Decider.Given().When(Register()).Then(Registered);
    }

    [Fact]
    public void Registering_again_with_the_same_details_changes_nothing()
    {
        Merchant.Decider.Given(Registered).When(Register()).ThenNothingHappens();
    }

    [Fact]
    public void Registering_again_with_a_new_time_zone_records_the_update()
    {
        Merchant.Decider.Given(Registered).When(Register(zone: "Asia/Seoul"))
            .Then(new MerchantUpdated("hangawi", "Hangawi", "Korean", "Asia/Seoul", "file:merchants.csv#2"));
    }

    [Fact]
    public void After_an_update_the_updated_details_are_the_ones_compared()
    {
        Merchant.Decider.Given(Registered, new MerchantUpdated("hangawi", "Hangawi", "Korean", "Asia/Seoul", "x"))
            .When(Register(zone: "Asia/Seoul"))
            .ThenNothingHappens();
    }

    [Fact]
    public void A_member_cannot_register_a_merchant()
    {
        Merchant.Decider.Given().When(new RegisterMerchant("m", "M", "grocery", "Asia/Seoul", "s").By(Guid.NewGuid()))
            .ThenRejected(RejectionCode.Forbidden, ActorReasons.IngestOnly);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("+09:00")]
    [InlineData("")]
    public void A_time_zone_that_is_not_an_iana_zone_is_a_validation_error(string zone)
    {
        var problems = CommandValidation.Validate(Register(zone: zone));
        Assert.Contains(problems, p => p.Field == "timeZone");
    }

    [Theory]
    [InlineData("Asia/Seoul")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("UTC")]
    public void Iana_time_zones_are_accepted(string zone)
    {
        Assert.Empty(CommandValidation.Validate(Register(zone: zone)));
    }
}

public class CustomerReturnTests
{
    private static readonly Guid ReturnId = Guid.NewGuid();
    private static readonly OrderItem[] Items = [new("WOODEN PICTURE FRAME", 36, 2.10m)];

    private static RecordReturn Record(string sourceId = "file:retail.csv#7", decimal total = 75.60m) =>
        new RecordReturn(ReturnId, "16525", "uci-online-retail", Items, new Money(total, "GBP"), T0.AddDays(-1), null, sourceId)
            .As(Actor.System(sourceId));

    private static readonly ReturnRecorded Recorded =
        new(ReturnId, "16525", "uci-online-retail", Items, new Money(75.60m, "GBP"), T0.AddDays(-1), null, "file:retail.csv#7");

    [Fact]
    public void Recording_a_return_credits_the_customer()
    {
        CustomerReturn.Decider.Given().When(Record()).Then(Recorded);
    }

    [Fact]
    public void The_same_return_imported_again_is_a_no_op()
    {
        CustomerReturn.Decider.Given(Recorded).When(Record(sourceId: "file:retail-again.csv#7")).ThenNothingHappens();
    }

    [Fact]
    public void Another_return_under_a_known_id_is_a_conflict()
    {
        CustomerReturn.Decider.Given(Recorded).When(Record(sourceId: "file:other.csv#1", total: 2.10m) with { Items = [new("X", 1, 2.10m)] })
            .ThenRejected(RejectionCode.Conflict, CustomerReturn.Reasons.AlreadyRecorded, "returnId");
    }

    [Fact]
    public void A_return_whose_total_is_not_its_items_is_a_validation_error()
    {
        var problems = CommandValidation.Validate(Record(total: 70m));
        Assert.Contains(problems, p => p.Field == "total.amount");
    }
}
