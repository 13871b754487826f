using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>
/// graphql-js's recommended rule against introspection queries that nest the list fields of
/// <c>__Type</c> (fields, interfaces, possibleTypes, inputFields) three deep, which cost
/// exponential work to answer.
/// </summary>
public sealed class MaxIntrospectionDepthRule : ValidationRule
{
    private const int MaxListsDepth = 3;

    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var checkedFragments = new Dictionary<string, int>();
        var exceededFragments = new Dictionary<string, int>();

        bool CheckDepth(Node node, Dictionary<string, int> visitedFragments, int depth)
        {
            if (node is FragmentSpreadNode spread)
            {
                var name = spread.Name.Value;
                if (exceededFragments.TryGetValue(name, out var exceededDepth) && exceededDepth <= depth) return true;
                if ((visitedFragments.TryGetValue(name, out var visitedDepth) && visitedDepth >= depth)
                    || (checkedFragments.TryGetValue(name, out var checkedDepth) && checkedDepth >= depth))
                    return false;
                if (context.GetFragment(name) is not { } fragment) return false;
                visitedFragments[name] = depth;
                if (CheckDepth(fragment, visitedFragments, depth))
                {
                    exceededFragments[name] = depth;
                    return true;
                }
                checkedFragments[name] = depth;
                return false;
            }

            if (node is FieldNode { Name.Value: "fields" or "interfaces" or "possibleTypes" or "inputFields" })
            {
                depth++;
                if (depth >= MaxListsDepth) return true;
            }

            var selectionSet = node switch
            {
                FieldNode field => field.SelectionSet,
                InlineFragmentNode inline => inline.SelectionSet,
                FragmentDefinitionNode fragment => fragment.SelectionSet,
                OperationDefinitionNode operation => operation.SelectionSet,
                _ => null,
            };
            if (selectionSet is not null)
            {
                foreach (var child in selectionSet.Selections)
                {
                    if (CheckDepth(child, visitedFragments, depth)) return true;
                }
            }
            return false;
        }

        return new Visitor().Enter<FieldNode>((field, _) =>
        {
            if (field.Name.Value is "__schema" or "__type" && CheckDepth(field, [], 0))
            {
                context.ReportError(this, "Maximum introspection depth exceeded", field);
                return VisitResult.Skip;
            }
            return VisitResult.Continue;
        });
    }
}
