using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>The printer on hand-built trees and on the layout rules of graphql-js 17's print; documents are covered by <see cref="ParserCorpusTests"/>.</summary>
public class PrinterTests
{
    [Fact]
    public void Print_of_a_hand_built_query_is_canonical()
    {
        var document = new DocumentNode(
        [
            new OperationDefinitionNode(OperationType.Query, new NameNode("Q"),
                [new VariableDefinitionNode(new VariableNode(new NameNode("id")), new NonNullTypeNode(new NamedTypeNode(new NameNode("ID"))))],
                null,
                new SelectionSetNode(
                [
                    new FieldNode(new NameNode("n"), new NameNode("node"), [new ArgumentNode(new NameNode("id"), new VariableNode(new NameNode("id")))],
                        [new DirectiveNode(new NameNode("include"), [new ArgumentNode(new NameNode("if"), new BooleanValueNode(true))])],
                        new SelectionSetNode([new FieldNode(null, new NameNode("id")), new FragmentSpreadNode(new NameNode("F"))])),
                ])),
        ]);
        Assert.Equal("query Q($id: ID!) {\n  n: node(id: $id) @include(if: true) {\n    id\n    ...F\n  }\n}", Printer.Print(document));
    }

    [Fact]
    public void Print_uses_the_shorthand_for_an_anonymous_query_without_variables_or_directives()
    {
        var operation = new OperationDefinitionNode(OperationType.Query, null, null, null, new SelectionSetNode([new FieldNode(null, new NameNode("a"))]));
        Assert.Equal("{\n  a\n}", Printer.Print(operation));
    }

    [Fact]
    public void Print_escapes_strings_like_graphql_js_printString()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\u0001\\u007F\\u0085 é 😀\"", Printer.Print(new StringValueNode("a\"b\\c\n\u0001\u007f\u0085 é 😀")));
    }

    [Fact]
    public void Print_puts_described_arguments_on_their_own_lines()
    {
        Assert.Equal("type T {\n  f(\n    \"\"\"desc\"\"\"\n    a: Int\n  ): Int\n}", Printer.Print(Parser.Parse("type T { f(\"\"\"desc\"\"\" a: Int): Int }")));
    }

    [Fact]
    public void Print_puts_described_variables_on_their_own_lines_without_indentation_like_graphql_js()
    {
        Assert.Equal("query Q(\n\"\"\"desc\"\"\"\n$a: Int\n$b: Int\n) {\n  a\n}", Printer.Print(Parser.Parse("query Q(\"\"\"desc\"\"\" $a: Int, $b: Int) { a }")));
    }

    [Fact]
    public void Print_indents_block_strings_with_their_surroundings()
    {
        Assert.Equal("{\n  a {\n    b(x: \"\"\"\n    multi\n    line\n    \"\"\")\n  }\n}",
            Printer.Print(Parser.Parse("{ a { b(x: \"\"\"\n  multi\n  line\n\"\"\") } }")));
    }

    [Fact]
    public void Print_wraps_arguments_past_80_columns()
    {
        var printed = Printer.Print(Parser.Parse($"{{ f(a: \"{new string('x', 40)}\", b: \"{new string('y', 40)}\") }}"));
        Assert.Equal($"{{\n  f(\n    a: \"{new string('x', 40)}\"\n    b: \"{new string('y', 40)}\"\n  )\n}}", printed);
    }

    [Fact]
    public void Print_of_type_references_wraps_lists_and_non_null()
    {
        Assert.Equal("[[Int!]]!", Printer.Print(Parser.ParseType("[ [ Int ! ] ] !")));
    }

    [Fact]
    public void Print_of_a_value_is_the_value_alone()
    {
        Assert.Equal("{ a: [1, 2.5, \"s\", E, null, true, $v] }", Printer.Print(Parser.ParseValue("{a:[1 2.5 \"s\" E null true $v]}")));
    }

    [Fact]
    public void Node_ToString_prints_the_node()
    {
        Assert.Equal("a: b", Parser.ParseValue("{a: b}") is ObjectValueNode o ? o.Fields[0].ToString() : "");
    }

    // Expected texts are graphql-js 17's print(ast, { maxIndentDepth }) for the same documents.
    public static TheoryData<string, int, string> MaxIndentDepthCases()
    {
        object[][] cases =
        [
            [ "{ a { b { c { d(x: [[1, 2], {k: \"v\"}]) { e } } } } }", 0, "{ a { b { c { d(x: [[1, 2], { k: \"v\" }]) { e } } } } }" ],
            [ "{ a { b { c { d(x: [[1, 2], {k: \"v\"}]) { e } } } } }", 1, "{\n  a { b { c { d(x: [[1, 2], { k: \"v\" }]) { e } } } }\n}" ],
            [ "{ a { b { c { d(x: [[1, 2], {k: \"v\"}]) { e } } } } }", 2, "{\n  a {\n    b { c { d(x: [[1, 2], { k: \"v\" }]) { e } } }\n  }\n}" ],
            [ "{ a { b { c { d(x: [[1, 2], {k: \"v\"}]) { e } } } } }", 3, "{\n  a {\n    b {\n      c { d(x: [[1, 2], { k: \"v\" }]) { e } }\n    }\n  }\n}" ],
            [ "{ a { b { c { d(x: [[1, 2], {k: \"v\"}]) { e } } } } }", 5, "{\n  a {\n    b {\n      c {\n        d(x: [[1, 2], { k: \"v\" }]) {\n          e\n        }\n      }\n    }\n  }\n}" ],
            [ "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"line1\nline2\"\"\") { d } } } }", 0, "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"\nline1\nline2\n\"\"\") { d } } } }" ],
            [ "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"line1\nline2\"\"\") { d } } } }", 1, "query Q($v: [Int] = [1, 2]) {\n  a { b { c(x: \"\"\"\n  line1\n  line2\n  \"\"\") { d } } }\n}" ],
            [ "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"line1\nline2\"\"\") { d } } } }", 2, "query Q($v: [Int] = [1, 2]) {\n  a {\n    b { c(x: \"\"\"\n    line1\n    line2\n    \"\"\") { d } }\n  }\n}" ],
            [ "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"line1\nline2\"\"\") { d } } } }", 3, "query Q($v: [Int] = [1, 2]) {\n  a {\n    b {\n      c(x: \"\"\"\n      line1\n      line2\n      \"\"\") { d }\n    }\n  }\n}" ],
            [ "query Q($v: [Int] = [1, 2]) { a { b { c(x: \"\"\"line1\nline2\"\"\") { d } } } }", 5, "query Q($v: [Int] = [1, 2]) {\n  a {\n    b {\n      c(x: \"\"\"\n      line1\n      line2\n      \"\"\") {\n        d\n      }\n    }\n  }\n}" ],
            [ "type T { f(a: Int, \"desc\" b: Int): Int } { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }", 0, "type T { f( a: Int \"desc\" b: Int ): Int }  { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }" ],
            [ "type T { f(a: Int, \"desc\" b: Int): Int } { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }", 1, "type T {\n  f( a: Int \"desc\" b: Int ): Int\n}\n\n{\n  x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } }\n}" ],
            [ "type T { f(a: Int, \"desc\" b: Int): Int } { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }", 2, "type T {\n  f(\n    a: Int \"desc\" b: Int\n  ): Int\n}\n\n{\n  x {\n    x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } }\n  }\n}" ],
            [ "type T { f(a: Int, \"desc\" b: Int): Int } { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }", 3, "type T {\n  f(\n    a: Int\n    \"desc\"\n    b: Int\n  ): Int\n}\n\n{\n  x {\n    x {\n      x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } }\n    }\n  }\n}" ],
            [ "type T { f(a: Int, \"desc\" b: Int): Int } { x { x { x { x { x { x { x { x { x { x { x { x { y } } } } } } } } } } } } }", 5, "type T {\n  f(\n    a: Int\n    \"desc\"\n    b: Int\n  ): Int\n}\n\n{\n  x {\n    x {\n      x {\n        x {\n          x { x { x { x { x { x { x { x { y } } } } } } } }\n        }\n      }\n    }\n  }\n}" ],
        ];
        var data = new TheoryData<string, int, string>();
        foreach (var c in cases) data.Add((string)c[0], (int)c[1], (string)c[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(MaxIndentDepthCases))]
    public void Print_with_maxIndentDepth_joins_deeper_lines_with_spaces_like_graphql_js(string source, int depth, string expected)
    {
        Assert.Equal(expected, Printer.Print(Parser.Parse(source), depth));
    }

    [Fact]
    public void PrintForError_indents_at_most_100_levels()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 120)) + "1" + new string(']', 120);
        var printed = Printer.PrintForError(Parser.ParseValue(deep));
        Assert.Equal(Printer.Print(Parser.ParseValue(deep), 100), printed);
        Assert.DoesNotContain(new string(' ', 202), printed);
    }
}
