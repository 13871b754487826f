namespace Es.GraphQL.Tests.Fixtures;

/// <summary>Reads fixture files from the source tree, so expected outputs stay plain .graphql files.</summary>
public static class Fixture
{
    public static string Read(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "GraphQL.Tests", "Fixtures", name);
            if (File.Exists(candidate)) return File.ReadAllText(candidate).ReplaceLineEndings("\n");
        }
        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}.");
    }
}
