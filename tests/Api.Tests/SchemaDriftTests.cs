using Es.Api.Schema;
using Es.GraphQL.Utilities;

namespace Es.Api.Tests;

public sealed class SchemaDriftTests
{
    /// <summary>docs/schema.graphql is what clients read and validate against (es-graphql validate); it must be the schema the code serves.</summary>
    [Fact]
    public void Docs_schema_graphql_is_the_printed_schema_of_the_code()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Es.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var path = Path.Combine(dir!.FullName, "docs", "schema.graphql");
        var printed = SchemaPrinter.PrintSchema(EsSchema.Build()) + "\n";
        if (Environment.GetEnvironmentVariable("ES_WRITE_SCHEMA") == "1") File.WriteAllText(path, printed);
        Assert.True(File.Exists(path), "docs/schema.graphql is missing: run this test with ES_WRITE_SCHEMA=1 to write it.");
        Assert.True(File.ReadAllText(path) == printed,
            "docs/schema.graphql differs from the schema the code builds: run `ES_WRITE_SCHEMA=1 dotnet test tests/Api.Tests --filter SchemaDrift` and commit the result.");
    }
}
