using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Execution;

/// <summary>
/// Coercion of variable values (spec 6.1.2 CoerceVariableValues) and of argument values
/// (spec 6.4.1 CoerceArgumentValues), with graphql-js 17.1's messages (execution/values).
/// </summary>
public static class Values
{
    private const int MaxVariableErrors = 50;

    /// <summary>
    /// The operation's variable values coerced to their declared types, or every error found.
    /// Values may be <see cref="System.Text.Json.JsonElement"/>s straight from the request, or CLR values.
    /// </summary>
    public static (IReadOnlyDictionary<string, object?>? Coerced, IReadOnlyList<GraphQLError>? Errors) CoerceVariableValues(
        GraphQLSchema schema, IReadOnlyList<VariableDefinitionNode> definitions, IReadOnlyDictionary<string, object?>? inputs)
    {
        var coerced = new Dictionary<string, object?>(definitions.Count);
        var errors = new List<GraphQLError>();
        void OnError(GraphQLError error)
        {
            if (errors.Count >= MaxVariableErrors)
                throw new GraphQLError("Too many errors processing variables, error limit reached. Execution aborted.");
            errors.Add(error);
        }

        try
        {
            foreach (var definition in definitions)
            {
                var name = definition.Variable.Name.Value;
                var type = Utilities.TypeFromAst.Resolve(schema, definition.Type);
                if (type is null || !type.IsInputType)
                {
                    OnError(new GraphQLError(
                        $"Variable \"${name}\" expected value of type \"{Printer.Print(definition.Type)}\" which cannot be used as an input type.",
                        Locations(definition.Type)));
                    continue;
                }

                object? value = null;
                var provided = inputs is not null && inputs.TryGetValue(name, out value);
                if (!provided)
                {
                    if (definition.DefaultValue is not null)
                    {
                        if (ValueFromAst.TryCoerce(definition.DefaultValue, type, null, out var defaultValue)) coerced[name] = defaultValue;
                        else
                            InputLiteralValidation.Validate(definition.DefaultValue, type, (error, path) => OnError(new GraphQLError(
                                $"Variable \"${name}\" has invalid default value{InputCoercion.PrintPathArray(path)}: {error.Message}", Locations(definition))));
                        continue;
                    }
                    if (type is not GraphQLNonNullType) continue;
                }

                if (!provided)
                {
                    OnError(new GraphQLError($"Variable \"${name}\" has invalid value: Expected a value of non-null type \"{type}\" to be provided.", Locations(definition)));
                    continue;
                }

                var failed = false;
                var result = InputCoercion.CoerceInputValue(value, type, (error, path) =>
                {
                    failed = true;
                    OnError(new GraphQLError($"Variable \"${name}\" has invalid value{InputCoercion.PrintPathArray(path)}: {error.Message}",
                        Locations(definition), originalError: error));
                });
                if (!failed) coerced[name] = result;
            }
        }
        catch (GraphQLError error)
        {
            errors.Add(error);
        }
        return errors.Count == 0 ? (coerced, null) : (null, errors);
    }

    /// <summary>
    /// The "variables" object of a request as variable values, each still a <see cref="System.Text.Json.JsonElement"/>
    /// (input coercion reads JSON directly); null for a missing or null "variables".
    /// </summary>
    public static IReadOnlyDictionary<string, object?>? FromJson(System.Text.Json.JsonElement variables)
    {
        if (variables.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
        var values = new Dictionary<string, object?>();
        foreach (var property in variables.EnumerateObject()) values[property.Name] = property.Value;
        return values;
    }

    /// <summary>The arguments of a field or directive at one place in the document, coerced (spec 6.4.1); throws on invalid arguments.</summary>
    public static ArgumentValues GetArgumentValues(IReadOnlyList<GraphQLArgument> definitions, Node node,
        IReadOnlyList<ArgumentNode> argumentNodes, IReadOnlyDictionary<string, object?> variables)
    {
        if (definitions.Count == 0) return ArgumentValues.Empty;
        var coerced = new Dictionary<string, object?>(definitions.Count);
        foreach (var definition in definitions)
        {
            ArgumentNode? argumentNode = null;
            foreach (var candidate in argumentNodes)
            {
                if (candidate.Name.Value == definition.Name)
                {
                    argumentNode = candidate;
                    break;
                }
            }

            if (argumentNode is null)
            {
                if (definition.IsRequired)
                    throw new GraphQLError($"Argument \"{definition}\" of required type \"{definition.Type}\" was not provided.", Locations(node));
                if (definition.HasDefaultValue) coerced[definition.Name] = definition.DefaultValue;
                continue;
            }

            var valueNode = argumentNode.Value;
            if (valueNode is VariableNode variable && !variables.ContainsKey(variable.Name.Value) && !definition.IsRequired)
            {
                if (definition.HasDefaultValue) coerced[definition.Name] = definition.DefaultValue;
                continue;
            }

            if (!ValueFromAst.TryCoerce(valueNode, definition.Type, variables, out var value))
            {
                GraphQLError? first = null;
                InputLiteralValidation.Validate(valueNode, definition.Type, (error, path) =>
                    first ??= new GraphQLError($"Argument \"{definition}\" has invalid value{InputCoercion.PrintPathArray(path)}: {error.Message}",
                        error.Locations, originalError: error), variables);
                throw first ?? new GraphQLError($"Argument \"{definition}\" has invalid value.", Locations(valueNode));
            }
            coerced[definition.Name] = value;
        }
        return new ArgumentValues(coerced);
    }

    /// <summary>The arguments of <paramref name="directive"/> where it is applied to <paramref name="node"/>, or null when it is not.</summary>
    public static ArgumentValues? GetDirectiveValues(GraphQLDirective directive, IReadOnlyList<DirectiveNode> directives,
        IReadOnlyDictionary<string, object?> variables)
    {
        foreach (var applied in directives)
        {
            if (applied.Name.Value == directive.Name)
                return GetArgumentValues(directive.Arguments, applied, applied.Arguments, variables);
        }
        return null;
    }

    internal static IReadOnlyList<SourceLocation>? Locations(Node node) => InputLiteralValidation.LocationsOf(node);
}
