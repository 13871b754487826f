using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>Parser entry points, options and limits; the grammar itself is covered by <see cref="ParserCorpusTests"/>.</summary>
public class ParserTests
{
    private static GraphQLError SyntaxErrorOf(Action parse) => Assert.Throws<GraphQLError>(parse);

    [Fact]
    public void Parse_reports_syntax_errors_as_GraphQLError_with_message_and_location_spec_2()
    {
        var error = SyntaxErrorOf(() => Parser.Parse("{"));
        Assert.Equal("Syntax Error: Expected Name, found <EOF>.", error.Message);
        Assert.Equal([new SourceLocation(1, 2)], error.Locations);
    }

    [Fact]
    public void Parse_locates_errors_on_later_lines()
    {
        var error = SyntaxErrorOf(() => Parser.Parse("{ field\n  other(\n    arg: 1\n  ) ~ }"));
        Assert.Equal("Syntax Error: Unexpected character: \"~\".", error.Message);
        Assert.Equal([new SourceLocation(4, 5)], error.Locations);
    }

    [Fact]
    public void Parse_gives_every_node_its_source_offsets()
    {
        var source = new Source("query Q {\n  a: b(x: 1)\n}");
        var document = Parser.Parse(source);
        var operation = Assert.IsType<OperationDefinitionNode>(document.Definitions[0]);
        var field = Assert.IsType<FieldNode>(operation.SelectionSet.Selections[0]);
        Assert.Equal(new Location(12, 22, source), field.Location);
        Assert.Equal(new SourceLocation(2, 3), field.Location!.Value.StartLocation);
        Assert.Equal(new SourceLocation(2, 11), field.Arguments[0].Value.Location!.Value.StartLocation);
        Assert.Equal(new Location(0, source.Body.Length, source), document.Location);
    }

    [Fact]
    public void Parse_with_NoLocation_records_no_locations()
    {
        var document = Parser.Parse("{ a(x: [1]) }", new ParseOptions { NoLocation = true });
        var field = (FieldNode)((OperationDefinitionNode)document.Definitions[0]).SelectionSet.Selections[0];
        Assert.Null(document.Location);
        Assert.Null(field.Location);
        Assert.Null(field.Arguments[0].Value.Location);
    }

    [Fact]
    public void Parse_counts_tokens_like_graphql_js()
    {
        Assert.Equal(3, Parser.Parse("{ a }").TokenCount);
    }

    [Fact]
    public void Parse_with_MaxTokens_aborts_past_the_limit()
    {
        Parser.Parse("{ a }", new ParseOptions { MaxTokens = 3 });
        var error = SyntaxErrorOf(() => Parser.Parse("{ a b c }", new ParseOptions { MaxTokens = 3 }));
        Assert.Equal("Syntax Error: Document contains more than 3 tokens. Parsing aborted.", error.Message);
        Assert.Equal([new SourceLocation(1, 7)], error.Locations);
    }

    [Fact]
    public void Parse_with_MaxSourceLength_rejects_longer_sources()
    {
        var error = SyntaxErrorOf(() => Parser.Parse("{ a }", new ParseOptions { MaxSourceLength = 3 }));
        Assert.Equal("Syntax Error: Source contains more than 3 UTF-16 code units. Parsing aborted.", error.Message);
        Assert.Equal([new SourceLocation(1, 4)], error.Locations);
    }

    [Fact]
    public void Parse_accepts_empty_selection_sets_like_graphql_js_17_unless_told_not_to()
    {
        var document = Parser.Parse("{ a { } }");
        Assert.Equal("{\n  a {}\n}", Printer.Print(document));
        var error = SyntaxErrorOf(() => Parser.Parse("{ a { } }", new ParseOptions { AllowEmptySelectionSets = false }));
        Assert.Equal("Syntax Error: Expected Name, found \"}\".", error.Message);
    }

    [Theory]
    [InlineData("{ a ", " }", "{ a ", " }")]
    [InlineData("{ a(x: ", ") }", "[", "]")]
    [InlineData("{ a(x: ", ") }", "{b: ", "}")]
    [InlineData("query Q($v: ", ") { a }", "[", "]")]
    [InlineData("", "", "{ a ", "}")]
    public void Parse_rejects_nesting_deeper_than_MaxDepth_with_a_syntax_error(string prefix, string suffix, string open, string close)
    {
        string Nest(int depth) => prefix + string.Concat(Enumerable.Repeat(open, depth)) + (open == "[" && prefix.StartsWith("query") ? "Int" : open == "[" || open == "{b: " ? "1" : "") + string.Concat(Enumerable.Repeat(close, depth)) + suffix;
        var options = new ParseOptions { MaxDepth = 10 };
        Parser.Parse(Nest(9), options);
        var error = SyntaxErrorOf(() => Parser.Parse(Nest(11), options));
        Assert.Equal("Syntax Error: Document exceeds the maximum nesting depth of 10. Parsing aborted.", error.Message);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Parse_of_100000_unclosed_brackets_is_a_syntax_error_not_a_stack_overflow(char open)
    {
        var body = "{ a(x: " + new string(open, 100_000);
        var error = SyntaxErrorOf(() => Parser.Parse(body));
        Assert.StartsWith("Syntax Error: ", error.Message);
        var selections = SyntaxErrorOf(() => Parser.Parse(string.Concat(Enumerable.Repeat("{ a ", 100_000))));
        Assert.Equal("Syntax Error: Document exceeds the maximum nesting depth of 256. Parsing aborted.", selections.Message);
    }

    [Fact]
    public void Parse_allows_the_default_depth_of_256()
    {
        var body = string.Concat(Enumerable.Repeat("{ a ", 256)) + new string('}', 256);
        Parser.Parse(body);
    }

    [Fact]
    public void ParseValue_parses_values_with_variables_spec_2_9()
    {
        var list = Assert.IsType<ListValueNode>(Parser.ParseValue("[123 \"abc\" $var]"));
        Assert.Equal("[123, \"abc\", $var]", Printer.Print(list));
        Assert.IsType<VariableNode>(list.Values[2]);
    }

    [Fact]
    public void ParseValue_parses_block_strings()
    {
        var value = Assert.IsType<StringValueNode>(Parser.ParseValue("[\"\"\"long\"\"\" \"short\"]".Substring(1, 10)));
        Assert.True(value.Block);
        Assert.Equal("long", value.Value);
    }

    [Fact]
    public void ParseValue_rejects_trailing_tokens()
    {
        var error = SyntaxErrorOf(() => Parser.ParseValue("1 2"));
        Assert.Equal("Syntax Error: Expected <EOF>, found Int \"2\".", error.Message);
    }

    [Fact]
    public void ParseConstValue_rejects_variables_spec_2_9()
    {
        Assert.Equal("{a: [1]}", Printer.Print(Parser.ParseConstValue("{a: [1]}")).Replace("{ ", "{").Replace(" }", "}"));
        var error = SyntaxErrorOf(() => Parser.ParseConstValue("[1, $a]"));
        Assert.Equal("Syntax Error: Unexpected variable \"$a\" in constant value.", error.Message);
        Assert.Equal([new SourceLocation(1, 5)], error.Locations);
    }

    [Fact]
    public void ParseType_parses_wrapped_types_spec_2_11()
    {
        var type = Assert.IsType<NonNullTypeNode>(Parser.ParseType("[String!]!"));
        var list = Assert.IsType<ListTypeNode>(type.Type);
        var inner = Assert.IsType<NonNullTypeNode>(list.Type);
        Assert.Equal("String", Assert.IsType<NamedTypeNode>(inner.Type).Name.Value);
        var error = SyntaxErrorOf(() => Parser.ParseType("[String!]! extra"));
        Assert.Equal("Syntax Error: Expected <EOF>, found Name \"extra\".", error.Message);
    }

    [Theory]
    [InlineData("Name", NodeKind.TypeCoordinate)]
    [InlineData("Name.field", NodeKind.MemberCoordinate)]
    [InlineData("Name.field(arg:)", NodeKind.ArgumentCoordinate)]
    [InlineData("@dir", NodeKind.DirectiveCoordinate)]
    [InlineData("@dir(arg:)", NodeKind.DirectiveArgumentCoordinate)]
    public void ParseSchemaCoordinate_parses_every_form_spec_3_14(string body, NodeKind kind)
    {
        var coordinate = Parser.ParseSchemaCoordinate(body);
        Assert.Equal(kind, coordinate.Kind);
        Assert.Equal(body, Printer.Print(coordinate));
    }

    [Theory]
    [InlineData("Name.", "Expected Name, found <EOF>.", 6)]
    [InlineData("Name .field", "Invalid character: \" \".", 5)]
    [InlineData("@dir.field", "Expected <EOF>, found \".\".", 5)]
    [InlineData("Name(arg:)", "Expected <EOF>, found \"(\".", 5)]
    [InlineData("Name.field(arg)", "Expected \":\", found \")\".", 15)]
    [InlineData("Name.field(arg:", "Expected \")\", found <EOF>.", 16)]
    [InlineData("1Name", "Invalid character: \"1\".", 1)]
    public void ParseSchemaCoordinate_rejects_malformed_coordinates_spec_3_14(string body, string message, int column)
    {
        var error = SyntaxErrorOf(() => Parser.ParseSchemaCoordinate(body));
        Assert.Equal("Syntax Error: " + message, error.Message);
        Assert.Equal(column, error.Locations[0].Column);
    }

    [Fact]
    public void Parse_accepts_descriptions_on_operations_fragments_and_variables()
    {
        var document = Parser.Parse("\"op\" query Q(\"var\" $a: Int) { a } \"\"\"frag\"\"\" fragment F on T { a }");
        var operation = (OperationDefinitionNode)document.Definitions[0];
        Assert.Equal("op", operation.Description!.Value);
        Assert.Equal("var", operation.VariableDefinitions[0].Description!.Value);
        Assert.Equal("frag", ((FragmentDefinitionNode)document.Definitions[1]).Description!.Value);
    }

    [Fact]
    public void Parse_keeps_number_literals_as_written_for_coercion_to_judge()
    {
        var value = Parser.ParseValue("123456789012345678901234567890");
        Assert.Equal("123456789012345678901234567890", Assert.IsType<IntValueNode>(value).Value);
    }

    [Fact]
    public void Source_name_and_offset_are_kept()
    {
        var source = new Source("{ a }", "query.graphql", new SourceLocation(3, 5));
        Assert.Equal("query.graphql", source.Name);
        Assert.Equal(new SourceLocation(3, 5), source.LocationOffset);
        Assert.Throws<ArgumentException>(() => new Source("", "x", new SourceLocation(0, 1)));
    }
}
