using System.Text;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// Seeded mutations of the corpus documents: whatever parses, validation answers with a list of
/// GraphQLErrors, never an exception, and in bounded time.
/// </summary>
public class ValidationFuzzTests
{
    [Fact]
    public async Task Validate_of_mutated_documents_returns_errors_and_never_throws()
    {
        var random = new Random(7);
        var sources = ValidationCorpus.Cases.Select(c => c.Source).ToList();
        string[] insertions = ["{", "}", "(", ")", "$v", "...F", "... on Dog", "@skip(if: $v)", "@stream", "@defer", "null", "[", "]", ":", "a:", "1", "\"s\"", "{ a: 1 }", "__typename", "fragment F on Dog { name }"];
        int validated = 0;
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 3000; i++)
            {
                var text = new StringBuilder(sources[random.Next(sources.Count)]);
                for (int m = random.Next(1, 4); m > 0 && text.Length > 0; m--)
                {
                    int at = random.Next(text.Length);
                    if (random.Next(2) == 0) text.Remove(at, Math.Min(text.Length - at, random.Next(1, 6)));
                    else text.Insert(at, " " + insertions[random.Next(insertions.Length)] + " ");
                }
                DocumentNode document;
                try
                {
                    document = Parser.Parse(text.ToString());
                }
                catch (GraphQLError)
                {
                    continue;
                }
                var errors = Validator.Validate(ValidationTestSchema.Instance, document);
                Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Message)));
                validated++;
            }
        });
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, "validation did not finish in time");
        await run;
        Assert.True(validated > 500, $"only {validated} mutated documents parsed");
    }
}
