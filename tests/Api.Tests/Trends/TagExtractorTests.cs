using Es.Projections.Trends;

namespace Es.Api.Tests.Trends;

public sealed class TagExtractorTests
{
    [Fact]
    public void A_hashtag_and_the_same_explicit_tag_count_once_in_lower_case()
    {
        Assert.Equal(["walking"], TagExtractor.Extract("Morning #Walking", "#walking again, #WALKING!", ["walking"]));
    }

    [Fact]
    public void A_ticker_keeps_its_dollar_sign_in_lower_case()
    {
        Assert.Equal(["$tsla", "$aapl"], TagExtractor.Extract("$TSLA, $aapl's and ($TSLA)", "", []));
    }

    [Fact]
    public void Trailing_punctuation_ends_a_tag_and_inner_hyphens_and_underscores_stay()
    {
        Assert.Equal(["yoga", "mental-health", "slow_jog", "걷기"], TagExtractor.Extract("#yoga. #mental-health! #slow_jog- (#걷기)", "\"#yoga\"", []));
    }

    [Theory]
    [InlineData("C# and F# are languages")]
    [InlineData("How I F@#ked up")]
    [InlineData("It costs US$5 or $100")]
    [InlineData("Set $GOPATH and $AAPL2 and $A_B")]
    [InlineData("Issue #1 and #2024")]
    [InlineData("mail@#home")]
    public void What_is_not_a_tag(string text)
    {
        Assert.Empty(TagExtractor.Extract(text, text, []));
    }
}
