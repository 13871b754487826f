using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// Why a literal is not a valid value of an input type (graphql-js 17 validateInputLiteral):
/// every error, with graphql-js's messages, the literal's location and the path inside it.
/// Used for SDL default values and by the ValuesOfCorrectType validation rule.
/// </summary>
public static class InputLiteralValidation
{
    /// <summary>
    /// Validates <paramref name="literal"/> against <paramref name="type"/>. Without
    /// <paramref name="variables"/> the check is static and variables are assumed valid; with them,
    /// variables used where a value is required must have one.
    /// </summary>
    public static void Validate(ValueNode literal, GraphQLType type, InputCoercionError onError,
        IReadOnlyDictionary<string, object?>? variables = null, bool hideSuggestions = false) =>
        Validate(literal, type, onError, variables, hideSuggestions, null);

    public static IReadOnlyList<GraphQLError> Validate(ValueNode literal, GraphQLType type)
    {
        var errors = new List<GraphQLError>();
        Validate(literal, type, (error, _) => errors.Add(error));
        return errors;
    }

    private static void Validate(ValueNode literal, GraphQLType type, InputCoercionError onError,
        IReadOnlyDictionary<string, object?>? variables, bool hideSuggestions, ResponsePath? path)
    {
        if (literal is VariableNode variable)
        {
            if (variables is null) return;
            var found = variables.TryGetValue(variable.Name.Value, out var value);
            if (type is GraphQLNonNullType)
            {
                if (!found) Report(onError, $"Expected variable \"${variable.Name.Value}\" provided to type \"{type}\" to provide a runtime value.", literal, path);
                else if (value is null) Report(onError, $"Expected variable \"${variable.Name.Value}\" provided to non-null type \"{type}\" not to be null.", literal, path);
            }
            return;
        }

        if (type is GraphQLNonNullType nonNull)
        {
            if (literal is NullValueNode)
            {
                Report(onError, $"Expected value of non-null type \"{type}\" not to be null.", literal, path);
                return;
            }
            Validate(literal, nonNull.OfType, onError, variables, hideSuggestions, path);
            return;
        }

        if (literal is NullValueNode) return;

        switch (type)
        {
            case GraphQLListType list:
                if (literal is not ListValueNode items)
                {
                    Validate(literal, list.OfType, onError, variables, hideSuggestions, path);
                    return;
                }
                for (var i = 0; i < items.Values.Count; i++)
                    Validate(items.Values[i], list.OfType, onError, variables, hideSuggestions, new ResponsePath(path, i));
                return;

            case GraphQLInputObjectType input:
                ValidateInputObject(literal, input, onError, variables, hideSuggestions, path);
                return;

            case GraphQLLeafType leaf:
                try
                {
                    leaf.CoerceInputLiteral(literal);
                }
                catch (GraphQLError error)
                {
                    onError(error.Locations.Count > 0 ? error : new GraphQLError(error.Message, LocationsOf(literal), originalError: error), PathOf(path));
                }
                catch (Exception error) when (error is FormatException or OverflowException or InvalidCastException or ArgumentException or InvalidOperationException)
                {
                    onError(new GraphQLError($"Expected value of type \"{leaf}\", but encountered error \"{error.Message}\"; found: {Printer.Print(literal)}.",
                        LocationsOf(literal), originalError: error), PathOf(path));
                }
                return;
        }
    }

    private static void ValidateInputObject(ValueNode literal, GraphQLInputObjectType type, InputCoercionError onError,
        IReadOnlyDictionary<string, object?>? variables, bool hideSuggestions, ResponsePath? path)
    {
        if (literal is not ObjectValueNode objectLiteral)
        {
            Report(onError, $"Expected value of type \"{type}\" to be an object, found: {Printer.Print(literal)}.", literal, path);
            return;
        }

        // A repeated field is checked at its last occurrence, the one coercion uses (graphql-js's
        // keyMap); UniqueInputFieldNamesRule reports the repetition itself.
        var fieldNodes = new Dictionary<string, ObjectFieldNode>();
        // A repeated field is checked at its last occurrence, as graphql-js's validateInputLiteral (keyMap) does
        // and as coercion reads it (UniqueInputFieldNamesRule reports the repetition itself).
        foreach (var fieldNode in objectLiteral.Fields) fieldNodes[fieldNode.Name.Value] = fieldNode;

        foreach (var field in type.GetFields())
        {
            if (!fieldNodes.TryGetValue(field.Name, out var fieldNode))
            {
                if (field.IsRequired)
                    Report(onError, $"Expected value of type \"{type}\" to include required field \"{field.Name}\", found: {Printer.Print(literal)}.", literal, path);
                continue;
            }
            if (fieldNode.Value is VariableNode variable && variables is not null)
            {
                var found = variables.TryGetValue(variable.Name.Value, out var value);
                if (type.IsOneOf)
                {
                    if (!found)
                        Report(onError, $"Expected variable \"${variable.Name.Value}\" provided to field \"{field.Name}\" for OneOf Input Object type \"{type}\" to provide a runtime value.", literal, path);
                    else if (value is null)
                        Report(onError, $"Expected variable \"${variable.Name.Value}\" provided to field \"{field.Name}\" for OneOf Input Object type \"{type}\" not to be null.", literal, path);
                }
                else if (!found && !field.IsRequired)
                {
                    continue;
                }
            }
            Validate(fieldNode.Value, field.Type, onError, variables, hideSuggestions, new ResponsePath(path, field.Name));
        }

        var known = new List<ObjectFieldNode>();
        foreach (var fieldNode in objectLiteral.Fields)
        {
            var name = fieldNode.Name.Value;
            if (type.GetField(name) is not null)
            {
                known.Add(fieldNode);
                continue;
            }
            var suggestion = hideSuggestions ? "" : Suggestions.DidYouMean(Suggestions.List(name, type.GetFields().Select(f => f.Name)));
            var found = suggestion.Length > 0 ? "." + suggestion + " Found" : ", found";
            Report(onError, $"Expected value of type \"{type}\" not to include unknown field \"{name}\"{found}: {Printer.Print(literal)}.", fieldNode, path);
        }

        if (type.IsOneOf)
        {
            if (known.Count != 1)
            {
                Report(onError, InputCoercion.OneOfMessage(type), literal, path);
                return;
            }
            if (known[0].Value is NullValueNode)
                Report(onError, InputCoercion.OneOfMessage(type), literal, new ResponsePath(path, known[0].Name.Value));
        }
    }

    private static void Report(InputCoercionError onError, string message, Node node, ResponsePath? path) =>
        onError(new GraphQLError(message, LocationsOf(node)), PathOf(path));

    internal static IReadOnlyList<SourceLocation>? LocationsOf(Node node) =>
        node.Location is { } location ? [location.StartLocation] : null;

    private static IReadOnlyList<object> PathOf(ResponsePath? path) => path?.ToList() ?? [];
}
