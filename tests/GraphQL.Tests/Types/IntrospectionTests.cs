using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>The introspection types (spec 4.2, 4.5) resolve the type system objects themselves.</summary>
public class IntrospectionTests
{
    private static readonly GraphQLSchema Schema = EverythingSchema.Build();

    private static object? Read(GraphQLObjectType type, string field, object source, Dictionary<string, object?>? arguments = null)
    {
        var definition = type.GetField(field)!;
        var args = new Dictionary<string, object?>();
        foreach (var argument in definition.Arguments)
        {
            if (argument.HasDefaultValue) args[argument.Name] = argument.DefaultValue;
        }
        foreach (var (key, value) in arguments ?? []) args[key] = value;
        var task = definition.Resolver(new ResolveFieldContext
        {
            Source = source, Field = definition, ParentType = type, Schema = Schema, Arguments = new ArgumentValues(args),
            Path = new ResponsePath(null, field),
        });
        Assert.True(task.IsCompletedSuccessfully);
        return task.Result;
    }

    private static IEnumerable<string> Names(object? list) =>
        ((IEnumerable<object>)list!).Select(item => item switch
        {
            GraphQLNamedType t => t.Name,
            GraphQLField f => f.Name,
            GraphQLInputValue v => v.Name,
            GraphQLEnumValue e => e.Name,
            GraphQLDirective d => d.Name,
            _ => item.ToString()!,
        });

    [Fact]
    public void Schema_lists_every_type_and_directive_and_its_roots()
    {
        Assert.Contains("__Schema", Names(Read(Introspection.SchemaType, "types", Schema)));
        Assert.Same(Schema.QueryType, Read(Introspection.SchemaType, "queryType", Schema));
        Assert.Equal("The Es test schema: every feature of the type system.", Read(Introspection.SchemaType, "description", Schema));
        Assert.Equal(["auth", "tag", "include", "skip", "deprecated", "specifiedBy", "oneOf"], Names(Read(Introspection.SchemaType, "directives", Schema)));
        Assert.Contains("old", Names(Read(Introspection.SchemaType, "directives", Schema, new() { ["includeDeprecated"] = true })));
    }

    [Fact]
    public void Type_kind_and_wrapping_are_exposed()
    {
        var tags = ((GraphQLObjectType)Schema.GetType("Post")!).GetField("tags")!.Type;

        Assert.Equal(TypeKind.NonNull, Read(Introspection.TypeType, "kind", tags));
        Assert.Null(Read(Introspection.TypeType, "name", tags));
        Assert.Equal("[String!]", Read(Introspection.TypeType, "ofType", tags)!.ToString());
        Assert.Equal("NON_NULL", Introspection.TypeKindType.CoerceOutputValue(TypeKind.NonNull));
    }

    [Fact]
    public void Deprecated_fields_arguments_enum_values_and_input_fields_are_hidden_unless_asked_for()
    {
        var post = Schema.GetType("Post")!;
        var body = ((GraphQLObjectType)post).GetField("body")!;
        var role = Schema.GetType("Role")!;
        var input = Schema.GetType("PostInput")!;

        Assert.DoesNotContain("tags", Names(Read(Introspection.TypeType, "fields", post)));
        Assert.Contains("tags", Names(Read(Introspection.TypeType, "fields", post, new() { ["includeDeprecated"] = true })));
        Assert.DoesNotContain("legacy", Names(Read(Introspection.FieldType, "args", body)));
        Assert.Contains("legacy", Names(Read(Introspection.FieldType, "args", body, new() { ["includeDeprecated"] = true })));
        Assert.Equal(["MEMBER", "ADMIN"], Names(Read(Introspection.TypeType, "enumValues", role)));
        Assert.DoesNotContain("legacy", Names(Read(Introspection.TypeType, "inputFields", input)));
        Assert.Contains("legacy", Names(Read(Introspection.TypeType, "inputFields", input, new() { ["includeDeprecated"] = true })));
    }

    [Fact]
    public void Input_values_expose_default_values_as_GraphQL_literals()
    {
        var input = (GraphQLInputObjectType)Schema.GetType("PostInput")!;

        Assert.Equal("\"\"", Read(Introspection.InputValueType, "defaultValue", input.GetField("body")!));
        Assert.Equal("[\"a\", \"b\"]", Read(Introspection.InputValueType, "defaultValue", input.GetField("tags")!));
        Assert.Equal("HTML", Read(Introspection.InputValueType, "defaultValue", input.GetField("format")!));
        Assert.Equal("{ from: 1, to: 5 }", Read(Introspection.InputValueType, "defaultValue", input.GetField("range")!));
        Assert.Null(Read(Introspection.InputValueType, "defaultValue", input.GetField("title")!));
    }

    [Fact]
    public void Scalars_expose_specifiedByURL_input_objects_isOneOf_and_abstract_types_possibleTypes()
    {
        Assert.Equal(CustomScalars.DateTimeUrl, Read(Introspection.TypeType, "specifiedByURL", Schema.GetType("DateTime")!));
        Assert.Equal(true, Read(Introspection.TypeType, "isOneOf", Schema.GetType("PostBy")!));
        Assert.Equal(false, Read(Introspection.TypeType, "isOneOf", Schema.GetType("PostInput")!));
        Assert.Null(Read(Introspection.TypeType, "isOneOf", Schema.GetType("Post")!));
        Assert.Equal(["Post", "Member"], Names(Read(Introspection.TypeType, "possibleTypes", Schema.GetType("SearchResult")!)));
        Assert.Equal(["Node"], Names(Read(Introspection.TypeType, "interfaces", Schema.GetType("Content")!)));
    }

    [Fact]
    public void Directives_expose_locations_repeatability_and_deprecation()
    {
        var auth = Schema.GetDirective("auth")!;

        Assert.Equal(true, Read(Introspection.DirectiveType, "isRepeatable", auth));
        Assert.Equal(new object[] { DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT }, (object[])Read(Introspection.DirectiveType, "locations", auth)!);
        Assert.Equal("FIELD_DEFINITION", Introspection.DirectiveLocationType.CoerceOutputValue(DirectiveLocation.FIELD_DEFINITION));
        Assert.Equal("MEMBER", Read(Introspection.InputValueType, "defaultValue", auth.GetArgument("requires")!));
        Assert.Equal("Nothing uses it", Read(Introspection.DirectiveType, "deprecationReason", Schema.GetDirective("old")!));
    }
}
