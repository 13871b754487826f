using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Types;

/// <summary>
/// The spec's type validation (the "Type Validation" sub-sections of section 3), in graphql-js's
/// order and with its messages (graphql-js type/validate): root types, directive definitions,
/// then every named type.
/// </summary>
public static class SchemaValidation
{
    public static IReadOnlyList<GraphQLError> Validate(GraphQLSchema schema)
    {
        var errors = new List<GraphQLError>();
        ValidateRootTypes(schema, errors);
        ValidateDirectives(schema, errors);
        ValidateTypes(schema, errors);
        return errors;
    }

    /// <summary>Records an error located at the SDL nodes it concerns (none for code-first schemas), as graphql-js does.</summary>
    private static void Report(List<GraphQLError> errors, string message, params IEnumerable<Node?> nodes)
    {
        var locations = nodes.OfType<Node>().Where(n => n.Location is not null).Select(n => n.Location!.Value.StartLocation).ToArray();
        errors.Add(new GraphQLError(message, locations));
    }

    private static IEnumerable<Node?> WithExtensions(GraphQLNamedType type) => [type.AstNode, .. type.ExtensionAstNodes];

    private static DirectiveNode? DeprecatedDirective(IReadOnlyList<DirectiveNode>? directives) =>
        directives?.FirstOrDefault(d => d.Name.Value == "deprecated");

    /// <summary>graphql-js getAllImplementsInterfaceNodes: where <paramref name="type"/> names <paramref name="iface"/> after "implements".</summary>
    private static IEnumerable<Node?> ImplementsNodes(GraphQLNamedType type, GraphQLNamedType iface)
    {
        IEnumerable<Node> nodes = WithExtensions(type).OfType<Node>();
        return nodes.SelectMany(n => n switch
        {
            ObjectTypeDefinitionNode o => o.Interfaces,
            InterfaceTypeDefinitionNode i => i.Interfaces,
            ObjectTypeExtensionNode o => o.Interfaces,
            InterfaceTypeExtensionNode i => i.Interfaces,
            _ => [],
        }).Where(named => named.Name.Value == iface.Name);
    }

    /// <summary>graphql-js getUnionMemberTypeNodes: where the union names the member.</summary>
    private static IEnumerable<Node?> UnionMemberNodes(GraphQLUnionType union, string name) =>
        WithExtensions(union).OfType<Node>().SelectMany(n => n switch
        {
            UnionTypeDefinitionNode u => u.Types,
            UnionTypeExtensionNode u => u.Types,
            _ => [],
        }).Where(named => named.Name.Value == name);

    private static Node? OperationTypeNode(GraphQLSchema schema, OperationType operation) =>
        new Node?[] { schema.AstNode }.OfType<SchemaDefinitionNode>().SelectMany(d => d.OperationTypes)
            .Concat(schema.ExtensionAstNodes.SelectMany(e => e.OperationTypes))
            .FirstOrDefault(o => o.Operation == operation)?.Type;

    // Spec 3.3.1 Root Operation Types
    private static void ValidateRootTypes(GraphQLSchema schema, List<GraphQLError> errors)
    {
        if (schema.DeclaredQueryType is null) Report(errors, "Query root type must be provided.", schema.AstNode);

        var operationsByRoot = new Dictionary<GraphQLObjectType, List<string>>();
        var nodesByRoot = new Dictionary<GraphQLObjectType, List<Node?>>();
        var order = new List<GraphQLObjectType>();
        foreach (var (operation, kind, root) in new[]
                 {
                     ("query", OperationType.Query, schema.DeclaredQueryType),
                     ("mutation", OperationType.Mutation, schema.DeclaredMutationType),
                     ("subscription", OperationType.Subscription, schema.DeclaredSubscriptionType),
                 })
        {
            if (root is null) continue;
            if (root is not GraphQLObjectType obj)
            {
                var capitalized = char.ToUpperInvariant(operation[0]) + operation[1..];
                Report(errors, operation == "query"
                    ? $"{capitalized} root type must be Object type, it cannot be {root}."
                    : $"{capitalized} root type must be Object type if provided, it cannot be {root}.",
                    OperationTypeNode(schema, kind) ?? root.AstNode);
                continue;
            }
            if (!operationsByRoot.TryGetValue(obj, out var operations))
            {
                operationsByRoot[obj] = operations = [];
                nodesByRoot[obj] = [];
                order.Add(obj);
            }
            operations.Add(operation);
            nodesByRoot[obj].Add(OperationTypeNode(schema, kind));
        }
        foreach (var root in order)
        {
            var operations = operationsByRoot[root];
            if (operations.Count > 1)
                Report(errors, $"All root types must be different, \"{root}\" type is used as {AndList(operations)} root types.", nodesByRoot[root]);
        }
    }

    internal static string AndList(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        2 => items[0] + " and " + items[1],
        _ => string.Join(", ", items.Take(items.Count - 1)) + ", and " + items[^1],
    };

    // Spec 3.13 Directives, "Validation"
    private static void ValidateDirectives(GraphQLSchema schema, List<GraphQLError> errors)
    {
        foreach (var directive in schema.Directives)
        {
            ValidateName(directive.Name, errors, directive.AstNode);
            if (directive.Locations.Count == 0)
                Report(errors, $"Directive {directive} must include 1 or more locations.", directive.AstNode);
            foreach (var argument in directive.Arguments)
            {
                ValidateName(argument.Name, errors, argument.AstNode);
                if (!argument.Type.IsInputType)
                    Report(errors, $"The type of {argument} must be Input Type but got: {argument.Type}.", argument.AstNode);
                if (argument.IsRequired && argument.DeprecationReason is not null)
                    Report(errors, $"Required argument {argument} cannot be deprecated.", DeprecatedDirective(argument.AstNode?.Directives), argument.AstNode?.Type);
                ValidateDefaultValue(argument, errors);
            }
        }
    }

    /// <summary>
    /// A default written in SDL must be a valid literal of its type. Code-first defaults are
    /// internal values, which graphql-js does not check either.
    /// </summary>
    private static void ValidateDefaultValue(GraphQLInputValue inputValue, List<GraphQLError> errors)
    {
        if (inputValue.DefaultLiteral is null) return;
        InputLiteralValidation.Validate(inputValue.DefaultLiteral, inputValue.Type, (error, path) =>
            errors.Add(new GraphQLError($"{inputValue} has invalid default value{InputCoercion.PrintPathArray(path)}: {error.Message}", error.Locations)));
    }

    private static void ValidateName(string name, List<GraphQLError> errors, Node? node)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
            Report(errors, $"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.", node);
    }

    private static void ValidateTypes(GraphQLSchema schema, List<GraphQLError> errors)
    {
        var finiteValues = new InputObjectFiniteValues(errors);
        var defaultValueCycles = new DefaultValueCircularReferences(errors);
        foreach (var type in schema.TypeList)
        {
            if (!Introspection.IsIntrospectionType(type)) ValidateName(type.Name, errors, type.AstNode);
            switch (type)
            {
                case GraphQLImplementingType implementing:
                    ValidateFields(implementing, errors);
                    ValidateInterfaces(schema, implementing, errors);
                    break;
                case GraphQLUnionType union:
                    ValidateUnionMembers(union, errors);
                    break;
                case GraphQLEnumType enumType:
                    ValidateEnumValues(enumType, errors);
                    break;
                case GraphQLInputObjectType input:
                    ValidateInputFields(input, errors);
                    finiteValues.Add(input);
                    defaultValueCycles.Detect(input);
                    break;
            }
        }
        finiteValues.Detect();
    }

    // Spec 3.6.1 / 3.7.1 Type Validation: fields and their arguments
    private static void ValidateFields(GraphQLImplementingType type, List<GraphQLError> errors)
    {
        var fields = type.GetFields();
        if (fields.Count == 0) Report(errors, $"Type {type} must define one or more fields.", WithExtensions(type));
        foreach (var field in fields)
        {
            ValidateName(field.Name, errors, field.AstNode);
            if (!field.Type.IsOutputType)
                Report(errors, $"The type of {field} must be Output Type but got: {field.Type}.", field.AstNode?.Type);
            foreach (var argument in field.Arguments)
            {
                ValidateName(argument.Name, errors, argument.AstNode);
                if (!argument.Type.IsInputType)
                    Report(errors, $"The type of {argument} must be Input Type but got: {argument.Type}.", argument.AstNode?.Type);
                if (argument.IsRequired && argument.DeprecationReason is not null)
                    Report(errors, $"Required argument {argument} cannot be deprecated.", DeprecatedDirective(argument.AstNode?.Directives), argument.AstNode?.Type);
                ValidateDefaultValue(argument, errors);
            }
        }
    }

    private static void ValidateInterfaces(GraphQLSchema schema, GraphQLImplementingType type, List<GraphQLError> errors)
    {
        var seen = new HashSet<string>();
        foreach (var declared in type.DeclaredInterfaces)
        {
            if (declared is not GraphQLInterfaceType iface)
            {
                Report(errors, $"Type {type} must only implement Interface types, it cannot implement {declared}.", ImplementsNodes(type, declared));
                continue;
            }
            if (ReferenceEquals(type, iface))
            {
                Report(errors, $"Type {type} cannot implement itself because it would create a circular reference.", ImplementsNodes(type, iface));
                continue;
            }
            if (!seen.Add(iface.Name))
            {
                Report(errors, $"Type {type} can only implement {iface} once.", ImplementsNodes(type, iface));
                continue;
            }
            ValidateTypeImplementsAncestors(type, iface, errors);
            ValidateTypeImplementsInterface(schema, type, iface, errors);
        }
    }

    // Spec 3.6.1 IsValidImplementation
    private static void ValidateTypeImplementsInterface(GraphQLSchema schema, GraphQLImplementingType type, GraphQLInterfaceType iface, List<GraphQLError> errors)
    {
        foreach (var ifaceField in iface.GetFields())
        {
            var typeField = type.GetField(ifaceField.Name);
            if (typeField is null)
            {
                Report(errors, $"Interface field {ifaceField} expected but {type} does not provide it.", [ifaceField.AstNode, .. WithExtensions(type)]);
                continue;
            }

            // Field types are covariant.
            if (!TypeComparators.IsTypeSubTypeOf(schema, typeField.Type, ifaceField.Type))
                Report(errors, $"Interface field {ifaceField} expects type {ifaceField.Type} but {typeField} is type {typeField.Type}.", ifaceField.AstNode?.Type, typeField.AstNode?.Type);

            foreach (var ifaceArgument in ifaceField.Arguments)
            {
                var typeArgument = typeField.GetArgument(ifaceArgument.Name);
                if (typeArgument is null)
                {
                    Report(errors, $"Interface field argument {ifaceArgument} expected but {typeField} does not provide it.", ifaceArgument.AstNode, typeField.AstNode);
                    continue;
                }
                // Argument types are invariant.
                if (!TypeComparators.IsEqualType(ifaceArgument.Type, typeArgument.Type))
                    Report(errors, $"Interface field argument {ifaceArgument} expects type {ifaceArgument.Type} but {typeArgument} is type {typeArgument.Type}.", ifaceArgument.AstNode?.Type, typeArgument.AstNode?.Type);
            }

            foreach (var typeArgument in typeField.Arguments)
            {
                if (typeArgument.IsRequired && ifaceField.GetArgument(typeArgument.Name) is null)
                    Report(errors, $"Argument \"{typeArgument}\" must not be required type \"{typeArgument.Type}\" if not provided by the Interface field \"{ifaceField}\".", typeArgument.AstNode, ifaceField.AstNode);
            }

            if (typeField.DeprecationReason is not null && ifaceField.DeprecationReason is null)
                Report(errors, $"Interface field {iface.Name}.{ifaceField.Name} is not deprecated, so implementation field {type.Name}.{typeField.Name} must not be deprecated.",
                    DeprecatedDirective(typeField.AstNode?.Directives), typeField.AstNode?.Type);
        }
    }

    private static void ValidateTypeImplementsAncestors(GraphQLImplementingType type, GraphQLInterfaceType iface, List<GraphQLError> errors)
    {
        var typeInterfaces = type.DeclaredInterfaces;
        foreach (var transitive in iface.DeclaredInterfaces)
        {
            if (typeInterfaces.Contains(transitive)) continue;
            Report(errors, ReferenceEquals(transitive, type)
                ? $"Type {type} cannot implement {iface} because it would create a circular reference."
                : $"Type {type} must implement {transitive} because it is implemented by {iface}.",
                [.. ImplementsNodes(iface, transitive), .. ImplementsNodes(type, iface)]);
        }
    }

    // Spec 3.8.1 Union Type Validation
    private static void ValidateUnionMembers(GraphQLUnionType union, List<GraphQLError> errors)
    {
        var members = union.DeclaredTypes;
        if (members.Count == 0) Report(errors, $"Union type {union} must define one or more member types.", WithExtensions(union));
        var seen = new HashSet<string>();
        foreach (var member in members)
        {
            if (!seen.Add(member.Name))
            {
                Report(errors, $"Union type {union} can only include type {member} once.", UnionMemberNodes(union, member.Name));
                continue;
            }
            if (member is not GraphQLObjectType)
                Report(errors, $"Union type {union} can only include Object types, it cannot include {member}.", UnionMemberNodes(union, member.Name));
        }
    }

    // Spec 3.9.1 Enum Type Validation
    private static void ValidateEnumValues(GraphQLEnumType enumType, List<GraphQLError> errors)
    {
        if (enumType.Values.Count == 0) Report(errors, $"Enum type {enumType} must define one or more values.", WithExtensions(enumType));
        foreach (var value in enumType.Values) ValidateName(value.Name, errors, value.AstNode);
    }

    // Spec 3.10.1 Input Object Type Validation
    private static void ValidateInputFields(GraphQLInputObjectType input, List<GraphQLError> errors)
    {
        var fields = input.GetFields();
        if (fields.Count == 0) Report(errors, $"Input Object type {input} must define one or more fields.", WithExtensions(input));
        foreach (var field in fields)
        {
            ValidateName(field.Name, errors, field.AstNode);
            if (!field.Type.IsInputType)
                Report(errors, $"The type of {field} must be Input Type but got: {field.Type}.", field.AstNode?.Type);
            if (field.IsRequired && field.DeprecationReason is not null)
                Report(errors, $"Required input field {field} cannot be deprecated.", DeprecatedDirective(field.AstNode?.Directives), field.AstNode?.Type);
            ValidateDefaultValue(field, errors);
            if (input.IsOneOf)
            {
                if (field.Type is GraphQLNonNullType)
                    Report(errors, $"OneOf input field {input}.{field.Name} must be nullable.", field.AstNode?.Type);
                if (field.HasDefaultValue)
                    Report(errors, $"OneOf input field {input}.{field.Name} cannot have a default value.", field.AstNode);
            }
        }
    }

    /// <summary>
    /// Every input object must admit a finite value (spec 3.10.1, item 3; graphql-js 17's
    /// formulation, which also covers OneOf input objects whose every field leads back to
    /// themselves). Types with a finite value are found by propagating from those whose fields
    /// need no input object at all; each cycle among the rest is reported once.
    /// </summary>
    private sealed class InputObjectFiniteValues(List<GraphQLError> errors)
    {
        private sealed class State(GraphQLInputObjectType inputObject)
        {
            public GraphQLInputObjectType InputObject { get; } = inputObject;
            public List<(GraphQLInputField Field, GraphQLInputObjectType Target)> Targets { get; } = [];
            public List<State> Dependents { get; } = [];
            public int UnresolvedTargetCount { get; set; }
            public bool HasFiniteValue { get; set; }
        }

        private readonly Dictionary<GraphQLInputObjectType, State> _states = [];
        private readonly List<State> _order = [];

        public void Add(GraphQLInputObjectType input)
        {
            var state = new State(input);
            if (_states.TryAdd(input, state)) _order.Add(state);
        }

        public void Detect()
        {
            var finite = new Stack<State>();
            void MarkFinite(State state)
            {
                if (state.HasFiniteValue) return;
                state.HasFiniteValue = true;
                finite.Push(state);
            }

            foreach (var state in _order)
            {
                var fields = state.InputObject.GetFields();
                foreach (var field in fields)
                {
                    var target = Target(state.InputObject, field.Type);
                    if (target is null) continue;
                    state.Targets.Add((field, target));
                    if (_states.TryGetValue(target, out var targetState)) targetState.Dependents.Add(state);
                }
                if (state.InputObject.IsOneOf)
                {
                    // One field leading anywhere but back into input objects is enough for a OneOf.
                    if (fields.Count == 0 || state.Targets.Count < fields.Count) MarkFinite(state);
                }
                else
                {
                    state.UnresolvedTargetCount = state.Targets.Count;
                    if (state.Targets.Count == 0) MarkFinite(state);
                }
            }

            while (finite.TryPop(out var resolved))
            {
                foreach (var dependent in resolved.Dependents)
                {
                    if (dependent.HasFiniteValue) continue;
                    if (dependent.InputObject.IsOneOf || --dependent.UnresolvedTargetCount == 0) MarkFinite(dependent);
                }
            }

            var visited = new HashSet<GraphQLInputObjectType>();
            var fieldPath = new List<(string Name, Node? Node)>();
            var pathIndexByType = new Dictionary<GraphQLInputObjectType, int>();
            void ReportCycles(State state)
            {
                if (!visited.Add(state.InputObject)) return;
                pathIndexByType[state.InputObject] = fieldPath.Count;
                foreach (var (field, target) in state.Targets)
                {
                    if (!_states.TryGetValue(target, out var targetState) || targetState.HasFiniteValue) continue;
                    fieldPath.Add(($"{state.InputObject}.{field.Name}", field.AstNode));
                    if (!pathIndexByType.TryGetValue(target, out var cycleIndex)) ReportCycles(targetState);
                    else
                    {
                        var cycle = fieldPath.Skip(cycleIndex).ToList();
                        SchemaValidation.Report(errors, $"Input Object {target} cannot be provided a finite value because it references itself through fields: {string.Join(", ", cycle.Select(c => c.Name))}.",
                            cycle.Select(c => c.Node));
                    }
                    fieldPath.RemoveAt(fieldPath.Count - 1);
                }
                pathIndexByType.Remove(state.InputObject);
            }

            foreach (var state in _order)
            {
                if (!state.HasFiniteValue) ReportCycles(state);
            }
        }

        private static GraphQLInputObjectType? Target(GraphQLInputObjectType input, GraphQLType fieldType) =>
            input.IsOneOf
                ? fieldType as GraphQLInputObjectType
                : fieldType is GraphQLNonNullType { OfType: GraphQLInputObjectType target } ? target : null;
    }

    /// <summary>
    /// Default values must not expand forever: a field whose default is an object that leaves out
    /// a field whose default is again that object, and so on (graphql-js default value cycles).
    /// </summary>
    private sealed class DefaultValueCircularReferences(List<GraphQLError> errors)
    {
        private readonly HashSet<string> _visitedFields = [];
        private readonly List<string> _fieldPath = [];
        private readonly Dictionary<string, int> _fieldPathIndex = [];

        public void Detect(GraphQLInputObjectType input) => DetectValue(input, new Dictionary<string, object?>());

        private void DetectValue(GraphQLInputObjectType input, object? value)
        {
            if (value is IEnumerable<object?> list and not IReadOnlyDictionary<string, object?>)
            {
                foreach (var item in list) DetectValue(input, item);
                return;
            }
            if (value is not IReadOnlyDictionary<string, object?> map) return;
            foreach (var field in input.GetFields())
            {
                if (field.Type.NamedType is not GraphQLInputObjectType fieldType) continue;
                if (map.TryGetValue(field.Name, out var fieldValue)) DetectValue(fieldType, fieldValue);
                else DetectField(field, fieldType, $"{input}.{field.Name}");
            }
        }

        private void DetectLiteral(GraphQLInputObjectType input, ValueNode literal)
        {
            if (literal is ListValueNode list)
            {
                foreach (var item in list.Values) DetectLiteral(input, item);
                return;
            }
            if (literal is not ObjectValueNode obj) return;
            var given = obj.Fields.GroupBy(f => f.Name.Value).ToDictionary(g => g.Key, g => g.First().Value);
            foreach (var field in input.GetFields())
            {
                if (field.Type.NamedType is not GraphQLInputObjectType fieldType) continue;
                if (given.TryGetValue(field.Name, out var fieldLiteral)) DetectLiteral(fieldType, fieldLiteral);
                else DetectField(field, fieldType, $"{input}.{field.Name}");
            }
        }

        private void DetectField(GraphQLInputField field, GraphQLInputObjectType fieldType, string fieldName)
        {
            if (!field.HasDefaultValue) return;
            if (_fieldPathIndex.TryGetValue(fieldName, out var cycleIndex))
            {
                var via = cycleIndex < _fieldPath.Count ? " via the default values of: " + string.Join(", ", _fieldPath.Skip(cycleIndex)) : "";
                errors.Add(new GraphQLError($"Invalid circular reference. The default value of Input Object field {fieldName} references itself{via}."));
                return;
            }
            if (!_visitedFields.Add(fieldName)) return;
            _fieldPath.Add(fieldName);
            _fieldPathIndex[fieldName] = _fieldPath.Count;
            // An SDL default is walked as written: coercing it could itself expand forever.
            if (field.DefaultLiteral is not null) DetectLiteral(fieldType, field.DefaultLiteral);
            else DetectValue(fieldType, field.DefaultValue);
            _fieldPath.RemoveAt(_fieldPath.Count - 1);
            _fieldPathIndex.Remove(fieldName);
        }
    }
}
