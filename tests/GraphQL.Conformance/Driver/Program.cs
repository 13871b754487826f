using System.Text.Json;
using Es.GraphQL.Conformance;
using Es.GraphQL.Types;

// The driver of the differential suite (../README.md, "Driver protocol"):
//   dotnet Es.GraphQL.Conformance.Driver.dll --schema sdl|csharp [--thread-pool] <introspect|sdl|validate|execute>
// One JSON value in on stdin, one JSON value out on stdout, logs on stderr; exit 0 when it answered.
// --thread-pool lets resolvers continue on the thread pool, as in a server, instead of on one
// thread as in Node: a stress mode for the engine's concurrency, whose results may then vary.

string? schemaKind = null;
string? mode = null;
var threadPool = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--schema" && i + 1 < args.Length) schemaKind = args[++i];
    else if (args[i] == "--thread-pool") threadPool = true;
    else mode = args[i];
}
string[] modes = ["introspect", "sdl", "validate", "execute"];
if (schemaKind is not ("sdl" or "csharp") || mode is null || !modes.Contains(mode))
{
    Console.Error.WriteLine($"usage: Es.GraphQL.Conformance.Driver --schema <sdl|csharp> [--thread-pool] <{string.Join('|', modes)}>");
    return 2;
}

try
{
    var directory = Environment.GetEnvironmentVariable("ES_GRAPHQL_CONFORMANCE_DIR") is { Length: > 0 } dir ? dir : Directory.GetCurrentDirectory();
    var data = ConformanceData.Load(directory);
    var resolvers = new ConformanceResolvers(data);
    var schema = schemaKind == "sdl"
        ? SdlSchema.Build(File.ReadAllText(Path.Combine(directory, "schema.graphql")), resolvers)
        : CodeFirstSchema.Build(resolvers);
    using var input = JsonDocument.Parse(Console.OpenStandardInput(), new JsonDocumentOptions { MaxDepth = 1024 });

    using var stdout = Console.OpenStandardOutput();
    async Task Answer()
    {
        await using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var driver = new ConformanceDriver(schema, data, writer);
            switch (mode)
            {
                case "introspect": await driver.Introspect(input.RootElement); break;
                case "sdl": driver.PrintSdl(); break;
                case "validate": driver.Validate(input.RootElement); break;
                default: await driver.Execute(input.RootElement); break;
            }
        }
        await stdout.FlushAsync();
    }
    if (threadPool) await Answer();
    else EventLoop.Run(Answer);
    return 0;
}
catch (Exception error)
{
    Console.Error.WriteLine($"driver {schemaKind} {mode} failed: {error}");
    if (error is InvalidSchemaException invalid)
    {
        foreach (var schemaError in invalid.Errors) Console.Error.WriteLine($"  {schemaError}");
    }
    return 1;
}
