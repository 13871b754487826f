using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Cli;

/// <summary>
/// <c>es-graphql validate --schema schema.graphql [--together] PATH...</c>: validates each
/// document (a file, every *.graphql / *.gql file under a folder, or "-" for standard input)
/// against the schema and prints one JSON object per error:
/// <c>{"file","rule","message","locations":[{"line","column"}]}</c>.
/// Exit codes: 0 all valid, 1 some document invalid, 2 usage, unreadable input or invalid schema.
/// </summary>
public static class ValidateCommand
{
    public const int Valid = 0, Invalid = 1, UsageError = 2;

    private const string Usage = """
        usage: es-graphql validate --schema SCHEMA.graphql [--together] PATH...
          PATH        a .graphql file, a folder (all *.graphql and *.gql files below it), or - for stdin
          --together  validate all documents as one (fragments may be defined in another file)
        Prints one JSON object per error and exits 1 when any document is invalid.
        """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stderr.WriteLineAsync(Usage);
            return args.Length == 0 ? UsageError : Valid;
        }
        if (args[0] != "validate") return await Fail(stderr, $"unknown command '{args[0]}'.\n{Usage}");

        string? schemaPath = null;
        var together = false;
        var paths = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--schema" when i + 1 < args.Length: schemaPath = args[++i]; break;
                case "--schema": return await Fail(stderr, "--schema needs a file.");
                case "--together": together = true; break;
                default: paths.Add(args[i]); break;
            }
        }
        if (schemaPath is null) return await Fail(stderr, $"--schema is required.\n{Usage}");
        if (paths.Count == 0) return await Fail(stderr, $"no documents given.\n{Usage}");

        GraphQLSchema schema;
        try
        {
            schema = BuildAstSchema.BuildSchema(await File.ReadAllTextAsync(schemaPath));
        }
        catch (IOException ex)
        {
            return await Fail(stderr, $"cannot read the schema: {ex.Message}");
        }
        catch (GraphQLError ex)
        {
            return await Fail(stderr, $"the schema {schemaPath} is not valid: {ex}");
        }
        catch (InvalidSchemaException ex)
        {
            return await Fail(stderr, $"the schema {schemaPath} is not valid: {ex.Message}");
        }

        List<(string Name, string Text)> documents;
        try
        {
            documents = await ReadDocumentsAsync(paths, stdin ?? Console.In);
        }
        catch (IOException ex)
        {
            return await Fail(stderr, $"cannot read a document: {ex.Message}");
        }
        if (documents.Count == 0) return await Fail(stderr, "no .graphql or .gql documents found.");

        var invalid = false;
        if (together)
        {
            // One document made of all of them, so fragments may live in other files; each line
            // of the whole maps back to its file.
            var starts = new List<(int FirstLine, string Name)>();
            var combined = new System.Text.StringBuilder();
            var line = 1;
            foreach (var (name, text) in documents)
            {
                starts.Add((line, name));
                combined.Append(text).Append('\n');
                line += text.Count(c => c == '\n') + 1;
            }
            foreach (var error in Check(schema, combined.ToString()))
            {
                invalid = true;
                var first = error.Locations.Count > 0 ? error.Locations[0].Line : 1;
                var (firstLine, name) = starts.Last(s => s.FirstLine <= first);
                await Report(stdout, name, error, lineOffset: firstLine - 1);
            }
        }
        else
        {
            foreach (var (name, text) in documents)
            foreach (var error in Check(schema, text))
            {
                invalid = true;
                await Report(stdout, name, error, lineOffset: 0);
            }
        }
        return invalid ? Invalid : Valid;
    }

    private static IReadOnlyList<GraphQLError> Check(GraphQLSchema schema, string text)
    {
        DocumentNode document;
        try
        {
            document = Parser.Parse(new Source(text));
        }
        catch (GraphQLError syntax)
        {
            return [syntax];
        }
        return Validator.Validate(schema, document);
    }

    private static async Task Report(TextWriter stdout, string file, GraphQLError error, int lineOffset)
    {
        var rule = error.Extensions is { } ext && ext.TryGetValue("rule", out var r) && r is not null
            ? r.ToString()
            : error.Message.StartsWith(SyntaxError.Prefix, StringComparison.Ordinal) ? "SyntaxError" : null;
        var line = new
        {
            file,
            rule,
            message = error.Message,
            locations = error.Locations.Select(l => new { line = l.Line - lineOffset, column = l.Column }),
        };
        await stdout.WriteLineAsync(JsonSerializer.Serialize(line, Json));
    }

    private static async Task<List<(string, string)>> ReadDocumentsAsync(List<string> paths, TextReader stdin)
    {
        var documents = new List<(string, string)>();
        foreach (var path in paths)
        {
            if (path == "-")
                documents.Add(("-", await stdin.ReadToEndAsync()));
            else if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                             .Where(f => f.EndsWith(".graphql", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".gql", StringComparison.OrdinalIgnoreCase))
                             .Order(StringComparer.Ordinal))
                    documents.Add((file, await File.ReadAllTextAsync(file)));
            else
                documents.Add((path, await File.ReadAllTextAsync(path)));
        }
        return documents;
    }

    private static async Task<int> Fail(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("es-graphql: " + message);
        return UsageError;
    }
}
