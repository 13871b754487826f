using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>Type equality and subtyping (graphql-js utilities/typeComparators), used by schema and document validation.</summary>
public static class TypeComparators
{
    /// <summary>The same named type under the same wrappers.</summary>
    public static bool IsEqualType(GraphQLType a, GraphQLType b) => (a, b) switch
    {
        _ when ReferenceEquals(a, b) => true,
        (GraphQLNonNullType x, GraphQLNonNullType y) => IsEqualType(x.OfType, y.OfType),
        (GraphQLListType x, GraphQLListType y) => IsEqualType(x.OfType, y.OfType),
        _ => false,
    };

    /// <summary>
    /// Whether a value of <paramref name="maybeSubType"/> is always a valid <paramref name="superType"/>:
    /// non-null is a subtype of nullable, lists are covariant, and a possible type is a subtype of its abstract type.
    /// </summary>
    public static bool IsTypeSubTypeOf(GraphQLSchema schema, GraphQLType maybeSubType, GraphQLType superType)
    {
        if (ReferenceEquals(maybeSubType, superType)) return true;
        if (superType is GraphQLNonNullType superNonNull)
            return maybeSubType is GraphQLNonNullType subNonNull && IsTypeSubTypeOf(schema, subNonNull.OfType, superNonNull.OfType);
        if (maybeSubType is GraphQLNonNullType nonNull) return IsTypeSubTypeOf(schema, nonNull.OfType, superType);
        if (superType is GraphQLListType superList)
            return maybeSubType is GraphQLListType subList && IsTypeSubTypeOf(schema, subList.OfType, superList.OfType);
        if (maybeSubType is GraphQLListType) return false;
        return superType.IsAbstractType
            && maybeSubType is GraphQLImplementingType
            && schema.IsSubType((GraphQLNamedType)superType, (GraphQLNamedType)maybeSubType);
    }

    /// <summary>Whether two composite types can have an object type in common (used by overlapping-field rules).</summary>
    public static bool DoTypesOverlap(GraphQLSchema schema, GraphQLNamedType a, GraphQLNamedType b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.IsAbstractType)
        {
            if (b.IsAbstractType) return schema.GetPossibleTypes(a).Any(t => schema.IsSubType(b, t));
            return schema.IsSubType(a, b);
        }
        return b.IsAbstractType && schema.IsSubType(b, a);
    }
}
