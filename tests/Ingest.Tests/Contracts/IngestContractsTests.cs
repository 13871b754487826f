using System.Text;
using Es.Domain;
using Es.Ingest.Contracts;

namespace Es.Ingest.Tests.Contracts;

public class IngestContractsTests
{
    private static readonly IngestContracts Contracts = new();

    private static ParsedMessage Parse(string topic, string json) => Contracts.Parse(topic, Encoding.UTF8.GetBytes(json), "t/0/7");

    private const string Sale = """
        {"type":"sale.recorded","version":1,"saleId":"0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10","merchantId":"m","platform":"pos",
         "customerToken":"c","amountMinor":1250,"currency":"KWD","approvedAt":"2026-11-02T12:00:00+01:00"}
        """;

    [Fact]
    public void Minor_units_follow_the_currency_and_the_offset_of_an_instant_is_kept()
    {
        var sale = Assert.IsType<RecordSale>(Parse(IngestTopics.Sales, Sale).Command);

        Assert.Equal(new Money(1.250m, "KWD"), sale.Amount);                     // KWD has three decimals: 1250 / 1000
        Assert.Equal(TimeSpan.FromHours(1), sale.ApprovedAt.Offset);
        Assert.Equal("t/0/7", sale.SourceId);                                    // no producer id: the Kafka coordinates
    }

    [Fact]
    public void The_producers_message_id_is_the_source_id_when_given()
    {
        var parsed = Parse(IngestTopics.Sales, Sale.Replace("\"version\":1,", "\"version\":1,\"id\":\"pos-9\","));

        Assert.Equal("pos-9", parsed.MessageId);
        Assert.Equal("pos-9", ((RecordSale)parsed.Command!).SourceId);
    }

    [Theory]
    [InlineData("\"approvedAt\":\"2026-11-02T12:00:00+01:00\"", "\"approvedAt\":\"2026-11-02T12:00:00\"", DeadLetterReasons.InvalidField, "approvedAt")]
    [InlineData("\"currency\":\"KWD\"", "\"currency\":\"XXX\"", DeadLetterReasons.InvalidField, "currency")]
    [InlineData("\"saleId\":\"0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10\"", "\"saleId\":\"sale-1\"", DeadLetterReasons.InvalidField, "saleId")]
    [InlineData("\"amountMinor\":1250", "\"amountMinor\":12.5", DeadLetterReasons.WrongType, "amountMinor")]
    [InlineData("\"amountMinor\":1250,", "", DeadLetterReasons.MissingField, "amountMinor")]
    [InlineData("\"type\":\"sale.recorded\",", "", DeadLetterReasons.MissingField, "type")]
    [InlineData("\"version\":1", "\"version\":\"1\"", DeadLetterReasons.WrongType, "version")]
    [InlineData("\"version\":1", "\"version\":2", DeadLetterReasons.UnknownContract, "type")]
    public void A_malformed_message_is_refused_with_its_reason_and_field(string from, string to, string reason, string field)
    {
        var parsed = Parse(IngestTopics.Sales, Sale.Replace(from, to));

        Assert.Null(parsed.Command);
        Assert.Equal(reason, parsed.Violation!.Reason);
        Assert.Equal(field, parsed.Violation.Field);
    }

    [Fact]
    public void A_sales_contract_on_the_orders_topic_is_an_unknown_contract()
    {
        Assert.Equal(DeadLetterReasons.UnknownContract, Parse(IngestTopics.Orders, Sale).Violation!.Reason);
    }

    [Fact]
    public void An_order_item_with_a_missing_quantity_is_named_by_its_index()
    {
        const string order = """
            {"type":"order.placed","version":1,"orderId":"5d1c8f7a-2b3e-4a61-8c9d-0e1f2a3b4c5d","customerToken":"c","restaurantId":"r",
             "items":[{"name":"Ramen","quantity":2,"unitPriceMinor":1150},{"name":"Gyoza","unitPriceMinor":600}],
             "totalMinor":2900,"currency":"EUR","addressArea":"centre","placedAt":"2026-11-02T19:00:00Z"}
            """;

        var parsed = Parse(IngestTopics.Orders, order);

        Assert.Equal(DeadLetterReasons.MissingField, parsed.Violation!.Reason);
        Assert.Equal("items[1].quantity", parsed.Violation.Field);
    }

    [Fact]
    public void Every_contract_has_a_distinct_topic_type_and_version()
    {
        Assert.Equal(IngestContracts.All.Count, IngestContracts.All.Select(c => (c.Topic, c.Type, c.Version)).Distinct().Count());
    }
}
