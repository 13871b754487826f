using System.Runtime.CompilerServices;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// Seeded random documents over the test schema (Corpus/generate-random.mjs), mostly with
/// mistakes, validated with every specified rule: the same errors, in the same order, at the same
/// places as graphql-js 17 (Corpus/random-corpus.json).
/// </summary>
public class RandomDocumentsTests
{
    private sealed record Case(string Source, ValidationCorpus.Error[] Errors);

    private static readonly List<Case> Cases = Load();

    private static List<Case> Load([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Corpus", "random-corpus.json");
        return JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static TheoryData<int> Indices() => new(Enumerable.Range(0, Cases.Count));

    [Theory]
    [MemberData(nameof(Indices))]
    public void Validate_reports_the_errors_graphql_js_reports_on_a_random_document(int index)
    {
        var c = Cases[index];
        var errors = Validator.Validate(ValidationTestSchema.Instance, Parser.Parse(c.Source));
        ValidationCorpus.AssertSameErrors(c.Errors, errors, c.Source);
    }
}
