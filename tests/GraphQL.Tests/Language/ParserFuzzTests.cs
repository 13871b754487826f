using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>
/// Seeded fuzzing of the parser: whatever the input, parsing ends quickly with a document or a
/// GraphQLError, never another exception, a hang or a stack overflow; and every document it
/// accepts prints to text that parses back to the same tree.
/// </summary>
public class ParserFuzzTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PerRun = TimeSpan.FromSeconds(60);

    private static readonly string[] Seeds =
    [
        "query Q($a: Int = 1, $b: [String!]! @d) @op { alias: f(x: $a, y: [1, 2.5e3, \"s\", \"\"\"b\"\"\", E, null, true, {k: $b}]) @include(if: true) { ...F ... on T { g } ... @skip(if: false) { h } } }",
        "fragment F on T @d { a b(c: {d: [e]}) }\nmutation M { m } subscription S { s }",
        "\"\"\"schema\"\"\" schema @a { query: Q mutation: M }\n\"d\" type T implements A & B @d { f(\"arg\" a: [Int!]! = [1] @x): T }\ninterface A implements B { f: Int }\nunion U @u = | A | B\nenum E { A @deprecated(reason: \"r\") B }\ninput I @oneOf { a: Int = 1 b: String }\nscalar S @specifiedBy(url: \"u\")\ndirective @x(a: Int) repeatable on FIELD | OBJECT\nextend schema @b\nextend type T { g: Int }\nextend interface A @c\nextend union U = C\nextend enum E { C }\nextend input I { c: Int }\nextend scalar S @s\nextend directive @x @y",
        "{ a(s: \"esc \\\" \\\\ \\u0041 \\u{1F600} \\uD83D\\uDE00 \\n\") # comment\n b }",
    ];

    private static readonly string[] Vocabulary =
    [
        "{", "}", "(", ")", "[", "]", ":", "=", "@", "$", "!", "|", "&", "...", "..", ".", ",", " ", "\n", "\r\n", "#c\n",
        "query", "mutation", "subscription", "fragment", "on", "type", "interface", "union", "enum", "input", "scalar",
        "schema", "directive", "extend", "implements", "repeatable", "true", "false", "null", "FIELD", "OBJECT",
        "a", "B", "_x", "1", "-1", "0", "1.5", "1e3", "-0.0E+1", "01", "1.", "\"s\"", "\"\"", "\"\"\"b\"\"\"", "\"\\u{41}\"",
        "\"\\uD800\"", "\"unterminated", "\"\"\"open", "'", "\u00A0", "\uFEFF", "\uD83D\uDE00", "\uD800", "\u0000", "\t",
    ];

    [Fact]
    public void Parse_of_random_characters_succeeds_or_throws_GraphQLError() =>
        Run(seed: 1, cases: 3000, random =>
        {
            int length = random.Next(0, 64);
            var builder = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                builder.Append(random.Next(10) switch
                {
                    < 6 => (char)random.Next(0x20, 0x7F),
                    6 => (char)random.Next(0, 0x20),
                    7 => (char)random.Next(0x80, 0xD800),
                    8 => (char)random.Next(0xD800, 0xE000),
                    _ => "{}[]()\"$@!:"[random.Next(11)],
                });
            }
            return builder.ToString();
        });

    [Fact]
    public void Parse_of_random_token_soup_succeeds_or_throws_GraphQLError() =>
        Run(seed: 2, cases: 3000, random =>
        {
            int count = random.Next(0, 40);
            var builder = new StringBuilder();
            for (int i = 0; i < count; i++) builder.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(3) == 0 ? " " : "");
            return builder.ToString();
        });

    [Fact]
    public void Parse_of_mutated_valid_documents_succeeds_or_throws_GraphQLError() =>
        Run(seed: 3, cases: 4000, random =>
        {
            var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
            int mutations = random.Next(1, 5);
            for (int m = 0; m < mutations && text.Length > 0; m++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(5))
                {
                    case 0: text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8))); break;
                    case 1: text.Insert(at, Vocabulary[random.Next(Vocabulary.Length)]); break;
                    case 2: text[at] = (char)random.Next(0x20, 0x7F); break;
                    case 3:
                        int from = random.Next(text.Length);
                        int length = Math.Min(text.Length - from, random.Next(1, 30));
                        text.Insert(at, text.ToString(from, length));
                        break;
                    default: text.Insert(at, new string("[{("[random.Next(3)], random.Next(1, 400))); break;
                }
            }
            return text.ToString();
        });

    [Fact]
    public void Parse_of_deeply_nested_random_brackets_is_a_syntax_error() =>
        Run(seed: 4, cases: 50, random =>
        {
            var builder = new StringBuilder("{ a(x: ");
            int depth = random.Next(200, 20_000);
            for (int i = 0; i < depth; i++) builder.Append(random.Next(2) == 0 ? "[" : "{k: ");
            return builder.ToString();
        });

    private static void Run(int seed, int cases, Func<Random, string> generate)
    {
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, cases).Select(_ => generate(random)).ToList();
        int parsed = 0;
        var run = Task.Run(() =>
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var clock = Stopwatch.StartNew();
                try
                {
                    var document = Parser.Parse(input);
                    parsed++;
                    AssertRoundTrips(document, input);
                }
                catch (GraphQLError error)
                {
                    Assert.StartsWith("Syntax Error: ", error.Message);
                    Assert.Single(error.Locations);
                }
                catch (Exception other)
                {
                    Assert.Fail($"case {i} threw {other.GetType().Name}: {other.Message}\ninput: {Escape(input)}");
                }
                Assert.True(clock.Elapsed < PerCase, $"case {i} took {clock.Elapsed}: {Escape(input)}");
            }
        });
        Assert.True(run.Wait(PerRun), "fuzzing did not finish in time: the parser hangs on some input");
        Assert.True(parsed >= 0);
    }

    private static void AssertRoundTrips(DocumentNode document, string input)
    {
        var printed = Printer.Print(document);
        DocumentNode reparsed;
        try
        {
            reparsed = Parser.Parse(printed);
        }
        catch (GraphQLError error)
        {
            Assert.Fail($"printed text does not parse ({error.Message}):\n{printed}\ninput: {Escape(input)}");
            return;
        }
        Assert.True(
            JsonNode.DeepEquals(AstJson.WithoutLocations(AstJson.Of(document)), AstJson.WithoutLocations(AstJson.Of(reparsed))),
            $"round trip changed the tree:\n{printed}\ninput: {Escape(input)}");
    }

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c < 0x20 || c >= 0x7F ? $"\\u{(int)c:X4}" : c.ToString()));
}
