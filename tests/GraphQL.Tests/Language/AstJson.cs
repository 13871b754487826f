using System.Reflection;
using System.Text.Json.Nodes;
using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>
/// The AST as graphql-js shapes it (kind, loc, values, children under graphql-js's key names), so
/// that our trees can be compared with trees graphql-js produced for the same input.
/// </summary>
internal static class AstJson
{
    private static readonly Dictionary<string, string[]> Keys = new()
    {
        ["Name"] = [], ["Document"] = ["definitions"],
        ["OperationDefinition"] = ["description", "name", "variableDefinitions", "directives", "selectionSet"],
        ["VariableDefinition"] = ["description", "variable", "type", "defaultValue", "directives"],
        ["Variable"] = ["name"], ["SelectionSet"] = ["selections"], ["Field"] = ["alias", "name", "arguments", "directives", "selectionSet"],
        ["Argument"] = ["name", "value"], ["FragmentSpread"] = ["name", "directives"], ["InlineFragment"] = ["typeCondition", "directives", "selectionSet"],
        ["FragmentDefinition"] = ["description", "name", "typeCondition", "directives", "selectionSet"],
        ["IntValue"] = [], ["FloatValue"] = [], ["StringValue"] = [], ["BooleanValue"] = [], ["NullValue"] = [], ["EnumValue"] = [],
        ["ListValue"] = ["values"], ["ObjectValue"] = ["fields"], ["ObjectField"] = ["name", "value"], ["Directive"] = ["name", "arguments"],
        ["NamedType"] = ["name"], ["ListType"] = ["type"], ["NonNullType"] = ["type"],
        ["SchemaDefinition"] = ["description", "directives", "operationTypes"], ["OperationTypeDefinition"] = ["type"],
        ["ScalarTypeDefinition"] = ["description", "name", "directives"],
        ["ObjectTypeDefinition"] = ["description", "name", "interfaces", "directives", "fields"],
        ["FieldDefinition"] = ["description", "name", "arguments", "type", "directives"],
        ["InputValueDefinition"] = ["description", "name", "type", "defaultValue", "directives"],
        ["InterfaceTypeDefinition"] = ["description", "name", "interfaces", "directives", "fields"],
        ["UnionTypeDefinition"] = ["description", "name", "directives", "types"],
        ["EnumTypeDefinition"] = ["description", "name", "directives", "values"],
        ["EnumValueDefinition"] = ["description", "name", "directives"],
        ["InputObjectTypeDefinition"] = ["description", "name", "directives", "fields"],
        ["DirectiveDefinition"] = ["description", "name", "arguments", "directives", "locations"],
        ["SchemaExtension"] = ["directives", "operationTypes"], ["DirectiveExtension"] = ["name", "directives"],
        ["ScalarTypeExtension"] = ["name", "directives"], ["ObjectTypeExtension"] = ["name", "interfaces", "directives", "fields"],
        ["InterfaceTypeExtension"] = ["name", "interfaces", "directives", "fields"], ["UnionTypeExtension"] = ["name", "directives", "types"],
        ["EnumTypeExtension"] = ["name", "directives", "values"], ["InputObjectTypeExtension"] = ["name", "directives", "fields"],
    };

    public static JsonObject Of(Node node, bool withLocation = true)
    {
        var kind = node.Kind.ToString();
        var result = new JsonObject { ["kind"] = kind };
        if (withLocation) result["loc"] = node.Location is { } loc ? new JsonArray(loc.Start, loc.End) : null;
        switch (node)
        {
            case NameNode n: result["value"] = n.Value; break;
            case IntValueNode n: result["value"] = n.Value; break;
            case FloatValueNode n: result["value"] = n.Value; break;
            case StringValueNode n: result["value"] = n.Value; result["block"] = n.Block; break;
            case BooleanValueNode n: result["value"] = n.Value; break;
            case EnumValueNode n: result["value"] = n.Value; break;
            case OperationDefinitionNode n: result["operation"] = n.Operation.Keyword(); break;
            case OperationTypeDefinitionNode n: result["operation"] = n.Operation.Keyword(); break;
            case DirectiveDefinitionNode n: result["repeatable"] = n.Repeatable; break;
        }
        foreach (var key in Keys[kind])
        {
            var property = node.GetType().GetProperty(char.ToUpperInvariant(key[0]) + key[1..], BindingFlags.Public | BindingFlags.Instance)!;
            var value = property.GetValue(node);
            result[key] = value switch
            {
                null => null,
                Node child => Of(child, withLocation),
                System.Collections.IEnumerable list => new JsonArray(list.Cast<Node>().Select(c => (JsonNode)Of(c, withLocation)).ToArray()),
                _ => throw new InvalidOperationException(key),
            };
        }
        return result;
    }

    /// <summary>The same shape with every "loc" removed, to compare trees parsed from different text.</summary>
    public static JsonNode? WithoutLocations(JsonNode? json)
    {
        switch (json)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o) if (k != "loc") copy[k] = WithoutLocations(v);
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(WithoutLocations).ToArray());
            default:
                return json?.DeepClone();
        }
    }
}
