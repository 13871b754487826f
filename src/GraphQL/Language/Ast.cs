namespace Es.GraphQL.Language;

// The AST: one immutable class per production of the spec's grammar, named and shaped as in
// graphql-js's ast.ts. Absent lists are empty, never null. Nodes compare by reference, so they
// can key dictionaries during validation and execution.

/// <summary>The base of every AST node: its kind and, unless parsed with noLocation, where it is.</summary>
public abstract class Node(Location? location)
{
    public abstract NodeKind Kind { get; }

    public Location? Location { get; } = location;

    /// <summary>Visits the children in graphql-js's visitor-key order and rebuilds the node if any changed.</summary>
    internal abstract Node VisitChildren(Traversal traversal);

    public override string ToString() => Printer.Print(this);
}

public sealed class NameNode(string value, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.Name;
    public string Value { get; } = value;
    internal override Node VisitChildren(Traversal t) => this;
}

public sealed class DocumentNode(IReadOnlyList<DefinitionNode> definitions, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.Document;
    public IReadOnlyList<DefinitionNode> Definitions { get; } = definitions;

    /// <summary>How many lexical tokens the parser read (0 when not parsed), as graphql-js's <c>tokenCount</c>.</summary>
    public int TokenCount { get; init; }

    internal override Node VisitChildren(Traversal t)
    {
        var definitions = t.List(Definitions, "definitions");
        return ReferenceEquals(definitions, Definitions) ? this : new DocumentNode(definitions, Location) { TokenCount = TokenCount };
    }
}

/// <summary>A top-level definition of a document (spec 2.2).</summary>
public abstract class DefinitionNode(Location? location) : Node(location);

/// <summary>An operation or fragment definition (spec 2.2, ExecutableDefinition).</summary>
public abstract class ExecutableDefinitionNode(Location? location) : DefinitionNode(location)
{
    public abstract StringValueNode? Description { get; }
    public abstract NameNode? Name { get; }
    public abstract IReadOnlyList<VariableDefinitionNode> VariableDefinitions { get; }
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
    public abstract SelectionSetNode SelectionSet { get; }
}

public sealed class OperationDefinitionNode(
    OperationType operation,
    NameNode? name,
    IReadOnlyList<VariableDefinitionNode>? variableDefinitions,
    IReadOnlyList<DirectiveNode>? directives,
    SelectionSetNode selectionSet,
    StringValueNode? description = null,
    Location? location = null) : ExecutableDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.OperationDefinition;
    public OperationType Operation { get; } = operation;
    public override StringValueNode? Description { get; } = description;
    public override NameNode? Name { get; } = name;
    public override IReadOnlyList<VariableDefinitionNode> VariableDefinitions { get; } = variableDefinitions ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public override SelectionSetNode SelectionSet { get; } = selectionSet;

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Optional(Name, "name");
        var variableDefinitions = t.List(VariableDefinitions, "variableDefinitions");
        var directives = t.List(Directives, "directives");
        var selectionSet = t.Required(SelectionSet, "selectionSet");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(variableDefinitions, VariableDefinitions)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(selectionSet, SelectionSet)
            ? this
            : new OperationDefinitionNode(Operation, name, variableDefinitions, directives, selectionSet, description, Location);
    }
}

public sealed class VariableDefinitionNode(
    VariableNode variable,
    TypeNode type,
    ValueNode? defaultValue = null,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.VariableDefinition;
    public StringValueNode? Description { get; } = description;
    public VariableNode Variable { get; } = variable;
    public TypeNode Type { get; } = type;
    public ValueNode? DefaultValue { get; } = defaultValue;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var variable = t.Required(Variable, "variable");
        var type = t.Required(Type, "type");
        var defaultValue = t.Optional(DefaultValue, "defaultValue");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(description, Description) && ReferenceEquals(variable, Variable) && ReferenceEquals(type, Type)
            && ReferenceEquals(defaultValue, DefaultValue) && ReferenceEquals(directives, Directives)
            ? this
            : new VariableDefinitionNode(variable, type, defaultValue, directives, description, Location);
    }
}

public sealed class SelectionSetNode(IReadOnlyList<SelectionNode> selections, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.SelectionSet;
    public IReadOnlyList<SelectionNode> Selections { get; } = selections;

    internal override Node VisitChildren(Traversal t)
    {
        var selections = t.List(Selections, "selections");
        return ReferenceEquals(selections, Selections) ? this : new SelectionSetNode(selections, Location);
    }
}

/// <summary>A field, fragment spread or inline fragment (spec 2.4).</summary>
public abstract class SelectionNode(Location? location) : Node(location)
{
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
}

public sealed class FieldNode(
    NameNode? alias,
    NameNode name,
    IReadOnlyList<ArgumentNode>? arguments = null,
    IReadOnlyList<DirectiveNode>? directives = null,
    SelectionSetNode? selectionSet = null,
    Location? location = null) : SelectionNode(location)
{
    public override NodeKind Kind => NodeKind.Field;
    public NameNode? Alias { get; } = alias;
    public NameNode Name { get; } = name;
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public SelectionSetNode? SelectionSet { get; } = selectionSet;

    /// <summary>The key of this field in the response: its alias, else its name (spec 2.7).</summary>
    public string ResponseKey => Alias?.Value ?? Name.Value;

    internal override Node VisitChildren(Traversal t)
    {
        var alias = t.Optional(Alias, "alias");
        var name = t.Required(Name, "name");
        var arguments = t.List(Arguments, "arguments");
        var directives = t.List(Directives, "directives");
        var selectionSet = t.Optional(SelectionSet, "selectionSet");
        return ReferenceEquals(alias, Alias) && ReferenceEquals(name, Name) && ReferenceEquals(arguments, Arguments)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(selectionSet, SelectionSet)
            ? this
            : new FieldNode(alias, name, arguments, directives, selectionSet, Location);
    }
}

public sealed class ArgumentNode(NameNode name, ValueNode value, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.Argument;
    public NameNode Name { get; } = name;
    public ValueNode Value { get; } = value;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var value = t.Required(Value, "value");
        return ReferenceEquals(name, Name) && ReferenceEquals(value, Value) ? this : new ArgumentNode(name, value, Location);
    }
}

public sealed class FragmentSpreadNode(NameNode name, IReadOnlyList<DirectiveNode>? directives = null, Location? location = null) : SelectionNode(location)
{
    public override NodeKind Kind => NodeKind.FragmentSpread;
    public NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) ? this : new FragmentSpreadNode(name, directives, Location);
    }
}

public sealed class InlineFragmentNode(
    NamedTypeNode? typeCondition,
    IReadOnlyList<DirectiveNode>? directives,
    SelectionSetNode selectionSet,
    Location? location = null) : SelectionNode(location)
{
    public override NodeKind Kind => NodeKind.InlineFragment;
    public NamedTypeNode? TypeCondition { get; } = typeCondition;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public SelectionSetNode SelectionSet { get; } = selectionSet;

    internal override Node VisitChildren(Traversal t)
    {
        var typeCondition = t.Optional(TypeCondition, "typeCondition");
        var directives = t.List(Directives, "directives");
        var selectionSet = t.Required(SelectionSet, "selectionSet");
        return ReferenceEquals(typeCondition, TypeCondition) && ReferenceEquals(directives, Directives) && ReferenceEquals(selectionSet, SelectionSet)
            ? this
            : new InlineFragmentNode(typeCondition, directives, selectionSet, Location);
    }
}

public sealed class FragmentDefinitionNode(
    NameNode name,
    NamedTypeNode typeCondition,
    IReadOnlyList<DirectiveNode>? directives,
    SelectionSetNode selectionSet,
    StringValueNode? description = null,
    Location? location = null) : ExecutableDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.FragmentDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;

    /// <summary>Always empty: fragment variables are an experimental graphql-js feature we do not parse.</summary>
    public override IReadOnlyList<VariableDefinitionNode> VariableDefinitions => [];
    public NamedTypeNode TypeCondition { get; } = typeCondition;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public override SelectionSetNode SelectionSet { get; } = selectionSet;

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var typeCondition = t.Required(TypeCondition, "typeCondition");
        var directives = t.List(Directives, "directives");
        var selectionSet = t.Required(SelectionSet, "selectionSet");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(typeCondition, TypeCondition)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(selectionSet, SelectionSet)
            ? this
            : new FragmentDefinitionNode(name, typeCondition, directives, selectionSet, description, Location);
    }
}

/// <summary>An input value literal or a variable (spec 2.9).</summary>
public abstract class ValueNode(Location? location) : Node(location);

public sealed class VariableNode(NameNode name, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.Variable;
    public NameNode Name { get; } = name;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        return ReferenceEquals(name, Name) ? this : new VariableNode(name, Location);
    }
}

/// <summary>An integer literal, kept as written so that coercion decides its range.</summary>
public sealed class IntValueNode(string value, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.IntValue;
    public string Value { get; } = value;
    internal override Node VisitChildren(Traversal t) => this;
}

/// <summary>A float literal, kept as written so that coercion decides its precision.</summary>
public sealed class FloatValueNode(string value, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.FloatValue;
    public string Value { get; } = value;
    internal override Node VisitChildren(Traversal t) => this;
}

/// <summary>A string literal, already unescaped (or dedented when <see cref="Block"/>).</summary>
public sealed class StringValueNode(string value, bool block = false, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.StringValue;
    public string Value { get; } = value;
    public bool Block { get; } = block;
    internal override Node VisitChildren(Traversal t) => this;
}

public sealed class BooleanValueNode(bool value, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.BooleanValue;
    public bool Value { get; } = value;
    internal override Node VisitChildren(Traversal t) => this;
}

public sealed class NullValueNode(Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.NullValue;
    internal override Node VisitChildren(Traversal t) => this;
}

public sealed class EnumValueNode(string value, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.EnumValue;
    public string Value { get; } = value;
    internal override Node VisitChildren(Traversal t) => this;
}

public sealed class ListValueNode(IReadOnlyList<ValueNode> values, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.ListValue;
    public IReadOnlyList<ValueNode> Values { get; } = values;

    internal override Node VisitChildren(Traversal t)
    {
        var values = t.List(Values, "values");
        return ReferenceEquals(values, Values) ? this : new ListValueNode(values, Location);
    }
}

public sealed class ObjectValueNode(IReadOnlyList<ObjectFieldNode> fields, Location? location = null) : ValueNode(location)
{
    public override NodeKind Kind => NodeKind.ObjectValue;
    public IReadOnlyList<ObjectFieldNode> Fields { get; } = fields;

    internal override Node VisitChildren(Traversal t)
    {
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(fields, Fields) ? this : new ObjectValueNode(fields, Location);
    }
}

public sealed class ObjectFieldNode(NameNode name, ValueNode value, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.ObjectField;
    public NameNode Name { get; } = name;
    public ValueNode Value { get; } = value;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var value = t.Required(Value, "value");
        return ReferenceEquals(name, Name) && ReferenceEquals(value, Value) ? this : new ObjectFieldNode(name, value, Location);
    }
}

public sealed class DirectiveNode(NameNode name, IReadOnlyList<ArgumentNode>? arguments = null, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.Directive;
    public NameNode Name { get; } = name;
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var arguments = t.List(Arguments, "arguments");
        return ReferenceEquals(name, Name) && ReferenceEquals(arguments, Arguments) ? this : new DirectiveNode(name, arguments, Location);
    }
}

/// <summary>A type reference (spec 2.11).</summary>
public abstract class TypeNode(Location? location) : Node(location);

public sealed class NamedTypeNode(NameNode name, Location? location = null) : TypeNode(location)
{
    public override NodeKind Kind => NodeKind.NamedType;
    public NameNode Name { get; } = name;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        return ReferenceEquals(name, Name) ? this : new NamedTypeNode(name, Location);
    }
}

public sealed class ListTypeNode(TypeNode type, Location? location = null) : TypeNode(location)
{
    public override NodeKind Kind => NodeKind.ListType;
    public TypeNode Type { get; } = type;

    internal override Node VisitChildren(Traversal t)
    {
        var type = t.Required(Type, "type");
        return ReferenceEquals(type, Type) ? this : new ListTypeNode(type, Location);
    }
}

/// <summary>A non-null type; its inner type is a named or list type, never another non-null.</summary>
public sealed class NonNullTypeNode(TypeNode type, Location? location = null) : TypeNode(location)
{
    public override NodeKind Kind => NodeKind.NonNullType;
    public TypeNode Type { get; } = type is NonNullTypeNode ? throw new ArgumentException("A non-null type cannot wrap a non-null type.", nameof(type)) : type;

    internal override Node VisitChildren(Traversal t)
    {
        var type = t.Required(Type, "type");
        return ReferenceEquals(type, Type) ? this : new NonNullTypeNode(type, Location);
    }
}

/// <summary>A schema, type or directive definition (spec 3).</summary>
public abstract class TypeSystemDefinitionNode(Location? location) : DefinitionNode(location);

public sealed class SchemaDefinitionNode(
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<OperationTypeDefinitionNode> operationTypes,
    StringValueNode? description = null,
    Location? location = null) : TypeSystemDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.SchemaDefinition;
    public StringValueNode? Description { get; } = description;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<OperationTypeDefinitionNode> OperationTypes { get; } = operationTypes;

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var directives = t.List(Directives, "directives");
        var operationTypes = t.List(OperationTypes, "operationTypes");
        return ReferenceEquals(description, Description) && ReferenceEquals(directives, Directives) && ReferenceEquals(operationTypes, OperationTypes)
            ? this
            : new SchemaDefinitionNode(directives, operationTypes, description, Location);
    }
}

public sealed class OperationTypeDefinitionNode(OperationType operation, NamedTypeNode type, Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.OperationTypeDefinition;
    public OperationType Operation { get; } = operation;
    public NamedTypeNode Type { get; } = type;

    internal override Node VisitChildren(Traversal t)
    {
        var type = t.Required(Type, "type");
        return ReferenceEquals(type, Type) ? this : new OperationTypeDefinitionNode(Operation, type, Location);
    }
}

/// <summary>The definition of a named type (spec 3.4).</summary>
public abstract class TypeDefinitionNode(Location? location) : TypeSystemDefinitionNode(location)
{
    public abstract StringValueNode? Description { get; }
    public abstract NameNode Name { get; }
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
}

public sealed class ScalarTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.ScalarTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives)
            ? this
            : new ScalarTypeDefinitionNode(name, directives, description, Location);
    }
}

public sealed class ObjectTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<NamedTypeNode>? interfaces = null,
    IReadOnlyList<DirectiveNode>? directives = null,
    IReadOnlyList<FieldDefinitionNode>? fields = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.ObjectTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var interfaces = t.List(Interfaces, "interfaces");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(interfaces, Interfaces)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new ObjectTypeDefinitionNode(name, interfaces, directives, fields, description, Location);
    }
}

public sealed class FieldDefinitionNode(
    NameNode name,
    IReadOnlyList<InputValueDefinitionNode>? arguments,
    TypeNode type,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.FieldDefinition;
    public StringValueNode? Description { get; } = description;
    public NameNode Name { get; } = name;
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments ?? [];
    public TypeNode Type { get; } = type;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var arguments = t.List(Arguments, "arguments");
        var type = t.Required(Type, "type");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(arguments, Arguments)
            && ReferenceEquals(type, Type) && ReferenceEquals(directives, Directives)
            ? this
            : new FieldDefinitionNode(name, arguments, type, directives, description, Location);
    }
}

/// <summary>An argument definition or an input object field definition (spec 3.6.1, 3.10).</summary>
public sealed class InputValueDefinitionNode(
    NameNode name,
    TypeNode type,
    ValueNode? defaultValue = null,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.InputValueDefinition;
    public StringValueNode? Description { get; } = description;
    public NameNode Name { get; } = name;
    public TypeNode Type { get; } = type;
    public ValueNode? DefaultValue { get; } = defaultValue;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var type = t.Required(Type, "type");
        var defaultValue = t.Optional(DefaultValue, "defaultValue");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(type, Type)
            && ReferenceEquals(defaultValue, DefaultValue) && ReferenceEquals(directives, Directives)
            ? this
            : new InputValueDefinitionNode(name, type, defaultValue, directives, description, Location);
    }
}

public sealed class InterfaceTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<NamedTypeNode>? interfaces = null,
    IReadOnlyList<DirectiveNode>? directives = null,
    IReadOnlyList<FieldDefinitionNode>? fields = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.InterfaceTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var interfaces = t.List(Interfaces, "interfaces");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(interfaces, Interfaces)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new InterfaceTypeDefinitionNode(name, interfaces, directives, fields, description, Location);
    }
}

public sealed class UnionTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives = null,
    IReadOnlyList<NamedTypeNode>? types = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.UnionTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<NamedTypeNode> Types { get; } = types ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var types = t.List(Types, "types");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(types, Types)
            ? this
            : new UnionTypeDefinitionNode(name, directives, types, description, Location);
    }
}

public sealed class EnumTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives = null,
    IReadOnlyList<EnumValueDefinitionNode>? values = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.EnumTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; } = values ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var values = t.List(Values, "values");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(values, Values)
            ? this
            : new EnumTypeDefinitionNode(name, directives, values, description, Location);
    }
}

public sealed class EnumValueDefinitionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : Node(location)
{
    public override NodeKind Kind => NodeKind.EnumValueDefinition;
    public StringValueNode? Description { get; } = description;
    public NameNode Name { get; } = name;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives)
            ? this
            : new EnumValueDefinitionNode(name, directives, description, Location);
    }
}

public sealed class InputObjectTypeDefinitionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives = null,
    IReadOnlyList<InputValueDefinitionNode>? fields = null,
    StringValueNode? description = null,
    Location? location = null) : TypeDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.InputObjectTypeDefinition;
    public override StringValueNode? Description { get; } = description;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new InputObjectTypeDefinitionNode(name, directives, fields, description, Location);
    }
}

public sealed class DirectiveDefinitionNode(
    NameNode name,
    IReadOnlyList<InputValueDefinitionNode>? arguments,
    bool repeatable,
    IReadOnlyList<NameNode> locations,
    IReadOnlyList<DirectiveNode>? directives = null,
    StringValueNode? description = null,
    Location? location = null) : TypeSystemDefinitionNode(location)
{
    public override NodeKind Kind => NodeKind.DirectiveDefinition;
    public StringValueNode? Description { get; } = description;
    public NameNode Name { get; } = name;
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments ?? [];

    /// <summary>Directives applied to the definition itself (graphql-js 17 extension of the grammar).</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public bool Repeatable { get; } = repeatable;
    public IReadOnlyList<NameNode> Locations { get; } = locations;

    internal override Node VisitChildren(Traversal t)
    {
        var description = t.Optional(Description, "description");
        var name = t.Required(Name, "name");
        var arguments = t.List(Arguments, "arguments");
        var directives = t.List(Directives, "directives");
        var locations = t.List(Locations, "locations");
        return ReferenceEquals(description, Description) && ReferenceEquals(name, Name) && ReferenceEquals(arguments, Arguments)
            && ReferenceEquals(directives, Directives) && ReferenceEquals(locations, Locations)
            ? this
            : new DirectiveDefinitionNode(name, arguments, Repeatable, locations, directives, description, Location);
    }
}

/// <summary>A schema, type or directive extension (spec 3.2.2, 3.4.3, ...).</summary>
public abstract class TypeSystemExtensionNode(Location? location) : DefinitionNode(location);

public sealed class SchemaExtensionNode(
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<OperationTypeDefinitionNode>? operationTypes,
    Location? location = null) : TypeSystemExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.SchemaExtension;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<OperationTypeDefinitionNode> OperationTypes { get; } = operationTypes ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var directives = t.List(Directives, "directives");
        var operationTypes = t.List(OperationTypes, "operationTypes");
        return ReferenceEquals(directives, Directives) && ReferenceEquals(operationTypes, OperationTypes)
            ? this
            : new SchemaExtensionNode(directives, operationTypes, Location);
    }
}

/// <summary>Adds directives to an existing directive definition (graphql-js 17 extension of the grammar).</summary>
public sealed class DirectiveExtensionNode(NameNode name, IReadOnlyList<DirectiveNode> directives, Location? location = null) : TypeSystemExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.DirectiveExtension;
    public NameNode Name { get; } = name;
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) ? this : new DirectiveExtensionNode(name, directives, Location);
    }
}

/// <summary>The extension of a named type (spec 3.4.3).</summary>
public abstract class TypeExtensionNode(Location? location) : TypeSystemExtensionNode(location)
{
    public abstract NameNode Name { get; }
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
}

public sealed class ScalarTypeExtensionNode(NameNode name, IReadOnlyList<DirectiveNode>? directives, Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.ScalarTypeExtension;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) ? this : new ScalarTypeExtensionNode(name, directives, Location);
    }
}

public sealed class ObjectTypeExtensionNode(
    NameNode name,
    IReadOnlyList<NamedTypeNode>? interfaces,
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<FieldDefinitionNode>? fields,
    Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.ObjectTypeExtension;
    public override NameNode Name { get; } = name;
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var interfaces = t.List(Interfaces, "interfaces");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(name, Name) && ReferenceEquals(interfaces, Interfaces) && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new ObjectTypeExtensionNode(name, interfaces, directives, fields, Location);
    }
}

public sealed class InterfaceTypeExtensionNode(
    NameNode name,
    IReadOnlyList<NamedTypeNode>? interfaces,
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<FieldDefinitionNode>? fields,
    Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.InterfaceTypeExtension;
    public override NameNode Name { get; } = name;
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces ?? [];
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var interfaces = t.List(Interfaces, "interfaces");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(name, Name) && ReferenceEquals(interfaces, Interfaces) && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new InterfaceTypeExtensionNode(name, interfaces, directives, fields, Location);
    }
}

public sealed class UnionTypeExtensionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<NamedTypeNode>? types,
    Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.UnionTypeExtension;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<NamedTypeNode> Types { get; } = types ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var types = t.List(Types, "types");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(types, Types)
            ? this
            : new UnionTypeExtensionNode(name, directives, types, Location);
    }
}

public sealed class EnumTypeExtensionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<EnumValueDefinitionNode>? values,
    Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.EnumTypeExtension;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; } = values ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var values = t.List(Values, "values");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(values, Values)
            ? this
            : new EnumTypeExtensionNode(name, directives, values, Location);
    }
}

public sealed class InputObjectTypeExtensionNode(
    NameNode name,
    IReadOnlyList<DirectiveNode>? directives,
    IReadOnlyList<InputValueDefinitionNode>? fields,
    Location? location = null) : TypeExtensionNode(location)
{
    public override NodeKind Kind => NodeKind.InputObjectTypeExtension;
    public override NameNode Name { get; } = name;
    public override IReadOnlyList<DirectiveNode> Directives { get; } = directives ?? [];
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; } = fields ?? [];

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var directives = t.List(Directives, "directives");
        var fields = t.List(Fields, "fields");
        return ReferenceEquals(name, Name) && ReferenceEquals(directives, Directives) && ReferenceEquals(fields, Fields)
            ? this
            : new InputObjectTypeExtensionNode(name, directives, fields, Location);
    }
}

/// <summary>A schema coordinate (spec 3.14): a type, a member, an argument, a directive or a directive argument.</summary>
public abstract class SchemaCoordinateNode(Location? location) : Node(location)
{
    public abstract NameNode Name { get; }
}

public sealed class TypeCoordinateNode(NameNode name, Location? location = null) : SchemaCoordinateNode(location)
{
    public override NodeKind Kind => NodeKind.TypeCoordinate;
    public override NameNode Name { get; } = name;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        return ReferenceEquals(name, Name) ? this : new TypeCoordinateNode(name, Location);
    }
}

public sealed class MemberCoordinateNode(NameNode name, NameNode memberName, Location? location = null) : SchemaCoordinateNode(location)
{
    public override NodeKind Kind => NodeKind.MemberCoordinate;
    public override NameNode Name { get; } = name;
    public NameNode MemberName { get; } = memberName;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var memberName = t.Required(MemberName, "memberName");
        return ReferenceEquals(name, Name) && ReferenceEquals(memberName, MemberName) ? this : new MemberCoordinateNode(name, memberName, Location);
    }
}

public sealed class ArgumentCoordinateNode(NameNode name, NameNode fieldName, NameNode argumentName, Location? location = null) : SchemaCoordinateNode(location)
{
    public override NodeKind Kind => NodeKind.ArgumentCoordinate;
    public override NameNode Name { get; } = name;
    public NameNode FieldName { get; } = fieldName;
    public NameNode ArgumentName { get; } = argumentName;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var fieldName = t.Required(FieldName, "fieldName");
        var argumentName = t.Required(ArgumentName, "argumentName");
        return ReferenceEquals(name, Name) && ReferenceEquals(fieldName, FieldName) && ReferenceEquals(argumentName, ArgumentName)
            ? this
            : new ArgumentCoordinateNode(name, fieldName, argumentName, Location);
    }
}

public sealed class DirectiveCoordinateNode(NameNode name, Location? location = null) : SchemaCoordinateNode(location)
{
    public override NodeKind Kind => NodeKind.DirectiveCoordinate;
    public override NameNode Name { get; } = name;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        return ReferenceEquals(name, Name) ? this : new DirectiveCoordinateNode(name, Location);
    }
}

public sealed class DirectiveArgumentCoordinateNode(NameNode name, NameNode argumentName, Location? location = null) : SchemaCoordinateNode(location)
{
    public override NodeKind Kind => NodeKind.DirectiveArgumentCoordinate;
    public override NameNode Name { get; } = name;
    public NameNode ArgumentName { get; } = argumentName;

    internal override Node VisitChildren(Traversal t)
    {
        var name = t.Required(Name, "name");
        var argumentName = t.Required(ArgumentName, "argumentName");
        return ReferenceEquals(name, Name) && ReferenceEquals(argumentName, ArgumentName) ? this : new DirectiveArgumentCoordinateNode(name, argumentName, Location);
    }
}
