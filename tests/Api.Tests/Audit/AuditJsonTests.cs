using System.Text.Json;
using Es.Api.Audit;
using Es.Domain;

namespace Es.Api.Tests.Audit;

/// <summary>The audit's time travel answers with any aggregate's state as JSON: every decider's state must serialise.</summary>
public sealed class AuditJsonTests
{
    public static TheoryData<string> Aggregates() => [.. Deciders.All.Select(d => d.Initial.GetType().Name)];

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void Every_aggregates_state_serialises_to_a_JSON_object(string stateType)
    {
        var decider = Deciders.All.Single(d => d.Initial.GetType().Name == stateType);
        var json = AuditReads.ToJson(decider.Initial);
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
    }

    [Fact]
    public void A_state_reads_in_camel_case_with_enums_by_name()
    {
        var json = AuditReads.ToJson(new MemberState { Handle = "kim", Verification = VerificationStatus.Pending });
        Assert.Equal("kim", json.GetProperty("handle").GetString());
        Assert.Equal("Pending", json.GetProperty("verification").GetString());
    }
}
