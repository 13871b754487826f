using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>
/// Every document of Corpus/inputs.mjs against what graphql-js 17 made of it (Corpus/parser-corpus.json):
/// the same AST with the same locations and the same printed text, or the same syntax error at the same place.
/// </summary>
public class ParserCorpusTests
{
    private sealed record Case(string? Source, int[]? Units, string? Ast, string? Print, string? Error, int Line, int Column)
    {
        public string Text => Source ?? new string(Units!.Select(u => (char)u).ToArray());
    }

    private static readonly List<Case> Cases = Load();

    private static List<Case> Load([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Corpus", "parser-corpus.json");
        return JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static TheoryData<int> ValidCases() => new(Enumerable.Range(0, Cases.Count).Where(i => Cases[i].Error is null));

    public static TheoryData<int> InvalidCases() => new(Enumerable.Range(0, Cases.Count).Where(i => Cases[i].Error is not null));

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Parser_builds_the_same_AST_with_locations_as_graphql_js(int index)
    {
        var c = Cases[index];
        var document = Parser.Parse(c.Text);
        var expected = JsonNode.Parse(c.Ast!);
        var actual = AstJson.Of(document);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"case {index}: {c.Text}\nexpected {expected}\nactual   {actual}");
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Printer_prints_the_same_text_as_graphql_js(int index)
    {
        var c = Cases[index];
        Assert.Equal(c.Print, Printer.Print(Parser.Parse(c.Text)));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Printed_document_parses_back_to_the_same_AST(int index)
    {
        var document = Parser.Parse(Cases[index].Text);
        var printed = Printer.Print(document);
        var reparsed = Parser.Parse(printed);
        Assert.True(JsonNode.DeepEquals(AstJson.WithoutLocations(AstJson.Of(document)), AstJson.WithoutLocations(AstJson.Of(reparsed))), printed);
        Assert.Equal(printed, Printer.Print(reparsed));
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Parser_reports_the_same_syntax_error_and_location_as_graphql_js(int index)
    {
        var c = Cases[index];
        var error = Assert.Throws<GraphQLError>(() => Parser.Parse(c.Text));
        Assert.Equal(c.Error, error.Message);
        Assert.Equal([new SourceLocation(c.Line, c.Column)], error.Locations);
    }
}
