using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>Block strings (spec 2.9.4): the dedent algorithm and printing values back as block strings.</summary>
public class BlockStringTests
{
    [Fact]
    public void BlockStringValue_removes_common_indentation_but_not_of_the_first_line()
    {
        Assert.Equal(["first", "second", "  third"], BlockString.DedentBlockStringLines(["first", "    second", "      third"]));
    }

    [Fact]
    public void BlockStringValue_removes_leading_and_trailing_blank_lines()
    {
        Assert.Equal(["Hello,", "  World!", "", "Yours,", "  GraphQL."],
            BlockString.DedentBlockStringLines(["", "    Hello,", "      World!", "", "    Yours,", "      GraphQL.", "  ", ""]));
    }

    [Fact]
    public void BlockStringValue_ignores_whitespace_only_lines_for_the_common_indentation()
    {
        Assert.Equal(["a", "", "b"], BlockString.DedentBlockStringLines(["", "  a", " ", "  b"]));
    }

    [Fact]
    public void BlockStringValue_counts_tabs_as_indentation()
    {
        Assert.Equal(["a", "\tb"], BlockString.DedentBlockStringLines(["", "\ta", "\t\tb"]));
    }

    [Fact]
    public void BlockStringValue_of_only_whitespace_is_empty()
    {
        Assert.Empty(BlockString.DedentBlockStringLines(["  ", "", "\t"]));
        Assert.Equal("", BlockString.DedentBlockStringValue("   \n  \r\n "));
    }

    [Theory]
    [InlineData("", "\"\"\"\"\"\"", "\"\"\"\"\"\"", true)]
    [InlineData("simple", "\"\"\"simple\"\"\"", "\"\"\"simple\"\"\"", true)]
    [InlineData(" leading space", "\"\"\" leading space\"\"\"", "\"\"\" leading space\"\"\"", true)]
    [InlineData("trailing space ", "\"\"\"trailing space \"\"\"", "\"\"\"trailing space \"\"\"", true)]
    [InlineData("two\nlines", "\"\"\"\ntwo\nlines\n\"\"\"", "\"\"\"two\nlines\"\"\"", true)]
    [InlineData("has \"\"\" triple", "\"\"\"has \\\"\"\" triple\"\"\"", "\"\"\"has \\\"\"\" triple\"\"\"", true)]
    [InlineData("ends with \"", "\"\"\"\nends with \"\n\"\"\"", "\"\"\"ends with \"\n\"\"\"", true)]
    [InlineData("ends with \\", "\"\"\"\nends with \\\n\"\"\"", "\"\"\"ends with \\\n\"\"\"", true)]
    [InlineData("\n  starts with newline", "\"\"\"\n\n  starts with newline\n\"\"\"", "\"\"\"\n\n  starts with newline\"\"\"", false)]
    [InlineData("  indented\n  both", "\"\"\"\n  indented\n  both\n\"\"\"", "\"\"\"\n  indented\n  both\"\"\"", false)]
    [InlineData("a\n  b", "\"\"\"\na\n  b\n\"\"\"", "\"\"\"\na\n  b\"\"\"", true)]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\"\"\"\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\"\"\"", "\"\"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\"\"", true)]
    [InlineData("ends with triple \"\"\"", "\"\"\"\nends with triple \\\"\"\"\n\"\"\"", "\"\"\"ends with triple \\\"\"\"\"\"\"", true)]
    [InlineData("line\n", "\"\"\"\nline\n\n\"\"\"", "\"\"\"\nline\n\"\"\"", false)]
    [InlineData("\ttab", "\"\"\"\ttab\"\"\"", "\"\"\"\ttab\"\"\"", true)]
    [InlineData("a\r\nb", "\"\"\"\na\r\nb\n\"\"\"", "\"\"\"a\r\nb\"\"\"", false)]
    [InlineData("control \u0001", "\"\"\"control \u0001\"\"\"", "\"\"\"control \u0001\"\"\"", false)]
    public void PrintBlockString_matches_graphql_js(string value, string printed, string minimized, bool printable)
    {
        Assert.Equal(printed, BlockString.PrintBlockString(value));
        Assert.Equal(minimized, BlockString.PrintBlockString(value, minimize: true));
        Assert.Equal(printable, BlockString.IsPrintableAsBlockString(value));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("two\nlines")]
    [InlineData("has \"\"\" triple")]
    [InlineData("ends with \"")]
    [InlineData("ends with \\")]
    [InlineData("a\n  b")]
    public void Printable_block_strings_lex_back_to_the_same_value(string value)
    {
        Assert.True(BlockString.IsPrintableAsBlockString(value));
        var token = new Lexer(new Source(BlockString.PrintBlockString(value))).Advance();
        Assert.Equal(value, token.Value);
    }
}
