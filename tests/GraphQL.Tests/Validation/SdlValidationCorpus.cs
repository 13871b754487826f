using System.Runtime.CompilerServices;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// Schema documents of Corpus/sdl-cases.mjs with what graphql-js 17's validateSDL reported
/// (Corpus/sdl-corpus.json), with the case's rule alone and with all of specifiedSDLRules.
/// </summary>
public static class SdlValidationCorpus
{
    public sealed record Case(string Rule, string Source, bool Extend, ValidationCorpus.Error[] Errors, ValidationCorpus.Error[] AllErrors);

    public static IReadOnlyList<Case> Cases { get; } = Load();

    private static List<Case> Load([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Corpus", "sdl-corpus.json");
        return JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static IEnumerable<int> IndicesOf(string rule) => Enumerable.Range(0, Cases.Count).Where(i => Cases[i].Rule == rule);
}

/// <summary>The SDL corpus cases of one rule, alone and with all of <see cref="SpecifiedRules.Sdl"/>.</summary>
public abstract class SdlRuleCorpusTests<TRule> where TRule : ValidationRule, new()
{
    public static TheoryData<int> Cases() => new(SdlValidationCorpus.IndicesOf(typeof(TRule).Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_alone_reports_the_errors_graphql_js_validateSDL_reports(int index)
    {
        var c = SdlValidationCorpus.Cases[index];
        var errors = Validator.ValidateSdl(Parser.Parse(c.Source), c.Extend ? ValidationTestSchema.Instance : null, [new TRule()]);
        ValidationCorpus.AssertSameErrors(c.Errors, errors, c.Source);
        Assert.All(errors, e => Assert.Equal(typeof(TRule).Name, e.Extensions!["rule"]));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void All_SDL_rules_report_the_errors_graphql_js_validateSDL_reports(int index)
    {
        var c = SdlValidationCorpus.Cases[index];
        var errors = Validator.ValidateSdl(Parser.Parse(c.Source), c.Extend ? ValidationTestSchema.Instance : null);
        ValidationCorpus.AssertSameErrors(c.AllErrors, errors, c.Source);
    }
}
