using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Conformance;

/// <summary>
/// <c>--schema csharp</c>: schema.graphql declared with our code-first <see cref="SchemaBuilder"/>,
/// definition by definition in the same order, with the same resolvers as <see cref="SdlSchema"/>.
/// The suite compares its printSchema and introspection with graphql-js's reading of the SDL, so
/// any feature the builder cannot express shows up as a difference. Applied <c>@tag</c> and
/// <c>@cached</c> uses are left out: introspection and printSchema never show them.
/// </summary>
public static class CodeFirstSchema
{
    public static GraphQLSchema Build(ConformanceResolvers resolvers)
    {
        var used = new HashSet<string>();
        FieldResolver R(string coordinate)
        {
            var dot = coordinate.IndexOf('.');
            used.Add(coordinate);
            return resolvers.Field(coordinate[..dot], coordinate[(dot + 1)..])
                ?? throw new InvalidOperationException($"No resolver for {coordinate}.");
        }
        Func<ResolveFieldContext, IAsyncEnumerable<object?>> S(string coordinate)
        {
            var dot = coordinate.IndexOf('.');
            used.Add(coordinate);
            return resolvers.Subscription(coordinate[..dot], coordinate[(dot + 1)..])
                ?? throw new InvalidOperationException($"No subscribe resolver for {coordinate}.");
        }
        // A subscription root field: its source stream, then each event resolved as the field's value.
        Action<FieldBuilder<object>> Subscribed(string coordinate, Action<FieldBuilder<object>> configure) => f =>
        {
            configure(f);
            f.Resolve(R(coordinate));
            f.Subscribe(S(coordinate));
        };

        var schema = new SchemaBuilder()
            .Description("""
                The conformance schema: a small social site that exercises the whole GraphQL type
                system, so that our engine and graphql-js can be compared on it.

                Everything here is deterministic: data.json holds the data, README.md the resolvers.
                """)
            .Directive("tag", d => d
                .Description("A tag for tooling; can be repeated and is not visible in introspection.")
                .Argument("name", "String!")
                .Repeatable()
                .Locations(DirectiveLocation.SCHEMA, DirectiveLocation.SCALAR, DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION,
                    DirectiveLocation.ARGUMENT_DEFINITION, DirectiveLocation.INTERFACE, DirectiveLocation.UNION, DirectiveLocation.ENUM,
                    DirectiveLocation.ENUM_VALUE, DirectiveLocation.INPUT_OBJECT, DirectiveLocation.INPUT_FIELD_DEFINITION))
            .Directive("log", d => d
                .Description("Asks the server to log the annotated part of the request.\n\nRepeatable: each use adds a log line.")
                .Argument("level", "LogLevel", defaultValue: "INFO", description: "How loud.")
                .Argument("labels", "[String!]", defaultValue: Array.Empty<string>(), description: "Free-form labels.")
                .Repeatable()
                .Locations(DirectiveLocation.QUERY, DirectiveLocation.MUTATION, DirectiveLocation.SUBSCRIPTION, DirectiveLocation.FIELD,
                    DirectiveLocation.FRAGMENT_DEFINITION, DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT,
                    DirectiveLocation.VARIABLE_DEFINITION))
            .Directive("cached", d => d
                .Description("A cache hint. At most once per location.")
                .Argument("ttl", "Int!", defaultValue: 60, description: "Seconds.")
                .Argument("scope", "CacheScope", defaultValue: "PUBLIC")
                .Argument("private", "Boolean", description: "Replaced by scope.", deprecationReason: "Use `scope: PRIVATE`.")
                .Locations(DirectiveLocation.QUERY, DirectiveLocation.FIELD, DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT,
                    DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT))
            .Directive("defer", d => d
                .Description("Directs the executor to defer this fragment when the `if` argument is true or undefined.")
                .Argument("if", "Boolean!", defaultValue: true, description: "Deferred when true or undefined.")
                .Argument("label", "String", description: "Unique name")
                .Locations(DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT))
            .Directive("stream", d => d
                .Description("Directs the executor to stream plural fields when the `if` argument is true or undefined.")
                .Argument("initialCount", "Int!", defaultValue: 0, description: "Number of items to return immediately")
                .Argument("if", "Boolean!", defaultValue: true, description: "Stream when true or undefined.")
                .Argument("label", "String", description: "Unique name")
                .Locations(DirectiveLocation.FIELD))
            .Type(ConformanceScalars.DateTime)
            .Type(ConformanceScalars.Decimal)
            .Type(ConformanceScalars.Uuid)
            .Type(ConformanceScalars.Json)
            .Enum("LogLevel", e => e.Description("How loud a log line is.").Value("DEBUG").Value("INFO").Value("WARN"))
            .Enum("CacheScope", e => e.Value("PUBLIC").Value("PRIVATE"))
            .Enum("Role", e => e
                .Description("What a member may do.")
                .Value("ADMIN", description: "Everything.")
                .Value("MEMBER")
                .Value("GUEST", deprecationReason: "Guests are now members with no posts.")
                .Value("VISITOR", deprecationReason: Directives.DefaultDeprecationReason))
            .Enum("Sort", e => e.Value("ASC").Value("DESC"))
            .Enum("PostStatus", e => e.Value("DRAFT").Value("PUBLISHED").Value("ARCHIVED"))
            .Enum("SearchKind", e => e.Value("USER").Value("POST").Value("COMMENT"))
            .Interface("Node", i => i
                .Description("Anything with a global id.")
                .ResolveType(ConformanceResolvers.TypeName)
                .Field("id", "ID!", description: "Globally unique."))
            .Interface("Entity", i => i
                .Description("A stored thing with a creation instant.")
                .Implements("Node")
                .ResolveType(ConformanceResolvers.TypeName)
                .Field("id", "ID!")
                .Field("createdAt", "DateTime!"))
            .Interface("Resource", i => i
                .Description("An entity that has an address.")
                .Implements("Entity", "Node")
                .ResolveType(ConformanceResolvers.TypeName)
                .Field("id", "ID!")
                .Field("createdAt", "DateTime!")
                .Field("url", "String!", f => f
                    .Description("Relative unless `absolute` is true.")
                    .Argument("absolute", "Boolean", defaultValue: false)))
            .Interface("Named", i => i
                .ResolveType(ConformanceResolvers.TypeName)
                .Field("name", "String!"))
            .Interface("Pet", i => i
                .Description("A pet, owned by a user.")
                .Implements("Named")
                .ResolveType(ConformanceResolvers.TypeName)
                .Field("name", "String!")
                .Field("owner", "User")
                .Field("nickname", "String"))
            .Object("User", o => o
                .Description("""
                    A member of the site.

                      Indented line kept as is.
                    Quotes: "double" and 'single', and a unicode letter: é.
                    """)
                .Implements("Entity", "Node", "Named")
                .Field("id", "ID!")
                .Field("createdAt", "DateTime!")
                .Field("name", "String!")
                .Field("email", "String", deprecationReason: "Contact data moved to `profile`.")
                .Field("role", "Role!")
                .Field("age", "Int")
                .Field("score", "Float")
                .Field("balance", "Decimal")
                .Field("uuid", "UUID!")
                .Field("profile", "JSON")
                .Field("friends", "[User!]!", f => f
                    .Description("Friends in data order, starting after the friend `after` if given.")
                    .Argument("first", "Int", defaultValue: 10)
                    .Argument("after", "ID")
                    .Resolve(R("User.friends")))
                .Field("bestFriend", "User", f => f.Resolve(R("User.bestFriend")))
                .Field("posts", "[Post!]!", f => f
                    .Description("Posts by this user.")
                    .Argument("sort", "Sort", defaultValue: "DESC")
                    .Argument("filter", "PostFilter", defaultValue: new Dictionary<string, object?> { ["published"] = true })
                    .Argument("legacyLimit", "Int", description: "Ignored, kept for old clients.", deprecationReason: "Use `filter`.")
                    .Resolve(R("User.posts")))
                .Field("pets", "[Pet]", f => f.Resolve(R("User.pets")))
                .Field("nickname", "String!", f => f
                    .Argument("fallback", "String", defaultValue: "anonymous")
                    .Resolve(R("User.nickname"))))
            .Object("Post", o => o
                .Implements("Resource", "Entity", "Node")
                .Field("id", "ID!")
                .Field("createdAt", "DateTime!")
                .Field("url", "String!", f => f
                    .Argument("absolute", "Boolean", defaultValue: false)
                    .Resolve(R("Post.url")))
                .Field("title", "String!")
                .Field("body", "String")
                .Field("author", "User!", f => f.Resolve(R("Post.author")))
                .Field("tags", "[String!]!")
                .Field("comments", "[Comment!]", f => f.Resolve(R("Post.comments")))
                .Field("rating", "Float")
                .Field("status", "PostStatus!")
                .Field("price", "Decimal"))
            .Object("Comment", o => o
                .Implements("Node")
                .Field("id", "ID!")
                .Field("text", "String!")
                .Field("author", "User", f => f.Resolve(R("Comment.author")))
                .Field("post", "Post!", f => f.Resolve(R("Comment.post"))))
            .Object("Dog", o => o
                .Implements("Pet", "Named")
                .Field("name", "String!")
                .Field("owner", "User", f => f.Resolve(R("Dog.owner")))
                .Field("nickname", "String")
                .Field("barks", "Boolean!")
                .Field("barkVolume", "Int", description: "Legacy spelling.", deprecationReason: "No longer measured."))
            .Object("Cat", o => o
                .Implements("Pet", "Named")
                .Field("name", "String!")
                .Field("owner", "User", f => f.Resolve(R("Cat.owner")))
                .Field("nickname", "String")
                .Field("meows", "Boolean!")
                .Field("lives", "Int!"))
            .Union("SearchResult", u => u.Members("User", "Post", "Comment").ResolveType(ConformanceResolvers.TypeName))
            .Union("Animal", u => u.Members("Dog", "Cat").ResolveType(ConformanceResolvers.TypeName))
            .Object("Scalars", o => o
                .Description("Fixed values of every scalar type, for output coercion.")
                .Field("int", "Int!")
                .Field("float", "Float!")
                .Field("string", "String!")
                .Field("boolean", "Boolean!")
                .Field("id", "ID!")
                .Field("dateTime", "DateTime!")
                .Field("decimal", "Decimal!")
                .Field("uuid", "UUID!")
                .Field("json", "JSON!")
                .Field("nullInt", "Int")
                .Field("matrix", "[[Int!]!]!")
                .Field("sparse", "[[String]]"))
            .Object("Faults", o => o
                .Description("Fields that fail on purpose: each one documents its error in README.md.")
                .Field("plain", "String", f => f.Description("Throws `Fault: plain`.").Resolve(R("Faults.plain")))
                .Field("nonNull", "String!", f => f.Description("Throws `Fault: non-null`; the null propagates to the parent.").Resolve(R("Faults.nonNull")))
                .Field("nullReturned", "String!", f => f.Description("Returns null although non-null.").Resolve(R("Faults.nullReturned")))
                .Field("async", "String", f => f.Description("Rejects asynchronously with `Fault: async`.").Resolve(R("Faults.async")))
                .Field("items", "[FaultItem!]!", f => f.Description("Three items; item 1's `value` throws.").Resolve(R("Faults.items")))
                .Field("nullableItems", "[FaultItem]!", f => f
                    .Description("Three items; item 1's `required` throws, so item 1 becomes null.").Resolve(R("Faults.nullableItems")))
                .Field("strictItems", "[FaultItem!]", f => f
                    .Description("Three items; item 1's `required` throws, so the whole list becomes null.").Resolve(R("Faults.strictItems")))
                .Field("child", "Faults!", f => f.Description("A non-null child whose non-null field throws.").Resolve(R("Faults.child")))
                .Field("maybeChild", "Faults", f => f.Description("A nullable child.").Resolve(R("Faults.maybeChild")))
                .Field("nullInList", "[String!]", f => f.Description("A list item that is null although the items are non-null.").Resolve(R("Faults.nullInList")))
                .Field("wrongType", "Int", f => f.Description("Returns a string where an Int is expected.").Resolve(R("Faults.wrongType"))))
            .Object("FaultItem", o => o
                .Description("One item of a faulty list.")
                .Field("index", "Int!")
                .Field("value", "String", f => f.Description("Throws `Fault: item <index>` for index 1.").Resolve(R("FaultItem.value")))
                .Field("required", "String!", f => f.Description("Throws `Fault: required <index>` for index 1.").Resolve(R("FaultItem.required"))))
            .InputObject("PostFilter", i => i
                .Description("Which posts to return.")
                .Field("published", "Boolean", defaultValue: true, description: "Only posts whose published state is this (any when null).")
                .Field("minRating", "Float")
                .Field("tags", "[String!]")
                .Field("status", "PostStatus")
                .Field("author", "UserRef")
                .Field("legacyFlag", "Boolean", deprecationReason: "Ignored."))
            .InputObject("UserRef", i => i
                .Description("Exactly one way to name a user.")
                .OneOf()
                .Field("id", "ID")
                .Field("email", "String")
                .Field("name", "String"))
            .InputObject("SearchBy", i => i
                .Description("Exactly one search criterion.")
                .OneOf()
                .Field("text", "String")
                .Field("tag", "String")
                .Field("author", "UserRef")
                .Field("kinds", "[SearchKind!]"))
            .InputObject("CreatePostInput", i => i
                .Field("title", "String!")
                .Field("body", "String", defaultValue: "")
                .Field("tags", "[String!]!", defaultValue: Array.Empty<string>())
                .Field("authorId", "ID!")
                .Field("status", "PostStatus", defaultValue: "DRAFT")
                .Field("publishedAt", "DateTime")
                .Field("price", "Decimal")
                .Field("metadata", "JSON"))
            .InputObject("Nested", i => i
                .Description("A recursive input: nesting depth is reported back by `echo`.")
                .Field("value", "Int!")
                .Field("child", "Nested")
                .Field("children", "[Nested!]"))
            .Query(q => q
                .Field("node", "Node", f => f.Description("Any entity by id.").Argument("id", "ID!").Resolve(R("Query.node")))
                .Field("nodes", "[Node]!", f => f.Argument("ids", "[ID!]!").Resolve(R("Query.nodes")))
                .Field("user", "User", f => f.Argument("id", "ID!").Resolve(R("Query.user")))
                .Field("userBy", "User", f => f.Argument("ref", "UserRef!").Resolve(R("Query.userBy")))
                .Field("users", "[User!]!", f => f
                    .Description("Users in data order, filtered by role when given, at most `first`.")
                    .Argument("ids", "[ID!]")
                    .Argument("role", "Role")
                    .Argument("first", "Int", defaultValue: 10)
                    .Argument("roles", "[Role!]", defaultValue: new[] { "ADMIN", "MEMBER", "GUEST", "VISITOR" })
                    .Resolve(R("Query.users")))
                .Field("post", "Post", f => f.Argument("id", "ID!").Resolve(R("Query.post")))
                .Field("posts", "[Post!]!", f => f
                    .Argument("filter", "PostFilter")
                    .Argument("sort", "Sort", defaultValue: "ASC")
                    .Resolve(R("Query.posts")))
                .Field("resources", "[Resource!]!", f => f.Resolve(R("Query.resources")))
                .Field("search", "[SearchResult!]!", f => f
                    .Argument("by", "SearchBy!")
                    .Argument("limit", "Int", defaultValue: 5)
                    .Resolve(R("Query.search")))
                .Field("animals", "[Animal!]!", f => f.Resolve(R("Query.animals")))
                .Field("pets", "[Pet!]!", f => f.Argument<object?>("names", "[String]", defaultValue: null).Resolve(R("Query.pets")))
                .Field("scalars", "Scalars!", f => f.Resolve(R("Query.scalars")))
                .Field("echo", "JSON", f => f
                    .Description("The coerced arguments, as a JSON object (absent arguments are left out).")
                    .Argument("int", "Int")
                    .Argument("float", "Float")
                    .Argument("string", "String")
                    .Argument("boolean", "Boolean")
                    .Argument("id", "ID")
                    .Argument("role", "Role")
                    .Argument("dateTime", "DateTime")
                    .Argument("decimal", "Decimal")
                    .Argument("uuid", "UUID")
                    .Argument("json", "JSON")
                    .Argument("ints", "[Int]")
                    .Argument("matrix", "[[Int!]]")
                    .Argument("filter", "PostFilter")
                    .Argument("ref", "UserRef")
                    .Argument("nested", "Nested")
                    .Argument("defaulted", "Int", defaultValue: 42)
                    .Argument("defaultedList", "[Role!]", defaultValue: new[] { "ADMIN", "MEMBER" })
                    .Argument("defaultedInput", "PostFilter", defaultValue: new Dictionary<string, object?> { ["published"] = false, ["minRating"] = 1.5 })
                    .Argument("old", "String", deprecationReason: "Use `string`.")
                    .Resolve(R("Query.echo")))
                .Field("echoRequired", "JSON", f => f
                    .Description("The coerced arguments, as a JSON object.")
                    .Argument("value", "Int!")
                    .Argument("list", "[String!]!")
                    .Argument("input", "CreatePostInput!")
                    .Resolve(R("Query.echoRequired")))
                .Field("echoRole", "Role!", f => f.Argument("role", "Role!").Resolve(R("Query.echoRole")))
                .Field("echoDateTime", "DateTime!", f => f.Argument("value", "DateTime!").Resolve(R("Query.echoDateTime")))
                .Field("echoDecimal", "Decimal!", f => f.Argument("value", "Decimal!").Resolve(R("Query.echoDecimal")))
                .Field("echoUuid", "UUID!", f => f.Argument("value", "UUID!").Resolve(R("Query.echoUuid")))
                .Field("echoJson", "JSON", f => f.Argument("value", "JSON").Resolve(R("Query.echoJson")))
                .Field("echoList", "[[Int]]", f => f.Argument("values", "[[Int]]").Resolve(R("Query.echoList")))
                .Field("delayed", "String", f => f
                    .Description("Resolves after `ms` milliseconds with `value`.")
                    .Argument("value", "String!")
                    .Argument("ms", "Int", defaultValue: 1)
                    .Resolve(R("Query.delayed")))
                .Field("counter", "Int!", f => f.Description("The counter's value at the start of the request.").Resolve(R("Query.counter")))
                .Field("faults", "Faults", f => f.Resolve(R("Query.faults")))
                .Field("strictFaults", "Faults!", f => f.Resolve(R("Query.strictFaults")))
                .Field("mustFail", "String!", f => f.Description("Throws `Fault: root`: data becomes null.").Resolve(R("Query.mustFail")))
                .Field("now", "DateTime!", f => f.Resolve(R("Query.now"))))
            .Mutation(m => m
                .Field("increment", "Int!", f => f
                    .Description("Waits `delayMs` milliseconds, then adds `by` to the request's counter and returns it.")
                    .Argument("by", "Int!", defaultValue: 1)
                    .Argument("delayMs", "Int", defaultValue: 0)
                    .Resolve(R("Mutation.increment")))
                .Field("setCounter", "Int!", f => f.Argument("value", "Int!").Resolve(R("Mutation.setCounter")))
                .Field("readCounter", "Int!", f => f.Description("Returns the counter as it is when this field runs.").Resolve(R("Mutation.readCounter")))
                .Field("createPost", "Post!", f => f.Argument("input", "CreatePostInput!").Resolve(R("Mutation.createPost")))
                .Field("failingIncrement", "Int", f => f
                    .Description("Throws `Fault: mutation` after adding 100 to the counter.").Resolve(R("Mutation.failingIncrement")))
                .Field("strictFailingIncrement", "Int!", f => f
                    .Description("Same as `failingIncrement`, but non-null: data becomes null.").Resolve(R("Mutation.strictFailingIncrement"))))
            .Subscription(s => s
                .Field("counted", "Int!", Subscribed("Subscription.counted", f => f
                    .Description("Yields 1, 2, ... up to `to`.")
                    .Argument("to", "Int!", defaultValue: 3)))
                .Field("postPublished", "Post!", Subscribed("Subscription.postPublished", f => f
                    .Description("Yields the published posts in data order, those with `tag` only when given.")
                    .Argument("tag", "String")))
                .Field("events", "Event!", Subscribed("Subscription.events", f => f
                    .Description("Yields `count` events whose `value` field throws `Fault: event <n>` for n = 2.")
                    .Argument("count", "Int", defaultValue: 2))))
            .Object("Event", o => o
                .Field("n", "Int!")
                .Field("value", "String", f => f.Resolve(R("Event.value"))))
            .Build();

        var unused = resolvers.Coordinates.Except(used).ToArray();
        if (unused.Length > 0) throw new InvalidOperationException($"Resolvers not attached by the code-first schema: {string.Join(", ", unused)}.");
        return schema;
    }
}
