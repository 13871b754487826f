using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>The schema (spec 3.3): type map, possible types, subtyping, lookups and meta fields.</summary>
public class SchemaTests
{
    private static readonly GraphQLSchema Everything = EverythingSchema.Build();

    [Fact]
    public void The_type_map_lists_types_in_graphql_js_order()
    {
        // Object.keys(buildSchema(everything.graphql).getTypeMap()) in graphql-js 17.1.
        string[] expected =
        [
            "Node", "ID", "Content", "Post", "String", "Int", "Boolean", "Float", "Member", "SearchResult", "Role", "Format",
            "PostInput", "RangeInput", "PostBy", "DateTime", "Decimal", "UUID", "JSON", "Query", "Mutation", "Subscription",
            "__Schema", "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation",
        ];

        Assert.Equal(expected, Everything.TypeList.Select(t => t.Name));
    }

    [Fact]
    public void Possible_types_of_an_interface_are_its_object_implementations_in_type_map_order()
    {
        var node = Everything.GetType("Node")!;

        Assert.Equal(["Post", "Member"], Everything.GetPossibleTypes(node).Select(t => t.Name));
    }

    [Fact]
    public void Possible_types_of_a_union_are_its_members()
    {
        var union = Everything.GetType("SearchResult")!;

        Assert.Equal(["Post", "Member"], Everything.GetPossibleTypes(union).Select(t => t.Name));
        Assert.True(Everything.IsPossibleType(union, (GraphQLObjectType)Everything.GetType("Member")!));
        Assert.False(Everything.IsSubType(union, Everything.GetType("Query")!));
    }

    [Fact]
    public void IsSubType_holds_for_interfaces_implemented_by_interfaces()
    {
        Assert.True(Everything.IsSubType(Everything.GetType("Node")!, Everything.GetType("Content")!));
        Assert.False(Everything.IsSubType(Everything.GetType("Content")!, Everything.GetType("Member")!));
    }

    [Fact]
    public void Roots_directives_and_types_are_looked_up_by_name()
    {
        Assert.Equal("Query", Everything.QueryType!.Name);
        Assert.Equal("Mutation", Everything.GetRootType(OperationType.Mutation)!.Name);
        Assert.Equal("Subscription", Everything.SubscriptionType!.Name);
        Assert.True(Everything.GetDirective("auth")!.IsRepeatable);
        Assert.Same(Directives.Skip, Everything.GetDirective("skip"));
        Assert.Null(Everything.GetType("Nope"));
    }

    [Fact]
    public void GetField_finds_the_introspection_meta_fields_where_the_spec_allows_them()
    {
        var query = Everything.QueryType!;
        var post = (GraphQLObjectType)Everything.GetType("Post")!;
        var union = Everything.GetType("SearchResult")!;

        Assert.Same(Introspection.SchemaMetaField, Everything.GetField(query, "__schema"));
        Assert.Same(Introspection.TypeMetaField, Everything.GetField(query, "__type"));
        Assert.Null(Everything.GetField(post, "__schema"));
        Assert.Same(Introspection.TypeNameMetaField, Everything.GetField(union, "__typename"));
        Assert.Same(post.GetField("title"), Everything.GetField(post, "title"));
        Assert.Null(Everything.GetField(union, "title"));
    }

    [Fact]
    public void Built_in_scalars_appear_only_when_referenced_but_String_and_Boolean_always_do()
    {
        var schema = new SchemaBuilder().Query(q => q.Field("a", "Int")).Build();

        Assert.NotNull(schema.GetType("String"));
        Assert.NotNull(schema.GetType("Boolean"));
        Assert.NotNull(schema.GetType("Int"));
        Assert.Null(schema.GetType("Float"));
        Assert.Null(schema.GetType("ID"));
    }

    [Fact]
    public void Wrapping_types_print_as_type_references_and_compare_by_structure()
    {
        var type = Scalars.String.NonNull().List().NonNull();

        Assert.Equal("[String!]!", type.ToString());
        Assert.Equal(type, new GraphQLNonNullType(new GraphQLListType(new GraphQLNonNullType(Scalars.String))));
        Assert.Same(Scalars.String, type.NamedType);
        Assert.Throws<ArgumentException>(() => new GraphQLNonNullType(Scalars.String.NonNull()));
    }

    [Fact]
    public void Input_and_output_types_are_told_apart_as_the_spec_defines()
    {
        var input = Everything.GetType("PostInput")!;
        var post = Everything.GetType("Post")!;

        Assert.True(input.List().IsInputType);
        Assert.False(input.IsOutputType);
        Assert.True(post.NonNull().IsOutputType);
        Assert.False(post.IsInputType);
        Assert.True(Scalars.Int.IsInputType && Scalars.Int.IsOutputType);
    }
}
