using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation;

/// <summary>
/// Refuses an operation that exceeds <see cref="OperationLimits"/>, before validation: a document of
/// ten thousand aliases or directives, or a fragment bomb, is refused without the validator
/// working through it. So it judges documents that may be invalid (unknown fields, types or
/// fragments, fragment cycles, no operation): it never throws, loops or recurses on the stack,
/// and leaves to validation what it cannot judge (an unknown field costs 1 and is no list).
/// Its work is linear in the document: each fragment's depth and cost are computed once, so a
/// fragment spreading the previous one twice, forty times over, takes microseconds.
/// </summary>
public static class OperationLimitsAnalyzer
{
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    public const string MaxDirectivesExceeded = "MAX_DIRECTIVES_EXCEEDED";
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    public const string MaxCostExceeded = "MAX_COST_EXCEEDED";

    /// <summary>
    /// Checks the operation that will run: the one named <paramref name="operationName"/>, or the
    /// document's only one; when that is ambiguous (several, or several of that name), every
    /// candidate, counting aliases and directives over all of them and taking the largest depth
    /// and cost. No operation to run, no error (execution reports it). At most one error per
    /// exceeded limit, with <c>extensions</c> <c>code</c>, <c>limit</c> and <c>actual</c>.
    /// </summary>
    /// <param name="variables">The request's variables (JSON elements or CLR values), for list sizes given as variables.</param>
    public static IReadOnlyList<GraphQLError> Check(
        GraphQLSchema schema,
        DocumentNode document,
        string? operationName,
        IReadOnlyDictionary<string, object?>? variables,
        OperationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(limits);

        var operations = new List<OperationDefinitionNode>();
        var fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case OperationDefinitionNode operation when operationName is null || operation.Name?.Value == operationName:
                    operations.Add(operation);
                    break;
                case FragmentDefinitionNode fragment:
                    // As execution does, the first of several fragments with one name is the one spread.
                    fragments.TryAdd(fragment.Name.Value, fragment);
                    break;
            }
        }
        if (operations.Count == 0) return [];

        var errors = new List<GraphQLError>();
        if (limits.MaxAliases is not null || limits.MaxDirectivesPerLocation is not null)
        {
            var written = WrittenCounts.Of(operations, fragments);
            if (limits.MaxAliases is { } maxAliases && written.Aliases > maxAliases)
            {
                errors.Add(Error(MaxAliasesExceeded,
                    $"The operation has {written.Aliases} aliases; the limit is {maxAliases}.",
                    written.FirstAliasOverLimit(maxAliases), maxAliases, written.Aliases));
            }
            if (limits.MaxDirectivesPerLocation is { } maxDirectives && written.MostDirectives > maxDirectives)
            {
                errors.Add(Error(MaxDirectivesExceeded,
                    $"{Describe(written.MostDirectivesAt!)} has {written.MostDirectives} directives; the limit per location is {maxDirectives}.",
                    written.MostDirectivesAt, maxDirectives, written.MostDirectives));
            }
        }

        if (limits.MaxDepth is not null || limits.MaxCost is not null)
        {
            var estimate = new CostEstimate(schema, fragments, operations, variables, limits);
            Measure? deepest = null, costliest = null;
            OperationDefinitionNode? costliestOperation = null;
            foreach (var operation in operations)
            {
                var measure = estimate.Of(operation);
                if (deepest is null || measure.Depth > deepest.Value.Depth) deepest = measure;
                if (costliest is null || measure.Cost > costliest.Value.Cost)
                {
                    costliest = measure;
                    costliestOperation = operation;
                }
            }
            if (limits.MaxDepth is { } maxDepth && deepest!.Value.Depth > maxDepth)
            {
                errors.Add(Error(MaxDepthExceeded,
                    $"The operation nests fields {deepest.Value.Depth} deep; the limit is {maxDepth}.",
                    deepest.Value.Deepest, maxDepth, deepest.Value.Depth));
            }
            if (limits.MaxCost is { } maxCost && costliest!.Value.Cost > maxCost)
            {
                var actual = costliest.Value.Cost == long.MaxValue ? $"at least {long.MaxValue}" : $"{costliest.Value.Cost}";
                errors.Add(Error(MaxCostExceeded,
                    $"The operation's estimated cost is {actual}; the limit is {maxCost}.",
                    costliestOperation, maxCost, costliest.Value.Cost));
            }
        }
        return errors;
    }

    private static GraphQLError Error(string code, string message, Node? node, long limit, long actual) =>
        new(message,
            node?.Location is { } location ? [location.StartLocation] : [],
            extensions: new Dictionary<string, object?> { ["code"] = code, ["limit"] = limit, ["actual"] = actual });

    private static string Describe(Node node) => node switch
    {
        FieldNode field => $"Field \"{field.ResponseKey}\"",
        FragmentSpreadNode spread => $"Fragment spread \"{spread.Name.Value}\"",
        InlineFragmentNode => "An inline fragment",
        OperationDefinitionNode { Name: { } name } => $"Operation \"{name.Value}\"",
        OperationDefinitionNode => "The operation",
        FragmentDefinitionNode fragment => $"Fragment \"{fragment.Name.Value}\"",
        VariableDefinitionNode variable => $"Variable \"${variable.Variable.Name.Value}\"",
        _ => "A location",
    };

    /// <summary>
    /// Aliases and directives as written in the operations and the fragments they reach, each
    /// definition once, without following a spread twice.
    /// </summary>
    private sealed class WrittenCounts
    {
        private readonly List<FieldNode> _aliased = [];

        public int Aliases => _aliased.Count;

        public int MostDirectives { get; private set; }

        public Node? MostDirectivesAt { get; private set; }

        public FieldNode FirstAliasOverLimit(int limit) => _aliased[limit];

        public static WrittenCounts Of(List<OperationDefinitionNode> operations, Dictionary<string, FragmentDefinitionNode> fragments)
        {
            var counts = new WrittenCounts();
            var reached = new HashSet<FragmentDefinitionNode>();
            var definitions = new Queue<ExecutableDefinitionNode>(operations);
            // Selections in the order they are written, so the error points at the first alias past the limit.
            var selections = new Stack<SelectionNode>();
            while (definitions.TryDequeue(out var definition))
            {
                counts.Directives(definition, definition.Directives);
                foreach (var variable in definition.VariableDefinitions) counts.Directives(variable, variable.Directives);
                PushInReverse(selections, definition.SelectionSet);
                while (selections.TryPop(out var selection))
                {
                    counts.Directives(selection, selection.Directives);
                    switch (selection)
                    {
                        case FieldNode field:
                            if (field.Alias is not null) counts._aliased.Add(field);
                            if (field.SelectionSet is { } fieldSet) PushInReverse(selections, fieldSet);
                            break;
                        case InlineFragmentNode inline:
                            PushInReverse(selections, inline.SelectionSet);
                            break;
                        case FragmentSpreadNode spread:
                            if (fragments.TryGetValue(spread.Name.Value, out var fragment) && reached.Add(fragment)) definitions.Enqueue(fragment);
                            break;
                    }
                }
            }
            return counts;
        }

        private static void PushInReverse(Stack<SelectionNode> selections, SelectionSetNode set)
        {
            for (int i = set.Selections.Count - 1; i >= 0; i--) selections.Push(set.Selections[i]);
        }

        private void Directives(Node node, IReadOnlyList<DirectiveNode> directives)
        {
            if (directives.Count <= MostDirectives) return;
            MostDirectives = directives.Count;
            MostDirectivesAt = node;
        }
    }

    /// <summary>
    /// The depth and cost of a selection set, and its deepest field (where a depth error points). The
    /// cost of the connection lists in it (<see cref="OperationLimits.ConnectionListFields"/>) is kept
    /// per item, apart, until the field whose selection it is gives the page size.
    /// </summary>
    private readonly record struct Measure(long Cost, long CostPerPageItem, int Depth, FieldNode? Deepest)
    {
        public long CostFor(long pageSize) => SaturatingAdd(Cost, SaturatingMultiply(pageSize, CostPerPageItem));
    }

    /// <summary>
    /// Depth and cost of operations, walking selection sets with an explicit stack (a chain of
    /// thousands of fragments must not overflow the call stack) and remembering each fragment's
    /// measure, which does not depend on where it is spread: its fields are those of its type
    /// condition, and its connection lists' cost is kept per item of the page.
    /// </summary>
    private sealed class CostEstimate(
        GraphQLSchema schema,
        Dictionary<string, FragmentDefinitionNode> fragments,
        List<OperationDefinitionNode> operations,
        IReadOnlyDictionary<string, object?>? variables,
        OperationLimits limits)
    {
        private readonly Dictionary<FragmentDefinitionNode, Measure> _fragmentMeasures = [];
        private readonly HashSet<FragmentDefinitionNode> _inProgress = [];
        private readonly ListSizes _listSizes = new(operations, variables, limits);

        /// <summary>A selection set being measured, and how its measure folds into the enclosing one.</summary>
        private sealed class Frame(SelectionSetNode set, GraphQLNamedType? type)
        {
            public SelectionSetNode Set { get; } = set;
            public GraphQLNamedType? Type { get; } = type;
            public int Next { get; set; }
            public long Cost { get; set; }
            public long CostPerPageItem { get; set; }
            public int Depth { get; set; }
            public FieldNode? Deepest { get; set; }

            // Set when this is a field's selection set.
            public FieldNode? Field { get; init; }
            public long FieldCost { get; init; }
            public FieldSize Size { get; init; }

            // Set when this is a fragment's selection set.
            public FragmentDefinitionNode? Fragment { get; init; }

            public void Add(Measure measure)
            {
                Cost = SaturatingAdd(Cost, measure.Cost);
                CostPerPageItem = SaturatingAdd(CostPerPageItem, measure.CostPerPageItem);
                if (measure.Depth > Depth)
                {
                    Depth = measure.Depth;
                    Deepest = measure.Deepest;
                }
            }
        }

        public Measure Of(OperationDefinitionNode operation)
        {
            var stack = new Stack<Frame>();
            stack.Push(new Frame(operation.SelectionSet, schema.GetRootType(operation.Operation)));
            while (true)
            {
                var frame = stack.Peek();
                if (frame.Next == frame.Set.Selections.Count)
                {
                    stack.Pop();
                    var measure = new Measure(frame.Cost, frame.CostPerPageItem, frame.Depth, frame.Deepest);
                    if (frame.Field is { } field) measure = OfField(frame.FieldCost, frame.Size, measure.CostFor(frame.Size.PageSize), frame.Depth + 1, frame.Deepest ?? field);
                    if (frame.Fragment is { } fragment)
                    {
                        _inProgress.Remove(fragment);
                        _fragmentMeasures[fragment] = measure;
                    }
                    // Connection lists right under the root have no connection field: they count the default size.
                    if (!stack.TryPeek(out var enclosing)) return measure with { Cost = measure.CostFor(limits.DefaultListSize), CostPerPageItem = 0 };
                    enclosing.Add(measure);
                    continue;
                }

                var selection = frame.Set.Selections[frame.Next++];
                switch (selection)
                {
                    case FieldNode field:
                        var definition = frame.Type is null ? null : schema.GetField(frame.Type, field.Name.Value);
                        // __typename is answered from the type already at hand.
                        long fieldCost = field.Name.Value == "__typename" ? 0 : 1;
                        if (field.SelectionSet is null)
                        {
                            frame.Add(new Measure(fieldCost, 0, 1, field));
                        }
                        else
                        {
                            stack.Push(new Frame(field.SelectionSet, definition?.Type.NamedType)
                            {
                                Field = field,
                                FieldCost = fieldCost,
                                Size = _listSizes.Of(field, definition),
                            });
                        }
                        break;
                    case InlineFragmentNode inline:
                        var inlineType = inline.TypeCondition is { } condition ? schema.GetType(condition.Name.Value) : frame.Type;
                        stack.Push(new Frame(inline.SelectionSet, inlineType));
                        break;
                    case FragmentSpreadNode spread:
                        // An unknown fragment, or one that spreads itself, is validation's to report.
                        if (!fragments.TryGetValue(spread.Name.Value, out var fragmentDefinition) || _inProgress.Contains(fragmentDefinition)) break;
                        if (_fragmentMeasures.TryGetValue(fragmentDefinition, out var known))
                        {
                            frame.Add(known);
                            break;
                        }
                        _inProgress.Add(fragmentDefinition);
                        stack.Push(new Frame(fragmentDefinition.SelectionSet, schema.GetType(fragmentDefinition.TypeCondition.Name.Value))
                        {
                            Fragment = fragmentDefinition,
                        });
                        break;
                }
            }
        }

        // A field costs itself plus its selection, multiplied by its list sizes; a connection's list
        // counts the selection's cost per item of its connection's page.
        private static Measure OfField(long fieldCost, FieldSize size, long selectionCost, int depth, FieldNode? deepest)
        {
            var items = SaturatingMultiply(size.Multiplier, selectionCost);
            return size.SizedByConnection
                ? new Measure(fieldCost, items, depth, deepest)
                : new Measure(SaturatingAdd(fieldCost, items), 0, depth, deepest);
        }
    }

    internal static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    internal static long SaturatingMultiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
