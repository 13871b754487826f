using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Conformance;

/// <summary>
/// data.json, read once. Records stay the ordered dictionaries <see cref="JsonValues.ToClr"/>
/// makes of them, so the default resolver reads their properties and the default type resolver
/// their <c>__typename</c>, exactly as graphql-js does with the parsed JSON objects.
/// </summary>
public sealed class ConformanceData
{
    private ConformanceData(IReadOnlyDictionary<string, object?> root)
    {
        Root = root;
        Users = Records(root, "users");
        Posts = Records(root, "posts");
        Comments = Records(root, "comments");
        Pets = Records(root, "pets");
        UsersById = Users.ToDictionary(u => Text(u, "id")!);
        PostsById = Posts.ToDictionary(p => Text(p, "id")!);
        CommentsById = Comments.ToDictionary(c => Text(c, "id")!);
        PetsByKey = Pets.ToDictionary(p => Text(p, "key")!);
    }

    public IReadOnlyDictionary<string, object?> Root { get; }

    public IReadOnlyList<Record> Users { get; }

    public IReadOnlyList<Record> Posts { get; }

    public IReadOnlyList<Record> Comments { get; }

    public IReadOnlyList<Record> Pets { get; }

    public IReadOnlyDictionary<string, Record> UsersById { get; }

    public IReadOnlyDictionary<string, Record> PostsById { get; }

    public IReadOnlyDictionary<string, Record> CommentsById { get; }

    public IReadOnlyDictionary<string, Record> PetsByKey { get; }

    public string BaseUrl => (string)Root["baseUrl"]!;

    public string Now => (string)Root["now"]!;

    public long CounterStart => Convert.ToInt64(Root["counterStart"], System.Globalization.CultureInfo.InvariantCulture);

    public object? Scalars => Root["scalars"];

    /// <summary>Reads data.json from the conformance folder.</summary>
    public static ConformanceData Load(string directory)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "data.json")));
        return new ConformanceData((IReadOnlyDictionary<string, object?>)JsonValues.ToClr(json.RootElement)!);
    }

    public static string? Text(Record record, string name) => record.GetValueOrDefault(name) as string;

    private static Record[] Records(IReadOnlyDictionary<string, object?> root, string name) =>
        ((object?[])root[name]!).Cast<Record>().ToArray();
}
