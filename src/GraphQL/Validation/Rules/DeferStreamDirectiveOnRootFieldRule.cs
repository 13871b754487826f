using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>graphql-js 17 (incremental delivery): @defer and @stream may not be used on the root fields of mutations and subscriptions.</summary>
public sealed class DeferStreamDirectiveOnRootFieldRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var checkedFragments = new HashSet<string>();
        return new Visitor().Enter<OperationDefinitionNode>(operation =>
        {
            if (operation.Operation is not (OperationType.Subscription or OperationType.Mutation)) return;
            var rootType = context.Schema.GetRootType(operation.Operation);
            if (rootType is null) return;
            var visitedFragments = new HashSet<string>();
            if (ForbidDeferStream(context, operation.Operation.Keyword(), rootType, checkedFragments, operation.SelectionSet, visitedFragments))
                checkedFragments.UnionWith(visitedFragments);
        });
    }

    private bool ForbidDeferStream(ValidationContext context, string operationType, GraphQLObjectType rootType, HashSet<string> checkedFragments, SelectionSetNode selectionSet, HashSet<string> visitedFragments)
    {
        bool valid = true;
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    if (field.Directives.FirstOrDefault(d => d.Name.Value == "stream") is { } stream)
                    {
                        valid = false;
                        context.ReportError(this, $"Stream directive cannot be used on root {operationType} type \"{rootType.Name}\".", stream);
                    }
                    break;
                case FragmentSpreadNode spread:
                    var name = spread.Name.Value;
                    if (!visitedFragments.Add(name)) continue;
                    if (context.GetFragment(name) is not { } fragment) continue;
                    if (spread.Directives.FirstOrDefault(d => d.Name.Value == "defer") is { } deferOnSpread)
                    {
                        valid = false;
                        context.ReportError(this, $"Defer directive cannot be used on root {operationType} type \"{rootType.Name}\".", deferOnSpread);
                    }
                    if (!checkedFragments.Contains(name))
                        valid = ForbidDeferStream(context, operationType, rootType, checkedFragments, fragment.SelectionSet, visitedFragments) && valid;
                    break;
                case InlineFragmentNode inline:
                    if (inline.Directives.FirstOrDefault(d => d.Name.Value == "defer") is { } defer)
                    {
                        valid = false;
                        context.ReportError(this, $"Defer directive cannot be used on root {operationType} type \"{rootType.Name}\".", defer);
                    }
                    valid = ForbidDeferStream(context, operationType, rootType, checkedFragments, inline.SelectionSet, visitedFragments) && valid;
                    break;
            }
        }
        return valid;
    }
}
