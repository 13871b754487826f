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
            Collect(context, subscriptionType, operation.SelectionSet, grouped, order, forbidden, [], deferUsage: null);

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

    // The spec's CollectFields with no variables, where @skip and @include are not evaluated but
    // forbidden. A fragment is collected again under a different @defer, as graphql-js does.
    private static void Collect(
        ValidationContext context,
        GraphQLObjectType runtimeType,
        SelectionSetNode selectionSet,
        Dictionary<string, List<FieldNode>> grouped,
        List<string> order,
        List<DirectiveNode> forbidden,
        Dictionary<string, HashSet<DirectiveNode?>> visitedFragments,
        DirectiveNode? deferUsage)
    {
        context.SpendFragmentWork(selectionSet.Selections.Count);
        foreach (var selection in selectionSet.Selections)
        {
            if (selection.Directives.Count > 0)
            {
                context.SpendFragmentWork(selection.Directives.Count);
                context.SpendFragmentWork(DeferDirectiveOf(selection)?.Arguments.Count ?? 0);
            }
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
                    Collect(context, runtimeType, inline.SelectionSet, grouped, order, forbidden, visitedFragments, ActiveDefer(inline) ?? deferUsage);
                    break;
                case FragmentSpreadNode spread:
                    var fragment = context.GetFragment(spread.Name.Value);
                    if (fragment is null || !FragmentConditionMatches(context.Schema, fragment.TypeCondition, runtimeType)) continue;
                    var defer = ActiveDefer(spread) ?? deferUsage;
                    if (!visitedFragments.TryGetValue(spread.Name.Value, out var visited)) visitedFragments[spread.Name.Value] = visited = [];
                    if (visited.Contains(null) || (defer is not null && visited.Contains(defer))) continue;
                    visited.Add(defer);
                    Collect(context, runtimeType, fragment.SelectionSet, grouped, order, forbidden, visitedFragments, defer);
                    break;
            }
        }
    }

    private static DirectiveNode? DeferDirectiveOf(SelectionNode selection) => selection.Directives.FirstOrDefault(d => d.Name.Value == "defer");

    // Without variables, only a literal "if: false" turns @defer off (its "if" defaults to true).
    private static DirectiveNode? ActiveDefer(SelectionNode selection) =>
        DeferDirectiveOf(selection) is { } defer && defer.Arguments.FirstOrDefault(a => a.Name.Value == "if")?.Value is not BooleanValueNode { Value: false }
            ? defer
            : null;

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
