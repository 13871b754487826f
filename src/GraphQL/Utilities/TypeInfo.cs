using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// Tracks, while an executable document is visited, the schema types at the current position:
/// the output type and parent composite type of fields, the field, directive and argument
/// definitions, and the expected input type of values (graphql-js's <c>TypeInfo</c>).
/// Feed it every node with <see cref="Enter"/> and <see cref="Leave"/>, or wrap a visitor in
/// <see cref="TypeInfoVisitor"/>.
/// </summary>
public sealed class TypeInfo
{
    private readonly GraphQLSchema _schema;
    private readonly List<GraphQLType?> _typeStack = [];
    private readonly List<GraphQLNamedType?> _parentTypeStack = [];
    private readonly List<GraphQLType?> _inputTypeStack = [];
    private readonly List<GraphQLField?> _fieldDefStack = [];
    private readonly List<bool> _defaultValueStack = [];

    public TypeInfo(GraphQLSchema schema, GraphQLType? initialType = null)
    {
        _schema = schema;
        if (initialType is null) return;
        if (initialType.IsInputType) _inputTypeStack.Add(initialType);
        if (initialType.IsCompositeType) _parentTypeStack.Add((GraphQLNamedType)initialType);
        if (initialType.IsOutputType) _typeStack.Add(initialType);
    }

    /// <summary>The output type of the current field, operation or fragment.</summary>
    public GraphQLType? Type => Top(_typeStack);

    /// <summary>The composite type whose selection set we are in.</summary>
    public GraphQLNamedType? ParentType => Top(_parentTypeStack);

    /// <summary>The type the current value must have.</summary>
    public GraphQLType? InputType => Top(_inputTypeStack);

    /// <summary>The type of the value that contains the current one (the list or input object).</summary>
    public GraphQLType? ParentInputType => _inputTypeStack.Count >= 2 ? _inputTypeStack[^2] : null;

    public GraphQLField? FieldDef => Top(_fieldDefStack);

    /// <summary>Whether the argument or input field at the current position has a default value.</summary>
    public bool HasDefaultValue => _defaultValueStack.Count > 0 && _defaultValueStack[^1];

    public GraphQLDirective? Directive { get; private set; }

    public GraphQLArgument? Argument { get; private set; }

    public GraphQLEnumValue? EnumValue { get; private set; }

    private static T? Top<T>(List<T?> stack) where T : class => stack.Count == 0 ? null : stack[^1];

    public void Enter(Node node)
    {
        switch (node)
        {
            case SelectionSetNode:
            {
                var namedType = Type?.NamedType;
                _parentTypeStack.Add(namedType is { IsCompositeType: true } ? namedType : null);
                break;
            }
            case FieldNode field:
            {
                var parentType = ParentType;
                var fieldDef = parentType is null ? null : _schema.GetField(parentType, field.Name.Value);
                _fieldDefStack.Add(fieldDef);
                _typeStack.Add(fieldDef?.Type is { IsOutputType: true } type ? type : null);
                break;
            }
            case DirectiveNode directive:
                Directive = _schema.GetDirective(directive.Name.Value);
                break;
            case OperationDefinitionNode operation:
                _typeStack.Add(_schema.GetRootType(operation.Operation));
                break;
            case InlineFragmentNode inlineFragment:
            {
                var outputType = inlineFragment.TypeCondition is { } condition ? TypeFromAst.Resolve(_schema, condition) : Type?.NamedType;
                _typeStack.Add(outputType is { IsOutputType: true } ? outputType : null);
                break;
            }
            case FragmentDefinitionNode fragment:
            {
                var outputType = TypeFromAst.Resolve(_schema, fragment.TypeCondition);
                _typeStack.Add(outputType is { IsOutputType: true } ? outputType : null);
                break;
            }
            case VariableDefinitionNode variableDefinition:
            {
                var inputType = TypeFromAst.Resolve(_schema, variableDefinition.Type);
                _inputTypeStack.Add(inputType is { IsInputType: true } ? inputType : null);
                break;
            }
            case ArgumentNode argument:
            {
                GraphQLArgument? argDef = null;
                if (Directive is { } directive) argDef = directive.GetArgument(argument.Name.Value);
                else if (FieldDef is { } fieldDef) argDef = fieldDef.GetArgument(argument.Name.Value);
                Argument = argDef;
                _defaultValueStack.Add(argDef?.HasDefaultValue ?? false);
                _inputTypeStack.Add(argDef?.Type is { IsInputType: true } type ? type : null);
                break;
            }
            case ListValueNode:
            {
                var listType = InputType?.Nullable as GraphQLListType;
                _defaultValueStack.Add(false);
                _inputTypeStack.Add(listType?.OfType);
                break;
            }
            case ObjectFieldNode objectField:
            {
                GraphQLInputField? inputField = null;
                if (InputType?.NamedType is GraphQLInputObjectType objectType) inputField = objectType.GetField(objectField.Name.Value);
                _defaultValueStack.Add(inputField?.HasDefaultValue ?? false);
                _inputTypeStack.Add(inputField?.Type is { IsInputType: true } type ? type : null);
                break;
            }
            case EnumValueNode enumValue:
                EnumValue = InputType?.NamedType is GraphQLEnumType enumType ? enumType.GetValue(enumValue.Value) : null;
                break;
        }
    }

    public void Leave(Node node)
    {
        switch (node.Kind)
        {
            case NodeKind.SelectionSet:
                Pop(_parentTypeStack);
                break;
            case NodeKind.Field:
                Pop(_fieldDefStack);
                Pop(_typeStack);
                break;
            case NodeKind.Directive:
                Directive = null;
                break;
            case NodeKind.OperationDefinition:
            case NodeKind.InlineFragment:
            case NodeKind.FragmentDefinition:
                Pop(_typeStack);
                break;
            case NodeKind.VariableDefinition:
                Pop(_inputTypeStack);
                break;
            case NodeKind.Argument:
                Argument = null;
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case NodeKind.ListValue:
            case NodeKind.ObjectField:
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case NodeKind.EnumValue:
                EnumValue = null;
                break;
        }
    }

    private static void Pop<T>(List<T> stack)
    {
        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
    }
}

/// <summary>Runs a visitor with a <see cref="TypeInfo"/> kept in step with it (graphql-js's <c>visitWithTypeInfo</c>).</summary>
public sealed class TypeInfoVisitor(TypeInfo typeInfo, IVisitor visitor) : IVisitor
{
    public VisitResult Enter(Node node, VisitorContext context)
    {
        typeInfo.Enter(node);
        var result = visitor.Enter(node, context);
        if (result.Action != VisitAction.Continue)
        {
            // The traversal will not leave a node that is skipped, removed or replaced; undo its entry here.
            typeInfo.Leave(node);
            if (result.Action == VisitAction.Replace) typeInfo.Enter(result.Node!);
        }
        return result;
    }

    public VisitResult Leave(Node node, VisitorContext context)
    {
        var result = visitor.Leave(node, context);
        typeInfo.Leave(node);
        return result;
    }
}
