using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>
/// Spec 5.2.3.1 Single Root Field: a subscription selects exactly one root field, not an
/// introspection field, and without @skip or @include at the top level (they would make the one
/// field depend on variables).
/// </summary>
public sealed class SingleFieldSubscriptionsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<OperationDefinitionNode>(operation =>
        {
            if (operation.Operation != OperationType.Subscription) return;
            var subscriptionType = context.Schema.SubscriptionType;
            if (subscriptionType is null) return;

            var name = operation.Name?.Value;
            var grouped = new Dictionary<string, List<FieldNode>>();
            var order = new List<string>();
            var forbidden = new List<DirectiveNode>();
            Collect(context, subscriptionType, operation.SelectionSet, grouped, order, forbidden, []);

            if (forbidden.Count > 0)
            {
                context.ReportError(this, name is not null
                    ? $"Subscription \"{name}\" must not use `@skip` or `@include` directives in the top level selection."
                    : "Anonymous Subscription must not use `@skip` or `@include` directives in the top level selection.", forbidden);
                return;
            }
            if (order.Count == 0)
            {
                context.ReportError(this, name is not null
                    ? $"Subscription \"{name}\" must select one top level field."
                    : "Anonymous Subscription must select one top level field.", operation.SelectionSet);
            }
            else if (order.Count > 1)
            {
                context.ReportError(this, name is not null
                    ? $"Subscription \"{name}\" must select only one top level field."
                    : "Anonymous Subscription must select only one top level field.", order.Skip(1).SelectMany(key => grouped[key]));
            }
            foreach (var key in order)
            {
                var fields = grouped[key];
                if (fields[0].Name.Value.StartsWith("__", StringComparison.Ordinal))
                {
                    context.ReportError(this, name is not null
                        ? $"Subscription \"{name}\" must not select an introspection top level field."
                        : "Anonymous Subscription must not select an introspection top level field.", fields);
                }
            }
        });

    // The spec's CollectFields with no variables, where @skip and @include are not evaluated but forbidden.
    private static void Collect(
        ValidationContext context,
        GraphQLObjectType runtimeType,
        SelectionSetNode selectionSet,
        Dictionary<string, List<FieldNode>> grouped,
        List<string> order,
        List<DirectiveNode> forbidden,
        HashSet<string> visitedFragments)
    {
        context.SpendFragmentWork(selectionSet.Selections.Count);
        foreach (var selection in selectionSet.Selections)
        {
            context.SpendFragmentWork(selection.Directives.Count);
            if (!ShouldInclude(selection, forbidden)) continue;
            switch (selection)
            {
                case FieldNode field:
                    var key = field.ResponseKey;
                    if (!grouped.TryGetValue(key, out var list))
                    {
                        grouped[key] = list = [];
                        order.Add(key);
                    }
                    list.Add(field);
                    break;
                case InlineFragmentNode inline:
                    if (!FragmentConditionMatches(context.Schema, inline.TypeCondition, runtimeType)) continue;
                    Collect(context, runtimeType, inline.SelectionSet, grouped, order, forbidden, visitedFragments);
                    break;
                case FragmentSpreadNode spread:
                    var fragment = context.GetFragment(spread.Name.Value);
                    if (fragment is null || !FragmentConditionMatches(context.Schema, fragment.TypeCondition, runtimeType)) continue;
                    if (!visitedFragments.Add(spread.Name.Value)) continue;
                    Collect(context, runtimeType, fragment.SelectionSet, grouped, order, forbidden, visitedFragments);
                    break;
            }
        }
    }

    private static bool ShouldInclude(SelectionNode selection, List<DirectiveNode> forbidden)
    {
        bool include = true;
        foreach (var name in (ReadOnlySpan<string>)["skip", "include"])
        {
            var directive = selection.Directives.FirstOrDefault(d => d.Name.Value == name);
            if (directive is null) continue;
            forbidden.Add(directive);
            include = false;
            break;
        }
        return include;
    }

    private static bool FragmentConditionMatches(GraphQLSchema schema, NamedTypeNode? typeCondition, GraphQLObjectType type)
    {
        if (typeCondition is null) return true;
        var conditionalType = TypeFromAst.Resolve(schema, typeCondition);
        if (ReferenceEquals(conditionalType, type)) return true;
        return conditionalType is GraphQLNamedType { IsAbstractType: true } abstractType && schema.IsSubType(abstractType, type);
    }
}
