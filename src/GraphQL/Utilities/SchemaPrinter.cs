using System.Text;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// Prints a schema as SDL exactly as graphql-js 17's <c>printSchema</c> does: the schema
/// definition when the roots are not the conventional names, then custom directives, then every
/// type of the type map in order, except built-in scalars and introspection types.
/// </summary>
public static class SchemaPrinter
{
    public static string PrintSchema(GraphQLSchema schema) =>
        PrintFiltered(schema, d => !Directives.IsSpecified(d), t => !Scalars.IsSpecified(t) && !Introspection.IsIntrospectionType(t));

    /// <summary>The built-in directives and introspection types (graphql-js <c>printIntrospectionSchema</c>).</summary>
    public static string PrintIntrospectionSchema(GraphQLSchema schema) =>
        PrintFiltered(schema, Directives.IsSpecified, Introspection.IsIntrospectionType);

    private static string PrintFiltered(GraphQLSchema schema, Func<GraphQLDirective, bool> directiveFilter, Func<GraphQLNamedType, bool> typeFilter)
    {
        var parts = new List<string>();
        var definition = PrintSchemaDefinition(schema);
        if (!string.IsNullOrEmpty(definition)) parts.Add(definition);
        parts.AddRange(schema.Directives.Where(directiveFilter).Select(PrintDirective));
        parts.AddRange(schema.TypeList.Where(typeFilter).Select(PrintType));
        return string.Join("\n\n", parts.Where(p => p.Length > 0));
    }

    private static string? PrintSchemaDefinition(GraphQLSchema schema)
    {
        var query = schema.QueryType;
        var mutation = schema.MutationType;
        var subscription = schema.SubscriptionType;
        if (query is null && mutation is null && subscription is null) return null;

        // The schema block is left out when the roots are the types named Query, Mutation and Subscription.
        var conventional = ReferenceEquals(query, schema.GetType("Query"))
            && ReferenceEquals(mutation, schema.GetType("Mutation"))
            && ReferenceEquals(subscription, schema.GetType("Subscription"));
        if (schema.Description is null && conventional) return null;

        var sb = new StringBuilder(PrintDescription(schema.Description));
        sb.Append("schema {\n");
        if (query is not null) sb.Append("  query: ").Append(query.Name).Append('\n');
        if (mutation is not null) sb.Append("  mutation: ").Append(mutation.Name).Append('\n');
        if (subscription is not null) sb.Append("  subscription: ").Append(subscription.Name).Append('\n');
        sb.Append('}');
        return sb.ToString();
    }

    public static string PrintType(GraphQLNamedType type) => type switch
    {
        GraphQLScalarType scalar => PrintDescription(scalar.Description) + "scalar " + scalar.Name + PrintSpecifiedByUrl(scalar),
        GraphQLObjectType obj => PrintDescription(obj.Description) + "type " + obj.Name + PrintImplementedInterfaces(obj) + PrintFields(obj),
        GraphQLInterfaceType iface => PrintDescription(iface.Description) + "interface " + iface.Name + PrintImplementedInterfaces(iface) + PrintFields(iface),
        GraphQLUnionType union => PrintUnion(union),
        GraphQLEnumType enumType => PrintEnum(enumType),
        GraphQLInputObjectType input => PrintInputObject(input),
        _ => throw new InvalidOperationException("Unexpected type: " + type),
    };

    private static string PrintImplementedInterfaces(GraphQLImplementingType type)
    {
        var interfaces = type.DeclaredInterfaces;
        return interfaces.Count > 0 ? " implements " + string.Join(" & ", interfaces.Select(i => i.Name)) : "";
    }

    private static string PrintUnion(GraphQLUnionType union)
    {
        var types = union.DeclaredTypes;
        var possibleTypes = types.Count > 0 ? " = " + string.Join(" | ", types.Select(t => t.Name)) : "";
        return PrintDescription(union.Description) + "union " + union.Name + possibleTypes;
    }

    private static string PrintEnum(GraphQLEnumType enumType)
    {
        var values = enumType.Values.Select((value, i) =>
            PrintDescription(value.Description, "  ", i == 0) + "  " + value.Name + PrintDeprecated(value.DeprecationReason));
        return PrintDescription(enumType.Description) + "enum " + enumType.Name + PrintBlock(values.ToList());
    }

    private static string PrintInputObject(GraphQLInputObjectType input)
    {
        var fields = input.GetFields().Select((field, i) =>
            PrintDescription(field.Description, "  ", i == 0) + "  " + PrintInputValue(field));
        return PrintDescription(input.Description) + "input " + input.Name + (input.IsOneOf ? " @oneOf" : "") + PrintBlock(fields.ToList());
    }

    private static string PrintFields(GraphQLImplementingType type)
    {
        var fields = type.GetFields().Select((field, i) =>
            PrintDescription(field.Description, "  ", i == 0) + "  " + field.Name + PrintArgs(field.Arguments, "  ")
            + ": " + field.Type + PrintDeprecated(field.DeprecationReason));
        return PrintBlock(fields.ToList());
    }

    private static string PrintBlock(IReadOnlyList<string> items) =>
        items.Count != 0 ? " {\n" + string.Join("\n", items) + "\n}" : "";

    private static string PrintArgs(IReadOnlyList<GraphQLArgument> args, string indentation = "")
    {
        if (args.Count == 0) return "";
        // Arguments without descriptions fit on one line.
        if (args.All(a => a.Description is null)) return "(" + string.Join(", ", args.Select(PrintInputValue)) + ")";
        return "(\n"
            + string.Join("\n", args.Select((arg, i) => PrintDescription(arg.Description, "  " + indentation, i == 0) + "  " + indentation + PrintInputValue(arg)))
            + "\n" + indentation + ")";
    }

    private static string PrintInputValue(GraphQLInputValue value)
    {
        var declaration = value.Name + ": " + value.Type;
        var defaultValue = AstFromValue.PrintDefaultValue(value);
        if (defaultValue is not null) declaration += " = " + defaultValue;
        return declaration + PrintDeprecated(value.DeprecationReason);
    }

    public static string PrintDirective(GraphQLDirective directive) =>
        PrintDescription(directive.Description) + "directive @" + directive.Name + PrintArgs(directive.Arguments)
        + PrintDeprecated(directive.DeprecationReason) + (directive.IsRepeatable ? " repeatable" : "") + " on " + string.Join(" | ", directive.Locations.Select(l => l.ToString()));

    private static string PrintDeprecated(string? reason)
    {
        if (reason is null) return "";
        if (reason != Directives.DefaultDeprecationReason) return " @deprecated(reason: " + Printer.PrintString(reason) + ")";
        return " @deprecated";
    }

    private static string PrintSpecifiedByUrl(GraphQLScalarType scalar) =>
        scalar.SpecifiedByUrl is null ? "" : " @specifiedBy(url: " + Printer.PrintString(scalar.SpecifiedByUrl) + ")";

    private static string PrintDescription(string? description, string indentation = "", bool firstInBlock = true)
    {
        if (description is null) return "";
        var literal = BlockString.IsPrintableAsBlockString(description) ? BlockString.PrintBlockString(description) : Printer.PrintString(description);
        var prefix = indentation.Length > 0 && !firstInBlock ? "\n" + indentation : indentation;
        return prefix + literal.Replace("\n", "\n" + indentation) + "\n";
    }
}
