using System.Text;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>
/// Spec 5.3.2 Field Selection Merging: fields that share a response name in one selection (through
/// fragments too) must be the same field with the same arguments, unless their parents are
/// different object types, and must return types that can merge; sub-selections are compared
/// recursively. Follows graphql-js 17's algorithm, caches and work budget, so that the same pairs
/// are reported in the same order with the same messages.
/// </summary>
public sealed class OverlappingFieldsCanBeMergedRule : ValidationRule
{
    private const int MaxConflictDetailLength = 1000;
    private const int MaxConflictNodes = 20;
    private const int MaxComplexityBudget = 500_000;

    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var state = new State(context);
        return new Visitor().Enter<SelectionSetNode>((selectionSet, visit) =>
        {
            // An inline fragment's fields are compared with its parent's, when the parent's selection set is.
            if (visit.Parent is InlineFragmentNode) return;
            if (selectionSet.Selections.Count <= 1 && (selectionSet.Selections.Count == 0 || selectionSet.Selections[0] is not InlineFragmentNode)) return;
            var conflicts = state.FindConflictsWithinSelectionSet(context.ParentType, selectionSet);
            foreach (var conflict in conflicts)
            {
                context.ReportError(this,
                    $"Fields \"{MaybeAbbreviate(conflict.ResponseName)}\" conflict because {conflict.Reason}. Use different aliases on the fields to fetch both if this was intentional.",
                    [.. conflict.Fields1, .. conflict.Fields2]);
            }
        });
    }

    private sealed record Conflict(string ResponseName, string Reason, List<FieldNode> Fields1, List<FieldNode> Fields2);

    private sealed class FieldDetails(GraphQLNamedType? parentType, FieldNode node, GraphQLField? definition, DirectiveNode? streamDirective)
    {
        public GraphQLNamedType? ParentType { get; } = parentType;
        public FieldNode Node { get; } = node;
        public GraphQLField? Definition { get; } = definition;
        public DirectiveNode? StreamDirective { get; } = streamDirective;
        public bool IsSimpleLeaf { get; } = node.Arguments.Count == 0 && node.SelectionSet is null && streamDirective is null;
        public FieldInfo? Info { get; set; }
    }

    private sealed class FieldInfo
    {
        public required Dictionary<FieldInfo, Comparison> Comparisons { get; init; }
        public required GraphQLNamedType? NamedType { get; init; }
        public required ArgumentInfo? Arguments { get; init; }
        public required ArgumentInfo? StreamArguments { get; init; }
        public string? TypeString { get; set; }
    }

    private sealed class Comparison
    {
        public bool? SameName { get; set; }
        public bool? SameArguments { get; set; }
        public bool? SameStreamArguments { get; set; }
    }

    private sealed record ArgumentInfo(IReadOnlyList<ArgumentNode> Nodes, Dictionary<string, ValueNode> Values);

    private sealed class CollectFieldsResult
    {
        public Dictionary<string, List<FieldDetails>> GroupedFieldSet { get; } = [];
        public List<string> ResponseNames { get; } = [];
        public List<FragmentSpreadNode> Spreads { get; } = [];
        public Dictionary<CollectFieldsResult, List<(string ResponseName, List<FieldDetails> Fields1, List<FieldDetails> Fields2)>>? OverlappingFields { get; set; }
        public List<Spread>? FragmentSpreads { get; set; }
    }

    private sealed class Spread(FragmentSpreadNode node, FragmentDefinitionNode? definition)
    {
        public FragmentSpreadNode Node { get; set; } = node;
        public FragmentDefinitionNode? Definition { get; } = definition;
    }

    private sealed class State(ValidationContext context)
    {
        // Stand-in key for "no fragment definition" (a spread of an unknown fragment).
        private static readonly object Missing = new();
        private readonly Dictionary<(CollectFieldsResult, object), bool> _comparedFieldsAndFragmentPairs = [];
        private readonly Dictionary<(object, object), bool> _comparedFragmentPairs = [];
        private readonly Dictionary<(object?, SelectionSetNode), CollectFieldsResult> _cachedCollectFieldsResults = [];
        private readonly Dictionary<ValueNode, string> _comparisonKeys = [];
        private int _remainingComplexityBudget = MaxComplexityBudget;

        private void Spend(int cost)
        {
            _remainingComplexityBudget -= cost;
            if (_remainingComplexityBudget < 0) throw new ValidationAbortedException();
        }

        public List<Conflict> FindConflictsWithinSelectionSet(GraphQLNamedType? parentType, SelectionSetNode selectionSet)
        {
            var conflicts = new List<Conflict>();
            var collected = CollectFields(parentType, selectionSet);
            CollectConflictsWithin(conflicts, collected);
            if (collected.Spreads.Count != 0 && (collected.GroupedFieldSet.Count != 0 || collected.Spreads.Count > 1))
            {
                var spreads = GetFragmentSpreads(collected);
                for (int i = 0; i < spreads.Count; i++)
                {
                    CollectConflictsBetweenFieldsAndFragment(conflicts, false, collected, spreads[i]);
                    for (int j = i + 1; j < spreads.Count; j++)
                        CollectConflictsBetweenFragments(conflicts, false, spreads[i], spreads[j]);
                }
            }
            return conflicts;
        }

        private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool mutuallyExclusive, CollectFieldsResult collected, Spread spread)
        {
            Spend(1);
            if (collected.GroupedFieldSet.Count == 0) return;
            var fragment = spread.Definition;
            var key = (collected, (object?)fragment ?? Missing);
            if (_comparedFieldsAndFragmentPairs.TryGetValue(key, out var stored) && (mutuallyExclusive || stored == mutuallyExclusive)) return;
            _comparedFieldsAndFragmentPairs[key] = mutuallyExclusive;
            if (fragment is null) return;

            var collected2 = CollectFragmentFields(fragment);
            var referencedSpreads = GetFragmentSpreads(collected2);
            if (ReferenceEquals(collected, collected2)) return;
            CollectConflictsBetween(conflicts, mutuallyExclusive, collected, collected2);
            foreach (var referenced in referencedSpreads)
                CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, collected, referenced);
        }

        private bool HasFragmentPair(object a, object b, bool mutuallyExclusive) =>
            (_comparedFragmentPairs.TryGetValue((a, b), out var ab) && (mutuallyExclusive || ab == mutuallyExclusive))
            || (_comparedFragmentPairs.TryGetValue((b, a), out var ba) && (mutuallyExclusive || ba == mutuallyExclusive));

        private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool mutuallyExclusive, Spread spread1, Spread spread2)
        {
            var fragment1 = spread1.Definition;
            var fragment2 = spread2.Definition;
            Spend(2);
            if (ReferenceEquals(fragment1, fragment2)) return;
            object key1 = (object?)fragment1 ?? Missing, key2 = (object?)fragment2 ?? Missing;
            if (HasFragmentPair(key1, key2, mutuallyExclusive)) return;
            _comparedFragmentPairs[(key1, key2)] = mutuallyExclusive;
            if (fragment1 is null || fragment2 is null) return;

            var collected1 = CollectFragmentFields(fragment1);
            var referenced1 = GetFragmentSpreads(collected1);
            var collected2 = CollectFragmentFields(fragment2);
            var referenced2 = GetFragmentSpreads(collected2);
            CollectConflictsBetween(conflicts, mutuallyExclusive, collected1, collected2);
            foreach (var referenced in referenced2)
                CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, spread1, referenced);
            foreach (var referenced in referenced1)
                CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, referenced, spread2);
        }

        private List<Conflict> FindConflictsBetweenSubSelectionSets(bool mutuallyExclusive, GraphQLNamedType? parentType1, SelectionSetNode selectionSet1, GraphQLNamedType? parentType2, SelectionSetNode selectionSet2)
        {
            var conflicts = new List<Conflict>();
            var collected1 = CollectFields(parentType1, selectionSet1);
            var spreads1 = GetFragmentSpreads(collected1);
            var collected2 = CollectFields(parentType2, selectionSet2);
            var spreads2 = GetFragmentSpreads(collected2);
            CollectConflictsBetween(conflicts, mutuallyExclusive, collected1, collected2);
            foreach (var spread2 in spreads2)
                CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, collected1, spread2);
            foreach (var spread1 in spreads1)
                CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, collected2, spread1);
            foreach (var spread1 in spreads1)
            {
                foreach (var spread2 in spreads2)
                    CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, spread1, spread2);
            }
            return conflicts;
        }

        private void CollectConflictsWithin(List<Conflict> conflicts, CollectFieldsResult collected)
        {
            foreach (var responseName in collected.ResponseNames)
            {
                var fields = collected.GroupedFieldSet[responseName];
                for (int i = 0; i < fields.Count; i++)
                {
                    for (int j = i + 1; j < fields.Count; j++)
                    {
                        if (FindConflict(false, responseName, fields[i], fields[j]) is { } conflict) conflicts.Add(conflict);
                    }
                }
            }
        }

        private void CollectConflictsBetween(List<Conflict> conflicts, bool parentsMutuallyExclusive, CollectFieldsResult collected1, CollectFieldsResult collected2)
        {
            if (collected1.GroupedFieldSet.Count == 0 || collected2.GroupedFieldSet.Count == 0) return;
            foreach (var (responseName, fields1, fields2) in GetOverlappingFields(collected1, collected2))
            {
                foreach (var field1 in fields1)
                {
                    foreach (var field2 in fields2)
                    {
                        if (FindConflict(parentsMutuallyExclusive, responseName, field1, field2) is { } conflict) conflicts.Add(conflict);
                    }
                }
            }
        }

        private List<(string, List<FieldDetails>, List<FieldDetails>)> GetOverlappingFields(CollectFieldsResult collected1, CollectFieldsResult collected2)
        {
            collected1.OverlappingFields ??= [];
            if (collected1.OverlappingFields.TryGetValue(collected2, out var cached)) return cached;
            var overlapping = new List<(string, List<FieldDetails>, List<FieldDetails>)>();
            foreach (var responseName in collected1.ResponseNames)
            {
                Spend(1);
                if (collected2.GroupedFieldSet.TryGetValue(responseName, out var fields2))
                    overlapping.Add((responseName, collected1.GroupedFieldSet[responseName], fields2));
            }
            collected1.OverlappingFields[collected2] = overlapping;
            return overlapping;
        }

        private Conflict? FindConflict(bool parentsMutuallyExclusive, string responseName, FieldDetails details1, FieldDetails details2)
        {
            var node1 = details1.Node;
            var node2 = details2.Node;
            // Different object types can never both apply to one result object, so their fields need not agree.
            bool mutuallyExclusive = parentsMutuallyExclusive
                || (!ReferenceEquals(details1.ParentType, details2.ParentType) && details1.ParentType is GraphQLObjectType && details2.ParentType is GraphQLObjectType);
            Spend(2);

            if (details1.IsSimpleLeaf && details2.IsSimpleLeaf && ReferenceEquals(details1.Definition?.Type, details2.Definition?.Type) && node1.Name.Value == node2.Name.Value)
                return null;

            var info1 = GetFieldInfo(details1);
            var info2 = GetFieldInfo(details2);
            if (!info1.Comparisons.TryGetValue(info2, out var comparison))
            {
                comparison = new Comparison();
                info1.Comparisons[info2] = comparison;
            }

            if (!mutuallyExclusive)
            {
                var name1 = node1.Name.Value;
                var name2 = node2.Name.Value;
                comparison.SameName ??= name1 == name2;
                if (comparison.SameName == false)
                    return new Conflict(responseName, $"\"{MaybeAbbreviate(name1)}\" and \"{MaybeAbbreviate(name2)}\" are different fields", [node1], [node2]);
                comparison.SameArguments ??= SameArguments(info1.Arguments, info2.Arguments);
                if (comparison.SameArguments == false)
                    return new Conflict(responseName, "they have differing arguments", [node1], [node2]);
            }

            if (details1.StreamDirective is not null || details2.StreamDirective is not null)
            {
                var reason = "they have overlapping stream directives";
                if (details1.StreamDirective is not null && details2.StreamDirective is not null)
                {
                    comparison.SameStreamArguments ??= SameArguments(info1.StreamArguments, info2.StreamArguments);
                    if (comparison.SameStreamArguments == true) reason += ". See https://github.com/graphql/defer-stream-wg/discussions/100";
                }
                return new Conflict(responseName, reason, [node1], [node2]);
            }

            var type1 = details1.Definition?.Type;
            var type2 = details2.Definition?.Type;
            if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
            {
                info1.TypeString ??= type1.ToString();
                info2.TypeString ??= type2.ToString();
                return new Conflict(responseName, $"they return conflicting types \"{info1.TypeString}\" and \"{info2.TypeString}\"", [node1], [node2]);
            }

            if (node1.SelectionSet is { } selectionSet1 && node2.SelectionSet is { } selectionSet2)
            {
                var subConflicts = FindConflictsBetweenSubSelectionSets(mutuallyExclusive, info1.NamedType, selectionSet1, info2.NamedType, selectionSet2);
                return SubfieldConflicts(subConflicts, responseName, node1, node2);
            }
            return null;
        }

        private static FieldInfo GetFieldInfo(FieldDetails details) => details.Info ??= new FieldInfo
        {
            Comparisons = [],
            NamedType = details.Definition?.Type.NamedType,
            Arguments = GetArgumentInfo(details.Node.Arguments),
            StreamArguments = GetArgumentInfo(details.StreamDirective?.Arguments),
        };

        private static ArgumentInfo? GetArgumentInfo(IReadOnlyList<ArgumentNode>? arguments)
        {
            if (arguments is null || arguments.Count == 0) return null;
            var values = new Dictionary<string, ValueNode>();
            foreach (var argument in arguments) values[argument.Name.Value] = argument.Value;
            return new ArgumentInfo(arguments, values);
        }

        // Arguments are the same when the same names have structurally equal values (object fields in any order).
        private bool SameArguments(ArgumentInfo? arguments1, ArgumentInfo? arguments2)
        {
            if (arguments1 is null) return arguments2 is null;
            if (arguments2 is null || arguments1.Nodes.Count != arguments2.Nodes.Count) return false;
            foreach (var argument in arguments1.Nodes)
            {
                Spend(1);
                if (!arguments2.Values.TryGetValue(argument.Name.Value, out var value2)) return false;
                if (ComparisonKey(argument.Value) != ComparisonKey(value2)) return false;
            }
            return true;
        }

        private string ComparisonKey(ValueNode value)
        {
            if (_comparisonKeys.TryGetValue(value, out var key)) return key;
            var builder = new StringBuilder();
            WriteKey(value, builder);
            key = builder.ToString();
            _comparisonKeys[value] = key;
            return key;
        }

        private static void WriteKey(ValueNode value, StringBuilder builder)
        {
            switch (value)
            {
                case VariableNode v: builder.Append("$").Append(v.Name.Value).Append(';'); break;
                case IntValueNode v: builder.Append("i").Append(v.Value).Append(';'); break;
                case FloatValueNode v: builder.Append("f").Append(v.Value).Append(';'); break;
                case StringValueNode v: builder.Append(v.Block ? "B" : "s").Append(JsonSerializer.Serialize(v.Value)).Append(';'); break;
                case BooleanValueNode v: builder.Append(v.Value ? "t;" : "F;"); break;
                case NullValueNode: builder.Append("n;"); break;
                case EnumValueNode v: builder.Append("e").Append(v.Value).Append(';'); break;
                case ListValueNode v:
                    builder.Append('[');
                    foreach (var item in v.Values) WriteKey(item, builder);
                    builder.Append(']');
                    break;
                case ObjectValueNode v:
                    builder.Append('{');
                    foreach (var field in v.Fields.OrderBy(f => f.Name.Value, StringComparer.Ordinal))
                    {
                        builder.Append(field.Name.Value).Append(':');
                        WriteKey(field.Value, builder);
                    }
                    builder.Append('}');
                    break;
            }
        }

        // Two types conflict when they cannot be merged: different leaves, or different list and non-null wrapping.
        private bool DoTypesConflict(GraphQLType type1, GraphQLType type2)
        {
            if (ReferenceEquals(type1, type2)) return false;
            Spend(1);
            if (type1 is GraphQLListType list1) return type2 is GraphQLListType list2 ? DoTypesConflict(list1.OfType, list2.OfType) : true;
            if (type2 is GraphQLListType) return true;
            if (type1 is GraphQLNonNullType nonNull1) return type2 is GraphQLNonNullType nonNull2 ? DoTypesConflict(nonNull1.OfType, nonNull2.OfType) : true;
            if (type2 is GraphQLNonNullType) return true;
            if (type1.IsLeafType || type2.IsLeafType) return !ReferenceEquals(type1, type2);
            return false;
        }

        private CollectFieldsResult CollectFields(GraphQLNamedType? parentType, SelectionSetNode selectionSet)
        {
            var key = ((object?)parentType, selectionSet);
            if (_cachedCollectFieldsResults.TryGetValue(key, out var result)) return result;
            result = new CollectFieldsResult();
            CollectFieldsInto(parentType, selectionSet, result);
            _cachedCollectFieldsResults[key] = result;
            return result;
        }

        private CollectFieldsResult CollectFragmentFields(FragmentDefinitionNode fragment) =>
            CollectFields(TypeFromAst.Resolve(context.Schema, fragment.TypeCondition) as GraphQLNamedType, fragment.SelectionSet);

        private void CollectFieldsInto(GraphQLNamedType? parentType, SelectionSetNode selectionSet, CollectFieldsResult result)
        {
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                        var definition = parentType is GraphQLImplementingType implementing ? implementing.GetField(field.Name.Value) : null;
                        var responseName = field.ResponseKey;
                        if (!result.GroupedFieldSet.TryGetValue(responseName, out var list))
                        {
                            result.GroupedFieldSet[responseName] = list = [];
                            result.ResponseNames.Add(responseName);
                        }
                        var stream = field.Directives.FirstOrDefault(d => d.Name.Value == "stream");
                        list.Add(new FieldDetails(parentType, field, definition, stream));
                        break;
                    case FragmentSpreadNode spread:
                        result.Spreads.Add(spread);
                        break;
                    case InlineFragmentNode inline:
                        var inlineType = inline.TypeCondition is { } condition
                            ? TypeFromAst.Resolve(context.Schema, condition) as GraphQLNamedType
                            : parentType;
                        CollectFieldsInto(inlineType, inline.SelectionSet, result);
                        break;
                }
            }
        }

        // The distinct fragments spread by a selection (graphql-js keeps the last spread node of each).
        private List<Spread> GetFragmentSpreads(CollectFieldsResult collected)
        {
            if (collected.FragmentSpreads is { } cached) return cached;
            var byDefinition = new Dictionary<object, Spread>();
            var result = new List<Spread>();
            foreach (var node in collected.Spreads)
            {
                Spend(1);
                var definition = context.GetFragment(node.Name.Value);
                var key = (object?)definition ?? Missing;
                if (byDefinition.TryGetValue(key, out var previous))
                {
                    previous.Node = node;
                }
                else
                {
                    var spread = new Spread(node, definition);
                    byDefinition[key] = spread;
                    result.Add(spread);
                }
            }
            collected.FragmentSpreads = result;
            return result;
        }

        private static Conflict? SubfieldConflicts(List<Conflict> conflicts, string responseName, FieldNode node1, FieldNode node2)
        {
            if (conflicts.Count == 0) return null;
            var message = new StringBuilder();
            foreach (var conflict in conflicts)
            {
                if (message.Length > 0) message.Append(" and ");
                message.Append($"subfields \"{MaybeAbbreviate(conflict.ResponseName)}\" conflict because {conflict.Reason}");
                if (message.Length > MaxConflictDetailLength) break;
            }
            return new Conflict(responseName, MaybeAbbreviate(message.ToString()),
                CollectConflictNodes(node1, conflicts, c => c.Fields1),
                CollectConflictNodes(node2, conflicts, c => c.Fields2));
        }

        private static List<FieldNode> CollectConflictNodes(FieldNode node, List<Conflict> conflicts, Func<Conflict, List<FieldNode>> side)
        {
            var nodes = new List<FieldNode> { node };
            foreach (var conflict in conflicts)
            {
                int remaining = MaxConflictNodes - nodes.Count;
                var fields = side(conflict);
                nodes.AddRange(fields.Skip(Math.Max(0, fields.Count - remaining)));
                if (nodes.Count == MaxConflictNodes) break;
            }
            return nodes;
        }
    }

    private static string MaybeAbbreviate(string text) =>
        text.Length > MaxConflictDetailLength ? text[..MaxConflictDetailLength] + "..." : text;
}
