using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Fixtures;

public enum Role { Member, Admin, Owner }

public enum Format { Markdown, Html }

public sealed record Post(string Id, string Title, string? Body = null, DateTimeOffset? PublishedAt = null);

public sealed record Member(string Id, Guid Uuid, string Name, Role Role);

/// <summary>
/// A schema using every feature of the type system, declared in C# in the same order as
/// Fixtures/everything.graphql, whose graphql-js 17 printSchema output the printer must reproduce.
/// </summary>
public static class EverythingSchema
{
    public static SchemaBuilder Builder() => new SchemaBuilder()
        .Description("The Es test schema: every feature of the type system.")
        .Directive("auth", d => d
            .Description("Restricts a field to members with a role.")
            .Argument("requires", "Role", defaultValue: Role.Member, description: "The least role that may read the field.")
            .Repeatable()
            .Locations(DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT))
        .Directive("tag", d => d
            .Argument("name", "String!")
            .Argument("weight", "Float", defaultValue: 1.5)
            .Locations(DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.ARGUMENT_DEFINITION, DirectiveLocation.INPUT_FIELD_DEFINITION, DirectiveLocation.ENUM_VALUE))
        .Directive("old", d => d.Deprecated("Nothing uses it").Locations(DirectiveLocation.SCALAR))
        .Interface("Node", i => i
            .Description("Something with an id")
            .Field("id", "ID!"))
        .Interface("Content", i => i
            .Implements("Node")
            .Field("id", "ID!")
            .Field("publishedAt", "DateTime", description: "When it was published"))
        .Object<Post>("Post", o => o
            .Description("A post.\n\nPosts have a \"title\" and a body; this description is long enough to be printed over several lines.")
            .Implements("Node", "Content")
            .Field("id", "ID!", p => p.Id)
            .Field("publishedAt", "DateTime", p => p.PublishedAt)
            .Field("title", "String!", p => p.Title)
            .Field("body", "String", f => f
                .Description("The body, as Markdown")
                .Argument("truncate", "Int", defaultValue: 200, description: "How many characters")
                .Argument("format", "Format", defaultValue: Format.Markdown)
                .Argument("legacy", "Boolean", deprecationReason: "Ignored")
                .Resolve((p, ctx) => p.Body is { } body && body.Length > ctx.Arguments.Get<int>("truncate") ? body[..ctx.Arguments.Get<int>("truncate")] : p.Body))
            .Field("tags", "[String!]!", f => f
                .Argument("first", "Int", defaultValue: 10)
                .Argument("after", "String")
                .Deprecated("Use \"labels\" instead")
                .Resolve((_, _) => Array.Empty<string>()))
            .Field("price", "Decimal")
            .Field("rating", "Float", deprecationReason: Directives.DefaultDeprecationReason)
            .Field("meta", "JSON")
            .Field("matrix", "[[Int]!]"))
        .Object<Member>("Member", o => o
            .Implements("Node")
            .Field("id", "ID!", m => m.Id)
            .Field("uuid", "UUID!", m => m.Uuid)
            .Field("name", "String!", m => m.Name)
            .Field("role", "Role!", m => m.Role))
        .Union("SearchResult", "Post", "Member")
        .Enum<Role>(configure: e => e
            .Configure("MEMBER", description: "A member")
            .Configure("OWNER", deprecationReason: "Owners are admins now"))
        .Enum<Format>()
        .InputObject("PostInput", i => i
            .Field("title", "String!")
            .Field("body", "String", defaultValue: "")
            .Field("tags", "[String!]", defaultValue: new[] { "a", "b" })
            .Field("format", "Format", defaultValue: Format.Html)
            .Field("legacy", "Boolean", deprecationReason: "gone")
            .Field("range", "RangeInput", defaultValue: new Dictionary<string, object?> { ["from"] = 1, ["to"] = 5 })
            .Field("ids", "[ID!]", defaultValue: new[] { "x1", "x2" }))
        .InputObject("RangeInput", i => i
            .Field("from", "Int!")
            .Field("to", "Int"))
        .InputObject("PostBy", i => i
            .Description("Exactly one way to find a post.")
            .OneOf()
            .Field("id", "ID")
            .Field("slug", "String"))
        .Type(CustomScalars.DateTime)
        .Type(CustomScalars.Decimal)
        .Type(CustomScalars.Uuid)
        .Type(CustomScalars.Json)
        .Query(q => q
            .Field("node", "Node", f => f.Argument("id", "ID!").Resolve((_, _) => null))
            .Field("post", "Post", f => f.Argument("by", "PostBy!").Resolve((_, _) => new Post("1", "Hello")))
            .Field("search", "[SearchResult!]!", f => f.Argument("text", "String!").Argument("limit", "Int", defaultValue: 20).Resolve((_, _) => Array.Empty<object>()))
            .Field("me", "Member", _ => new Member("m1", Guid.Empty, "Ada", Role.Admin)))
        .Mutation(m => m
            .Field("createPost", "Post!", f => f.Argument("input", "PostInput!").Resolve((_, ctx) => new Post("2", "New"))))
        .Subscription(s => s
            .Field("postPublished", "Post!", f => f.Subscribe(_ => AsyncEnumerable.Empty<Post>())));

    public static GraphQLSchema Build() => Builder().Build();
}
