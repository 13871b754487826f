using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>The default resolver (graphql-js defaultFieldResolver) for fields declared without one.</summary>
public class DefaultFieldResolverTests
{
    private sealed record Member(string Name, DateTimeOffset CreatedAt)
    {
        public int Visits = 3;
    }

    [Fact]
    public void Reads_the_property_of_the_same_name_ignoring_case()
    {
        var member = new Member("Ada", DateTimeOffset.UnixEpoch);

        Assert.Equal("Ada", DefaultFieldResolver.ReadMember(member, "name"));
        Assert.Equal(DateTimeOffset.UnixEpoch, DefaultFieldResolver.ReadMember(member, "createdAt"));
        Assert.Equal(3, DefaultFieldResolver.ReadMember(member, "visits"));
        Assert.Null(DefaultFieldResolver.ReadMember(member, "missing"));
    }

    [Fact]
    public void Reads_dictionary_entries_and_json_properties()
    {
        Assert.Equal(1, DefaultFieldResolver.ReadMember(new Dictionary<string, object?> { ["a"] = 1 }, "a"));
        var json = (JsonElement)DefaultFieldResolver.ReadMember(JsonDocument.Parse("""{"a": "x"}""").RootElement, "a")!;
        Assert.Equal("x", json.GetString());
    }

    [Fact]
    public void A_null_parent_resolves_to_null() => Assert.Null(DefaultFieldResolver.ReadMember(null, "a"));
}

public class DefaultFieldResolverAmbiguityTests
{
    private sealed class Both
    {
        public string Id => "lower";
        public string ID => "upper";
    }

    [Fact]
    public void An_exact_name_wins_and_case_insensitive_matches_do_not_throw_when_ambiguous()
    {
        Assert.Equal("upper", DefaultFieldResolver.ReadMember(new Both(), "ID"));
        Assert.Equal("lower", DefaultFieldResolver.ReadMember(new Both(), "id"));
    }
}
