using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Execution;

/// <summary>The fields of a selection set grouped by response key, in document order (spec 6.3.2 CollectFields).</summary>
public sealed class GroupedFieldSet
{
    public List<string> Keys { get; } = [];

    public List<List<FieldNode>> Fields { get; } = [];

    public int Count => Keys.Count;

    internal void Add(string key, FieldNode node)
    {
        // Selection sets are small; a linear scan beats hashing here.
        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i] == key)
            {
                Fields[i].Add(node);
                return;
            }
        }
        Keys.Add(key);
        Fields.Add([node]);
    }
}

/// <summary>
/// CollectFields (spec 6.3.2): walks a selection set for an object type, applying @skip and
/// @include, fragment spreads (each once) and inline fragments whose type condition applies.
/// </summary>
public static class FieldCollection
{
    public static GroupedFieldSet CollectFields(GraphQLSchema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLObjectType type, SelectionSetNode selectionSet)
    {
        var fields = new GroupedFieldSet();
        Collect(schema, fragments, variables, type, selectionSet, fields, []);
        return fields;
    }

    /// <summary>The sub-fields of a field's value (spec 6.4.3 MergeSelectionSets then CollectFields).</summary>
    public static GroupedFieldSet CollectSubfields(GraphQLSchema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLObjectType type, List<FieldNode> fieldNodes)
    {
        var fields = new GroupedFieldSet();
        var visited = new HashSet<string>();
        foreach (var node in fieldNodes)
        {
            if (node.SelectionSet is not null) Collect(schema, fragments, variables, type, node.SelectionSet, fields, visited);
        }
        return fields;
    }

    private static void Collect(GraphQLSchema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLObjectType type, SelectionSetNode selectionSet,
        GroupedFieldSet fields, HashSet<string> visitedFragments)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    if (!ShouldInclude(field.Directives, variables)) continue;
                    fields.Add(field.ResponseKey, field);
                    break;
                case InlineFragmentNode inline:
                    if (!ShouldInclude(inline.Directives, variables) || !DoesFragmentConditionMatch(schema, inline.TypeCondition, type)) continue;
                    Collect(schema, fragments, variables, type, inline.SelectionSet, fields, visitedFragments);
                    break;
                case FragmentSpreadNode spread:
                    var name = spread.Name.Value;
                    if (!ShouldInclude(spread.Directives, variables) || visitedFragments.Contains(name)) continue;
                    visitedFragments.Add(name);
                    if (!fragments.TryGetValue(name, out var fragment) || !DoesFragmentConditionMatch(schema, fragment.TypeCondition, type)) continue;
                    Collect(schema, fragments, variables, type, fragment.SelectionSet, fields, visitedFragments);
                    break;
            }
        }
    }

    /// <summary>@skip(if: true) excludes, @include(if: false) excludes (spec 3.13.2, 3.13.3).</summary>
    private static bool ShouldInclude(IReadOnlyList<DirectiveNode> directives, IReadOnlyDictionary<string, object?> variables)
    {
        if (directives.Count == 0) return true;
        var skip = Values.GetDirectiveValues(Directives.Skip, directives, variables);
        if (skip is not null && skip["if"] is true) return false;
        var include = Values.GetDirectiveValues(Directives.Include, directives, variables);
        return include is null || include["if"] is not false;
    }

    private static bool DoesFragmentConditionMatch(GraphQLSchema schema, NamedTypeNode? typeCondition, GraphQLObjectType type)
    {
        if (typeCondition is null) return true;
        var conditionalType = schema.GetType(typeCondition.Name.Value);
        if (ReferenceEquals(conditionalType, type)) return true;
        return conditionalType is { IsAbstractType: true } && schema.IsSubType(conditionalType, type);
    }
}
