using System.Runtime.CompilerServices;
using System.Text.Json;
using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>
/// 1500 seeded mutations of the corpus documents (Corpus/generate-random.mjs): each parses and
/// prints exactly as in graphql-js 17, or fails with the same syntax error at the same place.
/// </summary>
public class ParserRandomCorpusTests
{
    private sealed record Case(string? Source, int[]? Units, string? Print, string? Error, int Line, int Column)
    {
        public string Text => Source ?? new string(Units!.Select(u => (char)u).ToArray());
    }

    private static readonly List<Case> Cases = Load();

    private static List<Case> Load([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Corpus", "parser-random-corpus.json");
        return JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static TheoryData<int> Indices() => new(Enumerable.Range(0, Cases.Count));

    [Theory]
    [MemberData(nameof(Indices))]
    public void Parse_of_a_mutated_document_agrees_with_graphql_js(int index)
    {
        var c = Cases[index];
        if (c.Error is null)
        {
            Assert.Equal(c.Print, Printer.Print(Parser.Parse(c.Text)));
        }
        else
        {
            var error = Assert.Throws<GraphQLError>(() => Parser.Parse(c.Text));
            Assert.Equal(c.Error, error.Message);
            Assert.Equal([new SourceLocation(c.Line, c.Column)], error.Locations);
        }
    }
}
