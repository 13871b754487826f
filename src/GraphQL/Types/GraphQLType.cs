using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>The eight kinds of type the spec names (section 4.2.1, <c>__TypeKind</c>).</summary>
public enum TypeKind
{
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
    List,
    NonNull,
}

/// <summary>
/// Any GraphQL type: a named type, or a list or non-null wrapper around another type
/// (spec section 3.4). <see cref="ToString"/> prints the type reference as SDL does: <c>[Post!]!</c>.
/// </summary>
public abstract class GraphQLType
{
    private protected GraphQLType() { }

    public abstract TypeKind Kind { get; }

    /// <summary>The named type at the bottom of any wrapping (spec "named type").</summary>
    public abstract GraphQLNamedType NamedType { get; }

    /// <summary>Scalars, enums, input objects, and wrappers of those (spec 3.4.2 IsInputType).</summary>
    public bool IsInputType => NamedType.Kind is TypeKind.Scalar or TypeKind.Enum or TypeKind.InputObject;

    /// <summary>Scalars, objects, interfaces, unions, enums, and wrappers of those (spec 3.4.2 IsOutputType).</summary>
    public bool IsOutputType => NamedType.Kind is not TypeKind.InputObject;

    public bool IsLeafType => Kind is TypeKind.Scalar or TypeKind.Enum;

    public bool IsCompositeType => Kind is TypeKind.Object or TypeKind.Interface or TypeKind.Union;

    public bool IsAbstractType => Kind is TypeKind.Interface or TypeKind.Union;

    public bool IsWrappingType => Kind is TypeKind.List or TypeKind.NonNull;

    /// <summary>The type without its outer non-null wrapper, if any.</summary>
    public GraphQLType Nullable => this is GraphQLNonNullType nonNull ? nonNull.OfType : this;
}

/// <summary>A type with a name: scalar, object, interface, union, enum or input object.</summary>
public abstract class GraphQLNamedType : GraphQLType
{
    private protected GraphQLNamedType(string name)
    {
        NameValidation.AssertName(name);
        Name = name;
    }

    public string Name { get; }

    public string? Description { get; init; }

    /// <summary>The SDL definition the type was built from, for error locations; null for code-first types.</summary>
    public TypeDefinitionNode? AstNode { get; init; }

    /// <summary>The SDL extensions merged into the type.</summary>
    public IReadOnlyList<TypeExtensionNode> ExtensionAstNodes { get; init; } = [];

    public override GraphQLNamedType NamedType => this;

    public override string ToString() => Name;

    /// <summary>Resolves lazily declared members (fields, values, interfaces); the schema calls it once while it is built.</summary>
    internal virtual void Complete() { }
}

/// <summary>A list of values of <see cref="OfType"/> (spec 3.11).</summary>
public sealed class GraphQLListType(GraphQLType ofType) : GraphQLType
{
    public GraphQLType OfType { get; } = ofType ?? throw new ArgumentNullException(nameof(ofType));

    public override TypeKind Kind => TypeKind.List;

    public override GraphQLNamedType NamedType => OfType.NamedType;

    public override string ToString() => "[" + OfType + "]";

    public override bool Equals(object? obj) => obj is GraphQLListType other && OfType.Equals(other.OfType);

    public override int GetHashCode() => HashCode.Combine(1, OfType);
}

/// <summary>A value of <see cref="OfType"/> that is never null (spec 3.12).</summary>
public sealed class GraphQLNonNullType : GraphQLType
{
    public GraphQLNonNullType(GraphQLType ofType)
    {
        ArgumentNullException.ThrowIfNull(ofType);
        if (ofType is GraphQLNonNullType)
            throw new ArgumentException($"Expected {ofType} to be a GraphQL nullable type.", nameof(ofType));
        OfType = ofType;
    }

    public GraphQLType OfType { get; }

    public override TypeKind Kind => TypeKind.NonNull;

    public override GraphQLNamedType NamedType => OfType.NamedType;

    public override string ToString() => OfType + "!";

    public override bool Equals(object? obj) => obj is GraphQLNonNullType other && OfType.Equals(other.OfType);

    public override int GetHashCode() => HashCode.Combine(2, OfType);
}

/// <summary>Wrapping shorthands so type references read like SDL: <c>Scalars.String.NonNull().List()</c>.</summary>
public static class GraphQLTypeExtensions
{
    public static GraphQLNonNullType NonNull(this GraphQLType type) =>
        type as GraphQLNonNullType ?? new GraphQLNonNullType(type);

    public static GraphQLListType List(this GraphQLType type) => new(type);
}
