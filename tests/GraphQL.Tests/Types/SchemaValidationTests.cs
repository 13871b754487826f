using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>
/// Type validation (spec section 3, "Type Validation" sub-sections; graphql-js validateSchema).
/// Every expected message is the one graphql-js 17.1 reports for the same schema written in SDL.
/// </summary>
public class SchemaValidationTests
{
    private static IReadOnlyList<string> Errors(Func<GraphQLSchema> build)
    {
        var exception = Assert.Throws<InvalidSchemaException>(() => build());
        return exception.Errors.Select(e => e.Message).ToList();
    }

    private static IReadOnlyList<string> Errors(SchemaBuilder builder) => Errors(builder.Build);

    private static GraphQLObjectType Query(params GraphQLField[] fields) => new("Query") { Fields = () => fields };

    private static GraphQLObjectType QueryWith(string typeReference) => Query(new GraphQLField("a", TypeOf(typeReference)));

    private static GraphQLType TypeOf(string name) => Scalars.Specified.First(s => s.Name == name);

    // 3.3.1 Root Operation Types

    [Fact]
    public void Root_operation_types_query_root_type_must_be_provided() =>
        Assert.Equal(["Query root type must be provided."], Errors(() => new GraphQLSchema(query: null, types: [QueryWith("String")])));

    [Fact]
    public void Root_operation_types_query_root_must_be_an_object_type()
    {
        var input = new GraphQLInputObjectType("In") { Fields = () => [new GraphQLInputField("a", Scalars.Int)] };

        Assert.Equal(["Query root type must be Object type, it cannot be In."], Errors(() => new GraphQLSchema(query: input)));
    }

    [Fact]
    public void Root_operation_types_mutation_root_must_be_an_object_type_if_provided()
    {
        var input = new GraphQLInputObjectType("In") { Fields = () => [new GraphQLInputField("a", Scalars.Int)] };

        Assert.Equal(["Mutation root type must be Object type if provided, it cannot be In."],
            Errors(() => new GraphQLSchema(QueryWith("String"), mutation: input)));
    }

    [Fact]
    public void Root_operation_types_must_all_be_different()
    {
        var query = QueryWith("String");

        Assert.Equal(["All root types must be different, \"Query\" type is used as query and mutation root types."],
            Errors(() => new GraphQLSchema(query, mutation: query)));
    }

    [Fact]
    public void A_valid_schema_builds_without_errors()
    {
        var schema = new GraphQLSchema(QueryWith("String"));

        Assert.NotNull(schema.GetType("Query"));
    }

    // Names (spec 2.1.9 and 3, "must not begin with __")

    [Fact]
    public void Names_must_not_begin_with_two_underscores_anywhere_in_the_type_system()
    {
        var enumType = new GraphQLEnumType("__E", [new GraphQLEnumValue("__V")]);
        var hidden = new GraphQLObjectType("__T") { Fields = () => [new GraphQLField("a", Scalars.Int)] };
        var query = Query(
            new GraphQLField("__f", Scalars.String) { Arguments = [new GraphQLArgument("__a", Scalars.Int)] },
            new GraphQLField("e", enumType));
        var directive = new GraphQLDirective("__d", [DirectiveLocation.FIELD], [new GraphQLArgument("__x", Scalars.Int)]);

        Assert.Equal(
        [
            "Name \"__d\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__x\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__f\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__T\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__E\" must not begin with \"__\", which is reserved by GraphQL introspection.",
            "Name \"__V\" must not begin with \"__\", which is reserved by GraphQL introspection.",
        ], Errors(() => new GraphQLSchema(query, types: [query, hidden, enumType], directives: [.. Directives.Specified, directive])));
    }

    [Theory]
    [InlineData("", "Expected name to be a non-empty string.")]
    [InlineData("1a", "Names must start with [_a-zA-Z] but \"1a\" does not.")]
    [InlineData("a-b", "Names must only contain [_a-zA-Z0-9] but \"a-b\" does not.")]
    public void Names_must_match_the_name_grammar(string name, string message) =>
        Assert.Equal(message, Assert.Throws<GraphQLError>(() => new GraphQLObjectType(name)).Message);

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    public void Enum_values_cannot_be_named_true_false_or_null(string name) =>
        Assert.Equal($"Enum values cannot be named: {name}", Assert.Throws<GraphQLError>(() => new GraphQLEnumValue(name)).Message);

    // 3.6.1 Objects: fields and arguments

    [Fact]
    public void Objects_must_define_one_or_more_fields() =>
        Assert.Equal(["Type Empty must define one or more fields."],
            Errors(new SchemaBuilder().Object("Empty", _ => { }).Query(q => q.Field("a", "Empty"))));

    [Fact]
    public void Field_types_must_be_output_types_and_argument_types_input_types()
    {
        var input = new GraphQLInputObjectType("In") { Fields = () => [new GraphQLInputField("a", Scalars.Int)] };
        GraphQLObjectType? query = null;
        query = new GraphQLObjectType("Query")
        {
            Fields = () => [new GraphQLField("f", input) { Arguments = [new GraphQLArgument("a", query!)] }],
        };

        Assert.Equal(
            ["The type of Query.f must be Output Type but got: In.", "The type of Query.f(a:) must be Input Type but got: Query."],
            Errors(() => new GraphQLSchema(query)));
    }

    [Fact]
    public void Required_arguments_cannot_be_deprecated() =>
        Assert.Equal(["Required argument Query.f(a:) cannot be deprecated."],
            Errors(new SchemaBuilder().Query(q => q.Field("f", "String", f => f.Argument("a", "Int!", deprecationReason: "old")))));

    [Fact]
    public void A_required_argument_with_a_default_may_be_deprecated()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("f", "String", f => f.Argument("a", "Int!", defaultValue: 1, deprecationReason: "old")))
            .Build();

        Assert.True(schema.QueryType!.GetField("f")!.GetArgument("a")!.IsDeprecated);
    }

    // 3.13 Directives

    [Fact]
    public void Directives_must_include_one_or_more_locations() =>
        Assert.Equal(["Directive @d must include 1 or more locations."],
            Errors(new SchemaBuilder().Directive("d", _ => { }).Query(q => q.Field("a", "String"))));

    [Fact]
    public void Directive_arguments_must_be_input_types() =>
        Assert.Equal(["The type of @d(a:) must be Input Type but got: Query."],
            Errors(new SchemaBuilder().Directive("d", d => d.Locations(DirectiveLocation.FIELD).Argument("a", "Query")).Query(q => q.Field("a", "String"))));

    [Fact]
    public void Required_directive_arguments_cannot_be_deprecated() =>
        Assert.Equal(["Required argument @d(a:) cannot be deprecated."],
            Errors(new SchemaBuilder().Directive("d", d => d.Locations(DirectiveLocation.FIELD).Argument("a", "Int!", deprecationReason: "x")).Query(q => q.Field("a", "String"))));

    // 3.6.1 / 3.7.1 IsValidImplementation

    [Fact]
    public void Types_may_only_implement_interfaces()
    {
        var b = new GraphQLObjectType("B") { Fields = () => [new GraphQLField("x", Scalars.Int)] };
        var a = new GraphQLObjectType("A") { Fields = () => [new GraphQLField("x", Scalars.Int)], Interfaces = () => [b] };

        Assert.Equal(["Type A must only implement Interface types, it cannot implement B."],
            Errors(() => new GraphQLSchema(Query(new GraphQLField("a", a)))));
    }

    [Fact]
    public void Interfaces_cannot_implement_themselves()
    {
        GraphQLInterfaceType? i = null;
        i = new GraphQLInterfaceType("I") { Fields = () => [new GraphQLField("x", Scalars.Int)], Interfaces = () => [i!] };

        Assert.Equal(["Type I cannot implement itself because it would create a circular reference."],
            Errors(() => new GraphQLSchema(Query(new GraphQLField("a", i)))));
    }

    [Fact]
    public void A_type_may_implement_an_interface_only_once() =>
        Assert.Equal(["Type A can only implement I once."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int"))
                .Object("A", o => o.Implements("I", "I").Field("x", "Int"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Implementations_must_provide_every_interface_field() =>
        Assert.Equal(["Interface field I.y expected but A does not provide it."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int").Field("y", "String"))
                .Object("A", o => o.Implements("I").Field("x", "Int"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Implementation_field_types_must_be_subtypes_of_the_interface_field_types() =>
        Assert.Equal(["Interface field I.x expects type String but A.x is type Int."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "String"))
                .Object("A", o => o.Implements("I").Field("x", "Int"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Implementation_field_types_are_covariant()
    {
        var schema = new SchemaBuilder()
            .Interface("I", i => i.Field("n", "I").Field("l", "[I]"))
            .Object("A", o => o.Implements("I").Field("n", "A!").Field("l", "[A!]!"))
            .Query(q => q.Field("a", "A"))
            .Build();

        Assert.True(schema.IsSubType((GraphQLNamedType)schema.GetType("I")!, (GraphQLNamedType)schema.GetType("A")!));
    }

    [Fact]
    public void Implementations_must_provide_every_interface_field_argument() =>
        Assert.Equal(["Interface field argument I.x(a:) expected but A.x does not provide it."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int", f => f.Argument("a", "Int")))
                .Object("A", o => o.Implements("I").Field("x", "Int"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Implementation_argument_types_must_equal_the_interface_argument_types() =>
        Assert.Equal(["Interface field argument I.x(a:) expects type String but A.x(a:) is type Int."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int", f => f.Argument("a", "String")))
                .Object("A", o => o.Implements("I").Field("x", "Int", f => f.Argument("a", "Int")))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Additional_implementation_arguments_must_not_be_required() =>
        Assert.Equal(["Argument \"A.x(b:)\" must not be required type \"Int!\" if not provided by the Interface field \"I.x\"."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int"))
                .Object("A", o => o.Implements("I").Field("x", "Int", f => f
                    .Argument("b", "Int!").Argument("c", "Int!", defaultValue: 1).Argument("d", "Int")))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Implementation_fields_must_not_be_deprecated_unless_the_interface_field_is() =>
        Assert.Equal(["Interface field I.x is not deprecated, so implementation field A.x must not be deprecated."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int"))
                .Object("A", o => o.Implements("I").Field("x", "Int", deprecationReason: "old"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Types_must_also_implement_the_interfaces_of_their_interfaces() =>
        Assert.Equal(["Type A must implement J because it is implemented by I."],
            Errors(new SchemaBuilder()
                .Interface("J", i => i.Field("x", "Int"))
                .Interface("I", i => i.Implements("J").Field("x", "Int"))
                .Object("A", o => o.Implements("I").Field("x", "Int"))
                .Query(q => q.Field("a", "A"))));

    [Fact]
    public void Interfaces_implementing_each_other_form_a_circular_reference() =>
        Assert.Equal(
        [
            "Type I cannot implement J because it would create a circular reference.",
            "Type J cannot implement I because it would create a circular reference.",
        ],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Implements("J").Field("x", "Int"))
                .Interface("J", i => i.Implements("I").Field("x", "Int"))
                .Query(q => q.Field("a", "I"))));

    [Fact]
    public void Interfaces_implementing_interfaces_are_valid_and_possible_types_include_both_levels()
    {
        var schema = new SchemaBuilder()
            .Interface("Node", i => i.Field("id", "ID!"))
            .Interface("Resource", i => i.Implements("Node").Field("id", "ID!").Field("url", "String"))
            .Object("Image", o => o.Implements("Resource", "Node").Field("id", "ID!").Field("url", "String"))
            .Query(q => q.Field("node", "Node"))
            .Build();

        var node = (GraphQLInterfaceType)schema.GetType("Node")!;
        Assert.Equal(["Image"], schema.GetPossibleTypes(node).Select(t => t.Name));
        Assert.Equal(["Resource"], schema.GetInterfaceImplementations(node).Select(t => t.Name));
        Assert.True(schema.IsSubType(node, schema.GetType("Resource")!));
    }

    // 3.8.1 Unions

    [Fact]
    public void Unions_must_define_one_or_more_member_types() =>
        Assert.Equal(["Union type U must define one or more member types."],
            Errors(new SchemaBuilder().Union("U").Query(q => q.Field("u", "U"))));

    [Fact]
    public void Unions_may_include_a_type_only_once() =>
        Assert.Equal(["Union type U can only include type A once."],
            Errors(new SchemaBuilder().Object("A", o => o.Field("x", "Int")).Union("U", "A", "A").Query(q => q.Field("u", "U"))));

    [Fact]
    public void Unions_may_only_include_object_types() =>
        Assert.Equal(["Union type U can only include Object types, it cannot include I."],
            Errors(new SchemaBuilder()
                .Interface("I", i => i.Field("x", "Int"))
                .Object("A", o => o.Implements("I").Field("x", "Int"))
                .Union("U", "A", "I")
                .Query(q => q.Field("u", "U"))));

    // 3.9.1 Enums

    [Fact]
    public void Enums_must_define_one_or_more_values() =>
        Assert.Equal(["Enum type E must define one or more values."],
            Errors(new SchemaBuilder().Enum("E", _ => { }).Query(q => q.Field("e", "E"))));

    // 3.10.1 Input objects

    [Fact]
    public void Input_objects_must_define_one_or_more_fields() =>
        Assert.Equal(["Input Object type In must define one or more fields."],
            Errors(new SchemaBuilder().InputObject("In", _ => { }).Query(q => q.Field("f", "Int", f => f.Argument("a", "In")))));

    [Fact]
    public void Input_fields_must_be_input_types_and_required_ones_cannot_be_deprecated() =>
        Assert.Equal(["Required input field In.a cannot be deprecated.", "The type of In.b must be Input Type but got: Query."],
            Errors(new SchemaBuilder()
                .InputObject("In", i => i.Field("a", "Int!", deprecationReason: "old").Field("b", "Query"))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "In")))));

    [Fact]
    public void OneOf_input_fields_must_be_nullable_and_have_no_default() =>
        Assert.Equal(["OneOf input field In.a must be nullable.", "OneOf input field In.b cannot have a default value."],
            Errors(new SchemaBuilder()
                .InputObject("In", i => i.OneOf().Field("a", "Int!").Field("b", "Int", defaultValue: 1))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "In")))));

    [Fact]
    public void Input_objects_referencing_each_other_through_non_null_fields_have_no_finite_value() =>
        Assert.Equal(["Input Object A cannot be provided a finite value because it references itself through fields: A.b, B.a."],
            Errors(new SchemaBuilder()
                .InputObject("A", i => i.Field("b", "B!"))
                .InputObject("B", i => i.Field("a", "A!"))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))));

    [Fact]
    public void An_input_object_with_a_non_null_field_of_its_own_type_has_no_finite_value() =>
        Assert.Equal(["Input Object A cannot be provided a finite value because it references itself through fields: A.self."],
            Errors(new SchemaBuilder()
                .InputObject("A", i => i.Field("self", "A!").Field("ok", "Int"))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))));

    [Fact]
    public void A_cycle_through_a_list_is_finite_because_the_list_may_be_empty()
    {
        var schema = new SchemaBuilder()
            .InputObject("A", i => i.Field("self", "[A!]!"))
            .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))
            .Build();

        Assert.NotNull(schema.GetType("A"));
    }

    [Fact]
    public void A_cycle_through_three_input_objects_is_reported_with_its_path() =>
        Assert.Equal(["Input Object A cannot be provided a finite value because it references itself through fields: A.b, B.c, C.a."],
            Errors(new SchemaBuilder()
                .InputObject("A", i => i.Field("b", "B!").Field("c", "C"))
                .InputObject("B", i => i.Field("c", "C!"))
                .InputObject("C", i => i.Field("a", "A!"))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))));

    [Fact]
    public void OneOf_input_objects_whose_every_field_leads_back_to_themselves_have_no_finite_value() =>
        Assert.Equal(
        [
            "Input Object O cannot be provided a finite value because it references itself through fields: O.o.",
            "Input Object O cannot be provided a finite value because it references itself through fields: O.p, P.o.",
        ],
            Errors(new SchemaBuilder()
                .InputObject("O", i => i.OneOf().Field("o", "O").Field("p", "P"))
                .InputObject("P", i => i.OneOf().Field("o", "O"))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "O")))));

    [Fact]
    public void A_OneOf_input_object_with_one_scalar_field_has_a_finite_value()
    {
        var schema = new SchemaBuilder()
            .InputObject("O", i => i.OneOf().Field("o", "O").Field("s", "String"))
            .Query(q => q.Field("f", "Int", f => f.Argument("a", "O")))
            .Build();

        Assert.True(((GraphQLInputObjectType)schema.GetType("O")!).IsOneOf);
    }

    [Fact]
    public void Default_values_that_expand_forever_are_circular_references()
    {
        Assert.Equal(["Invalid circular reference. The default value of Input Object field A.b references itself via the default values of: B.a."],
            Errors(new SchemaBuilder()
                .InputObject("A", i => i.Field("b", "B", defaultValue: new Dictionary<string, object?>()))
                .InputObject("B", i => i.Field("a", "A", defaultValue: new Dictionary<string, object?>()))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))));
        Assert.Equal(["Invalid circular reference. The default value of Input Object field A.a references itself."],
            Errors(new SchemaBuilder()
                .InputObject("A", i => i.Field("a", "[A]", defaultValue: new object[] { new Dictionary<string, object?>() }))
                .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))));
    }

    [Fact]
    public void A_default_value_that_stops_the_expansion_is_not_circular()
    {
        var schema = new SchemaBuilder()
            .InputObject("A", i => i.Field("a", "A", defaultValue: new Dictionary<string, object?> { ["a"] = null }))
            .Query(q => q.Field("f", "Int", f => f.Argument("a", "A")))
            .Build();

        Assert.NotNull(schema.GetType("A"));
    }

    [Fact]
    public void Building_reports_every_error_at_once()
    {
        var errors = Errors(new SchemaBuilder()
            .Union("U")
            .Enum("E", _ => { })
            .Query(q => q.Field("u", "U").Field("e", "E")));

        Assert.Equal(["Union type U must define one or more member types.", "Enum type E must define one or more values."], errors);
    }

    [Fact]
    public void Types_must_have_unique_names() =>
        Assert.Equal("Schema must contain uniquely named types but contains multiple types named \"Query\".",
            Assert.Throws<GraphQLError>(() => new GraphQLSchema(QueryWith("String"), types: [QueryWith("Int")])).Message);
}
