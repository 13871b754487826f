using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation;

/// <summary>A variable used in a document, with the type and default of the position it is used in.</summary>
public sealed record VariableUsage(VariableNode Node, GraphQLType? Type, GraphQLType? ParentType, bool HasLocationDefaultValue);

/// <summary>
/// What every rule of one validation shares (graphql-js's <c>ValidationContext</c>): the schema,
/// the document, the <see cref="TypeInfo"/> of the current position, error reporting, and
/// cached facts about fragments and variable usages.
/// </summary>
public sealed class ValidationContext
{
    // graphql-js's budget against documents whose fragments make validation explode.
    private const int FragmentWorkBudget = 50_000;

    private readonly GraphQLSchema? _schema;
    private readonly TypeInfo? _typeInfo;
    private readonly Action<GraphQLError> _onError;
    private Dictionary<string, FragmentDefinitionNode>? _fragments;
    private readonly Dictionary<SelectionSetNode, List<FragmentSpreadNode>> _fragmentSpreads = [];
    private readonly Dictionary<string, List<FragmentDefinitionNode>> _recursivelyReferencedFragments = [];
    private readonly Dictionary<Node, List<VariableUsage>> _variableUsages = [];
    private readonly Dictionary<OperationDefinitionNode, List<VariableUsage>> _recursiveVariableUsages = [];
    private int _remainingFragmentWork = FragmentWorkBudget;

    public ValidationContext(GraphQLSchema? schema, DocumentNode document, TypeInfo? typeInfo, Action<GraphQLError> onError, ValidationOptions? options = null)
    {
        _schema = schema;
        Document = document;
        _onError = onError;
        var resolved = options ?? ValidationOptions.Default;
        HideSuggestions = resolved.HideSuggestions;
        AllowEmptySelectionSets = resolved.AllowEmptySelectionSets;
        // SDL validation of a new schema has no types to track.
        _typeInfo = typeInfo ?? (schema is null ? null : new TypeInfo(schema));
    }

    /// <summary>The schema validated against.</summary>
    public GraphQLSchema Schema => _schema ?? throw new InvalidOperationException("This validation has no schema (SDL validation of a new schema).");

    /// <summary>The schema if there is one: SDL validation of a new schema has none.</summary>
    public GraphQLSchema? OptionalSchema => _schema;

    public DocumentNode Document { get; }

    public bool HideSuggestions { get; }

    public bool AllowEmptySelectionSets { get; }

    /// <summary>Reports an error found by <paramref name="rule"/> at the given nodes.</summary>
    public void ReportError(ValidationRule rule, string message, params IEnumerable<Node?> nodes) =>
        _onError(CreateError(rule.Name, message, nodes));

    /// <summary>Reports, as found by <paramref name="rule"/>, an error raised by a shared check (e.g. input literal validation).</summary>
    public void ReportError(ValidationRule rule, GraphQLError error) =>
        _onError(CreateError(rule.Name, error.Message, error.Locations));

    internal static GraphQLError CreateError(string? rule, string message, IEnumerable<Node?> nodes)
    {
        var locations = new List<SourceLocation>();
        foreach (var node in nodes)
        {
            if (node?.Location is { } location) locations.Add(location.StartLocation);
        }
        return CreateError(rule, message, locations);
    }

    private static GraphQLError CreateError(string? rule, string message, IReadOnlyList<SourceLocation> locations)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = "VALIDATION" };
        if (rule is not null) extensions["rule"] = rule;
        return new GraphQLError(message, locations, extensions: extensions);
    }

    public FragmentDefinitionNode? GetFragment(string name)
    {
        if (_fragments is null)
        {
            _fragments = [];
            foreach (var definition in Document.Definitions)
            {
                if (definition is FragmentDefinitionNode fragment) _fragments.TryAdd(fragment.Name.Value, fragment);
            }
        }
        return _fragments.GetValueOrDefault(name);
    }

    /// <summary>The fragment spreads in a selection set and its nested selection sets, not following fragments.</summary>
    public IReadOnlyList<FragmentSpreadNode> GetFragmentSpreads(SelectionSetNode selectionSet)
    {
        if (_fragmentSpreads.TryGetValue(selectionSet, out var spreads)) return spreads;
        spreads = [];
        var setsToVisit = new Stack<SelectionSetNode>();
        setsToVisit.Push(selectionSet);
        while (setsToVisit.TryPop(out var set))
        {
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FragmentSpreadNode spread: spreads.Add(spread); break;
                    case FieldNode { SelectionSet: { } fieldSet }: setsToVisit.Push(fieldSet); break;
                    case InlineFragmentNode inline: setsToVisit.Push(inline.SelectionSet); break;
                }
            }
        }
        _fragmentSpreads[selectionSet] = spreads;
        return spreads;
    }

    public IReadOnlyList<FragmentDefinitionNode> GetRecursivelyReferencedFragments(OperationDefinitionNode operation) =>
        GetRecursivelyReferencedFragmentsForOperations([operation]);

    /// <summary>Every fragment the operations use, directly or through other fragments, in discovery order.</summary>
    public IReadOnlyList<FragmentDefinitionNode> GetRecursivelyReferencedFragmentsForOperations(IReadOnlyList<OperationDefinitionNode> operations)
    {
        var fragmentNames = new List<string>();
        var seenNames = new HashSet<string>();
        foreach (var operation in operations)
        {
            foreach (var spread in GetFragmentSpreads(operation.SelectionSet))
            {
                if (seenNames.Add(spread.Name.Value)) fragmentNames.Add(spread.Name.Value);
            }
        }
        var key = string.Join('\n', seenNames.Order(StringComparer.Ordinal));
        if (_recursivelyReferencedFragments.TryGetValue(key, out var fragments)) return fragments;

        fragments = [];
        SpendFragmentWork(fragmentNames.Count);
        for (int i = 0; i < fragmentNames.Count; i++)
        {
            var fragment = GetFragment(fragmentNames[i]);
            if (fragment is null) continue;
            fragments.Add(fragment);
            var spreads = GetFragmentSpreads(fragment.SelectionSet);
            SpendFragmentWork(spreads.Count);
            foreach (var spread in spreads)
            {
                if (seenNames.Add(spread.Name.Value)) fragmentNames.Add(spread.Name.Value);
            }
        }
        _recursivelyReferencedFragments[key] = fragments;
        return fragments;
    }

    /// <summary>Charges work done following fragments; past the budget, validation is aborted.</summary>
    public void SpendFragmentWork(int cost)
    {
        _remainingFragmentWork -= cost;
        if (_remainingFragmentWork < 0) throw new ValidationAbortedException();
    }

    /// <summary>The variables used in an operation or fragment (not following fragment spreads), with the types expected where they are used.</summary>
    public IReadOnlyList<VariableUsage> GetVariableUsages(ExecutableDefinitionNode node)
    {
        if (_variableUsages.TryGetValue(node, out var usages)) return usages;
        usages = [];
        var typeInfo = new TypeInfo(Schema);
        var collector = new Visitor()
            .Enter<VariableDefinitionNode>((_, _) => VisitResult.Skip)
            .Enter<VariableNode>(variable => usages.Add(new VariableUsage(variable, typeInfo.InputType, typeInfo.ParentInputType, typeInfo.HasDefaultValue)));
        Visitor.Visit(node, new TypeInfoVisitor(typeInfo, collector));
        _variableUsages[node] = usages;
        return usages;
    }

    /// <summary>The variables used in an operation and in every fragment it uses.</summary>
    public IReadOnlyList<VariableUsage> GetRecursiveVariableUsages(OperationDefinitionNode operation)
    {
        if (_recursiveVariableUsages.TryGetValue(operation, out var usages)) return usages;
        var fragments = GetRecursivelyReferencedFragments(operation);
        SpendFragmentWork(fragments.Count);
        usages = [.. GetVariableUsages(operation)];
        foreach (var fragment in fragments)
        {
            var local = GetVariableUsages(fragment);
            SpendFragmentWork(local.Count);
            usages.AddRange(local);
        }
        _recursiveVariableUsages[operation] = usages;
        return usages;
    }

    private DirectiveTables? _directiveTables;

    /// <summary>The directives known to this validation, for the rules about directives.</summary>
    internal DirectiveTables DirectiveTables => _directiveTables ??= DirectiveTables.For(this);

    public GraphQLType? Type => _typeInfo?.Type;

    public GraphQLNamedType? ParentType => _typeInfo?.ParentType;

    public GraphQLType? InputType => _typeInfo?.InputType;

    public GraphQLType? ParentInputType => _typeInfo?.ParentInputType;

    public GraphQLField? FieldDef => _typeInfo?.FieldDef;

    public GraphQLDirective? Directive => _typeInfo?.Directive;

    public GraphQLArgument? Argument => _typeInfo?.Argument;

    public GraphQLEnumValue? EnumValue => _typeInfo?.EnumValue;
}

/// <summary>Thrown inside validation when a budget is spent; validation ends with graphql-js's "Validation aborted." error.</summary>
internal sealed class ValidationAbortedException : Exception;
