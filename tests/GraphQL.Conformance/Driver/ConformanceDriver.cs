using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Conformance;

/// <summary>Answers the four modes of the protocol on one schema, writing the answer to <paramref name="writer"/>.</summary>
internal sealed class ConformanceDriver(GraphQLSchema schema, ConformanceData data, Utf8JsonWriter writer)
{
    public const string SyntaxErrorRule = "SyntaxError";

    public async Task Introspect(JsonElement input)
    {
        var document = Parser.Parse(new Source(input.GetProperty("query").GetString()!));
        var result = await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = document, Context = NewContext() });
        result.WriteTo(writer);
    }

    public void PrintSdl()
    {
        writer.WriteStartObject();
        writer.WriteString("sdl", SchemaPrinter.PrintSchema(schema));
        writer.WriteEndObject();
    }

    /// <summary>
    /// Every rule runs on every document in one pass, as our Validator always does; each error
    /// names the rule that reported it (extensions.rule), as graphql-js names its rules.
    /// </summary>
    public void Validate(JsonElement input)
    {
        var schemas = new Dictionary<string, GraphQLSchema>();
        writer.WriteStartArray();
        foreach (var entry in input.EnumerateArray())
        {
            var target = schema;
            if (entry.TryGetProperty("schemaSdl", out var sdl))
            {
                var text = sdl.GetString()!;
                if (!schemas.TryGetValue(text, out target)) schemas[text] = target = BuildAstSchema.BuildSchema(text);
            }
            writer.WriteStartObject();
            writer.WriteString("id", entry.GetProperty("id").GetString());
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var (error, rule) in ValidationErrors(target, entry.GetProperty("document").GetString()!))
            {
                writer.WriteStartObject();
                writer.WriteString("message", error.Message);
                WriteLocations(error);
                writer.WriteString("rule", rule);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static IEnumerable<(GraphQLError Error, string Rule)> ValidationErrors(GraphQLSchema target, string text)
    {
        DocumentNode document;
        try
        {
            document = Parser.Parse(new Source(text));
        }
        catch (GraphQLError syntaxError)
        {
            return [(syntaxError, SyntaxErrorRule)];
        }
        catch (Exception crash)
        {
            return [Crashed(crash)];
        }
        try
        {
            return Validator.Validate(target, document)
                .Select(error => (error, error.Extensions?.GetValueOrDefault("rule") as string ?? "<no rule>"))
                .ToArray();
        }
        catch (Exception crash)
        {
            return [Crashed(crash)];
        }
    }

    // An engine crash on one document is that document's mismatch, not the end of the run.
    private static (GraphQLError, string) Crashed(Exception crash)
    {
        Console.Error.WriteLine(crash);
        return (new GraphQLError(crash.Message), $"crashed: {crash.GetType().Name}");
    }

    private void WriteLocations(GraphQLError error)
    {
        writer.WritePropertyName("locations");
        writer.WriteStartArray();
        foreach (var location in error.Locations)
        {
            writer.WriteStartObject();
            writer.WriteNumber("line", location.Line);
            writer.WriteNumber("column", location.Column);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Each entry on its own, one after the other, each with a fresh counter (README, "execute").</summary>
    public async Task Execute(JsonElement input)
    {
        writer.WriteStartArray();
        foreach (var entry in input.EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            // Computed in full before anything is written, so a crash cannot leave half an answer.
            var (results, isStream) = await Run(entry);
            writer.WriteStartObject();
            writer.WriteString("id", id);
            if (isStream)
            {
                writer.WritePropertyName("events");
                writer.WriteStartArray();
                foreach (var response in results) response.WriteTo(writer);
                writer.WriteEndArray();
            }
            else
            {
                writer.WritePropertyName("result");
                results[0].WriteTo(writer);
            }
            writer.WriteEndObject();
            await writer.FlushAsync();
        }
        writer.WriteEndArray();
    }

    /// <summary>The responses of one entry: a subscription's events, or one result (also when a subscription could not start).</summary>
    private async Task<(List<ExecutionResult> Results, bool IsStream)> Run(JsonElement entry)
    {
        try
        {
            var document = Parser.Parse(new Source(entry.GetProperty("document").GetString()!));
            var operationName = entry.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            IReadOnlyDictionary<string, object?>? variables = null;
            if (entry.TryGetProperty("variables", out var raw) && raw.ValueKind == JsonValueKind.Object)
                variables = raw.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            var request = new ExecutionRequest
            {
                Schema = schema, Document = document, OperationName = operationName, VariableValues = variables, Context = NewContext(),
            };

            if (OperationOf(document, operationName)?.Operation != OperationType.Subscription)
                return ([await Executor.ExecuteAsync(request)], false);
            var subscription = await Executor.SubscribeAsync(request);
            if (subscription.Events is null) return ([subscription.Errors!], false);
            var events = new List<ExecutionResult>();
            await foreach (var response in subscription.Events) events.Add(response);
            return (events, true);
        }
        catch (Exception crash)
        {
            // graphql-js found the document valid, so any exception here is the engine's: one differing entry, not a failed run.
            Console.Error.WriteLine(crash);
            return ([new ExecutionResult(null, [new GraphQLError($"driver: the engine threw {crash.GetType().Name}: {crash.Message}")], hasData: false)], false);
        }
    }

    private CounterContext NewContext() => new(data.CounterStart);

    /// <summary>graphql-js getOperationAST: the named operation, or the only one.</summary>
    private static OperationDefinitionNode? OperationOf(DocumentNode document, string? operationName)
    {
        var operations = document.Definitions.OfType<OperationDefinitionNode>().ToArray();
        if (operationName is null) return operations.Length == 1 ? operations[0] : null;
        return operations.FirstOrDefault(o => o.Name?.Value == operationName);
    }
}
