using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Types;

/// <summary>
/// What arguments (spec 3.6.1) and input fields (spec 3.10) share: a name, an input type,
/// an optional default value, a description and a deprecation.
/// </summary>
public abstract class GraphQLInputValue
{
    private object? _defaultValue;
    private bool _defaultCoerced;
    private ValueNode? _defaultLiteral;

    private protected GraphQLInputValue(string name, GraphQLType type)
    {
        NameValidation.AssertName(name);
        Name = name;
        Type = type ?? throw new ArgumentNullException(nameof(type));
    }

    public string Name { get; }

    public GraphQLType Type { get; }

    public string? Description { get; init; }

    /// <summary>Set when the element carries <c>@deprecated</c>; null otherwise.</summary>
    public string? DeprecationReason { get; init; }

    /// <summary>
    /// The default, as an internal (already coerced) value: what a resolver receives when the
    /// argument is omitted. Setting it, even to null, marks the value as having a default. For a
    /// default written in SDL it is the literal's coercion, computed on first use (input objects
    /// may reference each other, so it cannot be computed while types are being built).
    /// </summary>
    public object? DefaultValue
    {
        get
        {
            if (!_defaultCoerced && DefaultLiteral is not null)
            {
                _defaultValue = ValueFromAst.Coerce(DefaultLiteral, Type);
                _defaultCoerced = true;
            }
            return _defaultValue;
        }
        init
        {
            _defaultValue = value;
            _defaultCoerced = true;
            HasDefaultValue = true;
        }
    }

    /// <summary>Whether a default was given; a default of null is still a default (spec 3.6.1).</summary>
    public bool HasDefaultValue { get; private set; }

    /// <summary>
    /// The default as written in SDL, kept so printing and introspection show it exactly as the
    /// schema author wrote it (graphql-js keeps <c>default.literal</c>); null for code-first defaults.
    /// </summary>
    public ValueNode? DefaultLiteral
    {
        get => _defaultLiteral;
        init
        {
            _defaultLiteral = value;
            if (value is not null) HasDefaultValue = true;
        }
    }

    /// <summary>Required means non-null without a default (spec 3.6.1 "required argument").</summary>
    public bool IsRequired => Type is GraphQLNonNullType && !HasDefaultValue;

    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>The SDL definition, for error locations; null for code-first values.</summary>
    public InputValueDefinitionNode? AstNode { get; init; }
}

/// <summary>An argument of a field or directive (spec 3.6.1).</summary>
public sealed class GraphQLArgument(string name, GraphQLType type) : GraphQLInputValue(name, type)
{
    /// <summary>The schema coordinate of the owner (<c>Type.field</c> or <c>@directive</c>), set when the owner is completed.</summary>
    internal string Owner { get; set; } = "";

    /// <summary>The schema coordinate, <c>Type.field(arg:)</c> or <c>@directive(arg:)</c>, as graphql-js prints it in messages.</summary>
    public override string ToString() => $"{Owner}({Name}:)";
}

/// <summary>A field of an input object type (spec 3.10).</summary>
public sealed class GraphQLInputField(string name, GraphQLType type) : GraphQLInputValue(name, type)
{
    public GraphQLInputObjectType ParentType { get; internal set; } = null!;

    public override string ToString() => $"{ParentType.Name}.{Name}";
}
