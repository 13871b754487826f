using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>graphql-js 17 (incremental delivery): subscriptions may only use @defer and @stream when they can be disabled with <c>if: false</c>.</summary>
public sealed class DeferStreamDirectiveOnValidOperationsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var checkedFragments = new HashSet<string>();
        return new Visitor().Enter<OperationDefinitionNode>(operation =>
        {
            if (operation.Operation != OperationType.Subscription) return;
            var visitedFragments = new HashSet<string>();
            if (ForbidUnconditionalDeferStream(context, checkedFragments, operation.SelectionSet, [], visitedFragments))
                checkedFragments.UnionWith(visitedFragments);
        });
    }

    private bool ForbidUnconditionalDeferStream(ValidationContext context, HashSet<string> checkedFragments, SelectionSetNode selectionSet, List<Node> parentNodes, HashSet<string> visitedFragments)
    {
        bool valid = true;
        foreach (var selection in selectionSet.Selections)
        {
            if (selection.Directives.FirstOrDefault(d => d.Name.Value == "skip") is { } skip && CanBeSkippedViaSkip(skip)) continue;
            if (selection.Directives.FirstOrDefault(d => d.Name.Value == "include") is { } include && CanBeSkippedViaInclude(include)) continue;

            foreach (var directive in selection.Directives)
            {
                var name = directive.Name.Value;
                if (name is not ("defer" or "stream") || IfArgumentCanBeFalse(directive)) continue;
                valid = false;
                var message = name == "defer"
                    ? "Defer directive not supported on subscription operations. Disable `@defer` by setting the `if` argument to `false`."
                    : "Stream directive not supported on subscription operations. Disable `@stream` by setting the `if` argument to `false`.";
                context.ReportError(this, message, [directive, .. Enumerable.Reverse(parentNodes)]);
            }

            if (selection is FragmentSpreadNode spread)
            {
                var fragmentName = spread.Name.Value;
                if (visitedFragments.Contains(fragmentName) || checkedFragments.Contains(fragmentName)) continue;
                visitedFragments.Add(fragmentName);
                if (context.GetFragment(fragmentName) is { } fragment)
                {
                    parentNodes.Add(spread);
                    valid = ForbidUnconditionalDeferStream(context, checkedFragments, fragment.SelectionSet, parentNodes, visitedFragments) && valid;
                    parentNodes.RemoveAt(parentNodes.Count - 1);
                }
            }
            else if (SelectionSetOf(selection) is { } nested)
            {
                valid = ForbidUnconditionalDeferStream(context, checkedFragments, nested, parentNodes, visitedFragments) && valid;
            }
        }
        return valid;
    }

    private static SelectionSetNode? SelectionSetOf(SelectionNode selection) => selection switch
    {
        FieldNode field => field.SelectionSet,
        InlineFragmentNode inline => inline.SelectionSet,
        _ => null,
    };

    private static ValueNode? IfArgument(DirectiveNode directive) => directive.Arguments.FirstOrDefault(a => a.Name.Value == "if")?.Value;

    private static bool IfArgumentCanBeFalse(DirectiveNode directive) => IfArgument(directive) switch
    {
        null => false,
        BooleanValueNode boolean => !boolean.Value,
        VariableNode => true,
        _ => false,
    };

    private static bool CanBeSkippedViaSkip(DirectiveNode skip) => IfArgument(skip) switch
    {
        BooleanValueNode boolean => boolean.Value,
        _ => true,
    };

    private static bool CanBeSkippedViaInclude(DirectiveNode include) => IfArgument(include) switch
    {
        null => false,
        BooleanValueNode boolean => !boolean.Value,
        _ => true,
    };
}
