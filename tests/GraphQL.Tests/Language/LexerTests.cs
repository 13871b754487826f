using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>The lexical grammar (spec 2.1).</summary>
public class LexerTests
{
    private static Token LexOne(string body)
    {
        var lexer = new Lexer(new Source(body));
        return lexer.Advance();
    }

    private static List<Token> LexAll(string body)
    {
        var lexer = new Lexer(new Source(body));
        var tokens = new List<Token>();
        for (var token = lexer.Advance(); token.Kind != TokenKind.EOF; token = lexer.Advance()) tokens.Add(token);
        return tokens;
    }

    private static GraphQLError LexError(string body) => Assert.Throws<GraphQLError>(() => LexAll(body));

    [Fact]
    public void Lexer_skips_unicode_BOM_spec_2_1_1()
    {
        Assert.Equal(new Token(TokenKind.Name, 2, 5, 1, 3, "foo"), LexOne("\uFEFF foo"));
    }

    [Fact]
    public void Lexer_tracks_line_and_column_across_every_line_terminator_spec_2_1_2()
    {
        var tokens = LexAll("a\nb\r\nc\rd\n\n  e");
        Assert.Equal([(1, 1), (2, 1), (3, 1), (4, 1), (6, 3)], tokens.Select(t => (t.Line, t.Column)));
    }

    [Fact]
    public void Lexer_skips_whitespace_commas_and_comments_spec_2_1_3_to_2_1_5()
    {
        var token = LexOne("\n\n    # comment\n  ,,, \t foo  ,,");
        Assert.Equal(new Token(TokenKind.Name, 24, 27, 4, 9, "foo"), token);
    }

    [Fact]
    public void Lexer_can_return_comments_to_tools_that_ask_for_them_spec_2_1_4()
    {
        var lexer = new Lexer(new Source("# hello\nfoo"));
        var comment = lexer.AdvanceIncludingComments();
        Assert.Equal(TokenKind.Comment, comment.Kind);
        Assert.Equal(" hello", comment.Value);
    }

    [Theory]
    [InlineData("!", TokenKind.Bang)]
    [InlineData("$", TokenKind.Dollar)]
    [InlineData("&", TokenKind.Amp)]
    [InlineData("(", TokenKind.ParenL)]
    [InlineData(")", TokenKind.ParenR)]
    [InlineData("...", TokenKind.Spread)]
    [InlineData(":", TokenKind.Colon)]
    [InlineData("=", TokenKind.Equals)]
    [InlineData("@", TokenKind.At)]
    [InlineData("[", TokenKind.BracketL)]
    [InlineData("]", TokenKind.BracketR)]
    [InlineData("{", TokenKind.BraceL)]
    [InlineData("|", TokenKind.Pipe)]
    [InlineData("}", TokenKind.BraceR)]
    public void Lexer_reads_every_punctuator_spec_2_1_8(string body, TokenKind kind)
    {
        var token = LexOne(body);
        Assert.Equal(kind, token.Kind);
        Assert.Equal(body.Length, token.End);
        Assert.Null(token.Value);
    }

    [Theory]
    [InlineData("_", "_")]
    [InlineData("a1_B2", "a1_B2")]
    [InlineData("__typename rest", "__typename")]
    public void Lexer_reads_names_spec_2_1_9(string body, string value)
    {
        Assert.Equal(new Token(TokenKind.Name, 0, value.Length, 1, 1, value), LexOne(body));
    }

    [Theory]
    [InlineData("4", TokenKind.Int)]
    [InlineData("-4", TokenKind.Int)]
    [InlineData("0", TokenKind.Int)]
    [InlineData("-0", TokenKind.Int)]
    [InlineData("9007199254740993", TokenKind.Int)]
    [InlineData("4.123", TokenKind.Float)]
    [InlineData("-4.123", TokenKind.Float)]
    [InlineData("0.123", TokenKind.Float)]
    [InlineData("123e4", TokenKind.Float)]
    [InlineData("123E4", TokenKind.Float)]
    [InlineData("123e-4", TokenKind.Float)]
    [InlineData("123e+4", TokenKind.Float)]
    [InlineData("-1.123e4", TokenKind.Float)]
    [InlineData("-1.123E-4", TokenKind.Float)]
    [InlineData("-1.123e+4567", TokenKind.Float)]
    public void Lexer_reads_int_and_float_literals_as_written_spec_2_9_1_and_2_9_2(string body, TokenKind kind)
    {
        var token = LexOne(body);
        Assert.Equal(kind, token.Kind);
        Assert.Equal(body, token.Value);
    }

    [Theory]
    [InlineData("00", "Invalid number, unexpected digit after 0: \"0\".", 2)]
    [InlineData("01", "Invalid number, unexpected digit after 0: \"1\".", 2)]
    [InlineData("+1", "Unexpected character: \"+\".", 1)]
    [InlineData("1.", "Invalid number, expected digit but got: <EOF>.", 3)]
    [InlineData("1e", "Invalid number, expected digit but got: <EOF>.", 3)]
    [InlineData(".123", "Invalid number, expected digit before \".\", did you mean \"0.123\"?", 1)]
    [InlineData("1.A", "Invalid number, expected digit but got: \"A\".", 3)]
    [InlineData("-A", "Invalid number, expected digit but got: \"A\".", 2)]
    [InlineData("1.0e", "Invalid number, expected digit but got: <EOF>.", 5)]
    [InlineData("1.0eA", "Invalid number, expected digit but got: \"A\".", 5)]
    [InlineData("1.2e3e", "Invalid number, expected digit but got: \"e\".", 6)]
    [InlineData("1.2e3.4", "Invalid number, expected digit but got: \".\".", 6)]
    [InlineData("1.23.4", "Invalid number, expected digit but got: \".\".", 5)]
    [InlineData("0xF1", "Invalid number, expected digit but got: \"x\".", 2)]
    [InlineData("1_234", "Invalid number, expected digit but got: \"_\".", 2)]
    [InlineData("1\u00DF", "Unexpected character: U+00DF.", 2)]
    public void Lexer_rejects_malformed_numbers_with_graphql_js_messages_spec_2_9_1(string body, string message, int column)
    {
        var error = LexError(body);
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"simple\"", "simple")]
    [InlineData("\" white space \"", " white space ")]
    [InlineData("\"quote \\\"\"", "quote \"")]
    [InlineData("\"escaped \\n\\r\\b\\t\\f\"", "escaped \n\r\b\t\f")]
    [InlineData("\"slashes \\\\ \\/\"", "slashes \\ /")]
    [InlineData("\"unescaped unicode outside BMP \U0001F600\"", "unescaped unicode outside BMP \U0001F600")]
    [InlineData("\"unicode \\u1234\\u5678\\u90AB\\uCDEF\"", "unicode \u1234\u5678\u90AB\uCDEF")]
    [InlineData("\"unicode \\u{1234}\\u{5678}\\u{90AB}\\u{CDEF}\"", "unicode \u1234\u5678\u90AB\uCDEF")]
    [InlineData("\"string with unicode escape outside BMP \\u{1F600}\"", "string with unicode escape outside BMP \U0001F600")]
    [InlineData("\"string with minimal unicode escape \\u{0}\"", "string with minimal unicode escape \u0000")]
    [InlineData("\"string with maximal unicode escape \\u{10FFFF}\"", "string with maximal unicode escape \U0010FFFF")]
    [InlineData("\"string with maximal minimal unicode escape \\u{00000000}\"", "string with maximal minimal unicode escape \u0000")]
    [InlineData("\"string with unicode surrogate pair escape \\uD83D\\uDE00\"", "string with unicode surrogate pair escape \U0001F600")]
    [InlineData("\"string with unicode surrogate pair escape \\uDBFF\\uDFFF\"", "string with unicode surrogate pair escape \U0010FFFF")]
    public void Lexer_reads_and_unescapes_strings_spec_2_9_4(string body, string value)
    {
        var token = LexOne(body);
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal(value, token.Value);
        Assert.Equal(body.Length, token.End);
    }

    [Theory]
    [InlineData("\"", "Unterminated string.", 2)]
    [InlineData("\"\"\"", "Unterminated string.", 4)]
    [InlineData("\"no end quote", "Unterminated string.", 14)]
    [InlineData("'single quotes'", "Unexpected single quote character ('), did you mean to use a double quote (\")?", 1)]
    [InlineData("\"multi\nline\"", "Unterminated string.", 7)]
    [InlineData("\"multi\rline\"", "Unterminated string.", 7)]
    [InlineData("\"bad \\z esc\"", "Invalid character escape sequence: \"\\z\".", 6)]
    [InlineData("\"bad \\x esc\"", "Invalid character escape sequence: \"\\x\".", 6)]
    [InlineData("\"bad \\u1 esc\"", "Invalid Unicode escape sequence: \"\\u1 es\".", 6)]
    [InlineData("\"bad \\u0XX1 esc\"", "Invalid Unicode escape sequence: \"\\u0XX1\".", 6)]
    [InlineData("\"bad \\uXXXX esc\"", "Invalid Unicode escape sequence: \"\\uXXXX\".", 6)]
    [InlineData("\"bad \\uFXXX esc\"", "Invalid Unicode escape sequence: \"\\uFXXX\".", 6)]
    [InlineData("\"bad \\uXXXF esc\"", "Invalid Unicode escape sequence: \"\\uXXXF\".", 6)]
    [InlineData("\"bad \\u{} esc\"", "Invalid Unicode escape sequence: \"\\u{}\".", 6)]
    [InlineData("\"bad \\u{FXXX} esc\"", "Invalid Unicode escape sequence: \"\\u{FX\".", 6)]
    [InlineData("\"bad \\u{FFFF esc\"", "Invalid Unicode escape sequence: \"\\u{FFFF \".", 6)]
    [InlineData("\"bad \\u{FFFF\"", "Invalid Unicode escape sequence: \"\\u{FFFF\"\".", 6)]
    [InlineData("\"too high \\u{110000}\"", "Invalid Unicode escape sequence: \"\\u{110000}\".", 11)]
    [InlineData("\"way too high \\u{12345678}\"", "Invalid Unicode escape sequence: \"\\u{12345678}\".", 15)]
    [InlineData("\"too long \\u{000000000}\"", "Invalid Unicode escape sequence: \"\\u{000000000\".", 11)]
    [InlineData("\"bad surrogate \\uDEAD\"", "Invalid Unicode escape sequence: \"\\uDEAD\".", 16)]
    [InlineData("\"bad surrogate \\u{DEAD}\"", "Invalid Unicode escape sequence: \"\\u{DEAD}\".", 16)]
    [InlineData("\"cannot use braces for surrogate pair \\u{D83D}\\u{DE00}\"", "Invalid Unicode escape sequence: \"\\u{D83D}\".", 39)]
    [InlineData("\"bad high surrogate pair \\uDEAD\\uDEAD\"", "Invalid Unicode escape sequence: \"\\uDEAD\".", 26)]
    [InlineData("\"bad low surrogate pair \\uD800\\uD800\"", "Invalid Unicode escape sequence: \"\\uD800\".", 25)]
    [InlineData("\"cannot escape half a pair \\uD83D\uDE00 esc\"", "Invalid Unicode escape sequence: \"\\uD83D\".", 28)]
    [InlineData("\"bad \\uD83D\\not an escape\"", "Invalid Unicode escape sequence: \"\\uD83D\".", 6)]
    public void Lexer_rejects_invalid_strings_and_escapes_with_graphql_js_messages_spec_2_9_4(string body, string message, int column)
    {
        var error = LexError(body);
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }

    [Theory]
    [InlineData("\"\"\"\"\"\"", "")]
    [InlineData("\"\"\"simple\"\"\"", "simple")]
    [InlineData("\"\"\" white space \"\"\"", " white space ")]
    [InlineData("\"\"\"contains \" quote\"\"\"", "contains \" quote")]
    [InlineData("\"\"\"contains \\\"\"\" triple quote\"\"\"", "contains \"\"\" triple quote")]
    [InlineData("\"\"\"multi\nline\"\"\"", "multi\nline")]
    [InlineData("\"\"\"multi\rline\r\nnormalized\"\"\"", "multi\nline\nnormalized")]
    [InlineData("\"\"\"unescaped \\n\\r\\b\\t\\f\\u1234\"\"\"", "unescaped \\n\\r\\b\\t\\f\\u1234")]
    [InlineData("\"\"\"unescaped unicode outside BMP \U0001F600\"\"\"", "unescaped unicode outside BMP \U0001F600")]
    [InlineData("\"\"\"slashes \\\\ \\/\"\"\"", "slashes \\\\ \\/")]
    [InlineData("\"\"\"\n\n        spans\n          multiple\n            lines\n\n        \"\"\"", "spans\n  multiple\n    lines")]
    public void Lexer_reads_block_strings_raw_spec_2_9_4(string body, string value)
    {
        var token = LexOne(body);
        Assert.Equal(TokenKind.BlockString, token.Kind);
        Assert.Equal(value, token.Value);
    }

    [Fact]
    public void Lexer_block_string_dedents_common_indentation_spec_2_9_4()
    {
        var token = LexOne("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"");
        Assert.Equal("Hello,\n  World!\n\nYours,\n  GraphQL.", token.Value);
    }

    [Fact]
    public void Lexer_block_string_keeps_line_count_for_later_tokens_spec_2_9_4()
    {
        var tokens = LexAll("\"\"\"\n\n  a\n\"\"\" b\n  c");
        Assert.Equal((1, 1), (tokens[0].Line, tokens[0].Column));
        Assert.Equal((4, 5), (tokens[1].Line, tokens[1].Column));
        Assert.Equal((5, 3), (tokens[2].Line, tokens[2].Column));
    }

    [Theory]
    [InlineData("\"\"\"", "Unterminated string.", 4)]
    [InlineData("\"\"\"no end quote", "Unterminated string.", 16)]
    public void Lexer_rejects_invalid_block_strings_spec_2_9_4(string body, string message, int column)
    {
        var error = LexError(body);
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }

    [Theory]
    [InlineData("..", "Unexpected \"..\", did you mean \"...\"?", 1)]
    [InlineData(".", "Unexpected character: \".\".", 1)]
    [InlineData("~", "Unexpected character: \"~\".", 1)]
    [InlineData("\u0007", "Unexpected character: U+0007.", 1)]
    [InlineData("\u0000", "Unexpected character: U+0000.", 1)]
    [InlineData("\u00AA", "Unexpected character: U+00AA.", 1)]
    [InlineData("\u0203", "Unexpected character: U+0203.", 1)]
    [InlineData("\U0001F600", "Unexpected character: U+1F600.", 1)]
    [InlineData("\uDBFF\uDFFF", "Unexpected character: U+10FFFF.", 1)]
    [InlineData("\"", "Unterminated string.", 2)]
    [InlineData("?", "Unexpected character: \"?\".", 1)]
    public void Lexer_rejects_characters_outside_the_grammar_spec_2_1(string body, string message, int column)
    {
        var error = LexError(body);
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }

    [Fact]
    public void Lexer_reports_error_locations_on_later_lines_spec_2_1_2()
    {
        var error = LexError("\n\n     ~\n");
        Assert.Equal([new SourceLocation(3, 6)], error.Locations);
    }

    [Fact]
    public void Lexer_lookahead_does_not_move_the_current_token()
    {
        var lexer = new Lexer(new Source("a\n# c\nb c"));
        lexer.Advance();
        var peeked = lexer.Lookahead();
        Assert.Equal("a", lexer.Token.Value);
        Assert.Equal(peeked, lexer.Advance());
        Assert.Equal((3, 1), (peeked.Line, peeked.Column));
        Assert.Equal((3, 3), (lexer.Advance().Line, lexer.Token.Column));
    }

    [Fact]
    public void Lexer_stays_at_EOF_once_reached()
    {
        var lexer = new Lexer(new Source("a"));
        lexer.Advance();
        Assert.Equal(TokenKind.EOF, lexer.Advance().Kind);
        Assert.Equal(TokenKind.EOF, lexer.Advance().Kind);
        Assert.Equal(1, lexer.Token.Start);
    }

    [Fact]
    public void Lexer_limits_comments_when_asked()
    {
        var lexer = new Lexer(new Source("#a\n#b\n#c\nx")) { MaxComments = 2 };
        var error = Assert.Throws<GraphQLError>(() => lexer.Advance());
        Assert.Equal("Syntax Error: Document contains more than 2 comments. Parsing aborted.", error.Message);
    }

    [Fact]
    public void Lexer_accepts_control_characters_inside_strings_as_graphql_js_17_does_spec_2_9_4()
    {
        Assert.Equal("bad chars \u0007", LexOne("\"bad chars \u0007\"").Value);
        Assert.Equal("null \u0000 byte", LexOne("\"null \u0000 byte\"").Value);
        Assert.Equal("bad \u0007", LexOne("\"\"\"bad \u0007\"\"\"").Value);
    }

    // Lone surrogates cannot live in attribute arguments (metadata stores them as U+FFFD), so these are built here.
    private static readonly (string Body, string Message, int Column)[] LoneSurrogates =
    [
        ("\"cannot escape half a pair " + (char)0xD83D + "\\uDE00 esc\"", "Invalid character within String: U+D83D.", 28 ),
        ("\"\"\"contains invalid surrogate " + (char)0xDEAD + "\"\"\"", "Invalid character within String: U+DEAD.", 31 ),
        (((char)0xD800).ToString(), "Invalid character: U+D800.", 1 ),
        (((char)0xDEAD).ToString(), "Invalid character: U+DEAD.", 1 ),
        ("a " + (char)0xDC00 + (char)0xD800, "Invalid character: U+DC00.", 3 ),
        ("# comment " + (char)0xD800 + "\n~", "Invalid character: U+D800.", 11 ),
    ];

    // xunit serializes theory arguments and would turn lone surrogates into U+FFFD, so pass indices.
    public static TheoryData<int> LoneSurrogateCases() => new(Enumerable.Range(0, LoneSurrogates.Length));

    [Theory]
    [MemberData(nameof(LoneSurrogateCases))]
    public void Lexer_rejects_lone_surrogates_as_invalid_characters_spec_2_1_1(int index)
    {
        var (body, message, column) = LoneSurrogates[index];
        var error = LexError(body);
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }
}
