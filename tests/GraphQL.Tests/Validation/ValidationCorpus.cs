using System.Runtime.CompilerServices;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// The documents of Corpus/cases.mjs with the errors graphql-js 17 reported for them
/// (Corpus/validation-corpus.json): once with the case's rule alone, once with every specified rule.
/// </summary>
public static class ValidationCorpus
{
    public sealed record Error(string Message, int[][] Locations);

    public sealed record Case(string Rule, string Source, Error[] Errors, Error[] AllErrors);

    public static IReadOnlyList<Case> Cases { get; } = Load();

    private static List<Case> Load([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Corpus", "validation-corpus.json");
        return JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static IEnumerable<int> IndicesOf(string rule) =>
        Enumerable.Range(0, Cases.Count).Where(i => Cases[i].Rule == rule);

    public static void AssertSameErrors(IReadOnlyList<Error> expected, IReadOnlyList<GraphQLError> actual, string source)
    {
        var expectedText = expected.Select(e => $"{e.Message} @ {string.Join(" ", e.Locations.Select(l => $"{l[0]}:{l[1]}"))}").ToList();
        var actualText = actual.Select(e => $"{e.Message} @ {string.Join(" ", e.Locations.Select(l => $"{l.Line}:{l.Column}"))}").ToList();
        Assert.True(expectedText.SequenceEqual(actualText),
            $"{source}\nexpected:\n  {string.Join("\n  ", expectedText)}\nactual:\n  {string.Join("\n  ", actualText)}");
    }

    public static ValidationRule RuleNamed(string name) =>
        SpecifiedRules.All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No rule named {name}.");
}

/// <summary>
/// The corpus cases of one rule: the rule alone reports what graphql-js reports, every error
/// carries the rule's name, and the whole of specifiedRules agrees with graphql-js too.
/// </summary>
public abstract class RuleCorpusTests<TRule> where TRule : ValidationRule, new()
{
    public static TheoryData<int> Cases() => new(ValidationCorpus.IndicesOf(typeof(TRule).Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_alone_reports_the_errors_graphql_js_reports(int index)
    {
        var c = ValidationCorpus.Cases[index];
        var errors = Validator.Validate(ValidationTestSchema.Instance, Parser.Parse(c.Source), [new TRule()]);
        ValidationCorpus.AssertSameErrors(c.Errors, errors, c.Source);
        Assert.All(errors, e =>
        {
            Assert.Equal(typeof(TRule).Name, e.Extensions!["rule"]);
            Assert.Equal("VALIDATION", e.Extensions!["code"]);
        });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void All_specified_rules_report_the_errors_graphql_js_reports(int index)
    {
        var c = ValidationCorpus.Cases[index];
        var errors = Validator.Validate(ValidationTestSchema.Instance, Parser.Parse(c.Source));
        ValidationCorpus.AssertSameErrors(c.AllErrors, errors, c.Source);
    }
}
