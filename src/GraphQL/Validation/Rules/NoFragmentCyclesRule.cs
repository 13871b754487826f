using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.2.2 Fragment Spreads Must Not Form Cycles; each cycle is reported once, with the spreads that form it.</summary>
public sealed class NoFragmentCyclesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var visited = new HashSet<string>();
        var spreadPath = new List<FragmentSpreadNode>();
        var spreadPathIndexByName = new Dictionary<string, int>();

        void DetectCycleRecursive(FragmentDefinitionNode fragment)
        {
            var fragmentName = fragment.Name.Value;
            if (!visited.Add(fragmentName)) return;
            var spreads = context.GetFragmentSpreads(fragment.SelectionSet);
            if (spreads.Count == 0) return;

            spreadPathIndexByName[fragmentName] = spreadPath.Count;
            foreach (var spread in spreads)
            {
                var spreadName = spread.Name.Value;
                spreadPath.Add(spread);
                if (!spreadPathIndexByName.TryGetValue(spreadName, out var cycleIndex))
                {
                    if (context.GetFragment(spreadName) is { } spreadFragment) DetectCycleRecursive(spreadFragment);
                }
                else
                {
                    var cyclePath = spreadPath.Skip(cycleIndex).ToList();
                    var viaPath = string.Join(", ", cyclePath.Take(cyclePath.Count - 1).Select(s => $"\"{s.Name.Value}\""));
                    context.ReportError(this, $"Cannot spread fragment \"{spreadName}\" within itself" + (viaPath.Length > 0 ? $" via {viaPath}." : "."), cyclePath);
                }
                spreadPath.RemoveAt(spreadPath.Count - 1);
            }
            spreadPathIndexByName.Remove(fragmentName);
        }

        return new Visitor()
            .Enter<OperationDefinitionNode>((_, _) => VisitResult.Skip)
            .Enter<FragmentDefinitionNode>((fragment, _) =>
            {
                DetectCycleRecursive(fragment);
                return VisitResult.Skip;
            });
    }
}
