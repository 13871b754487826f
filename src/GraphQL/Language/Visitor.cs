namespace Es.GraphQL.Language;

/// <summary>What a visit function asks of the traversal, as graphql-js's return values of visit functions.</summary>
public enum VisitAction : byte
{
    /// <summary>Go on (graphql-js: <c>undefined</c>).</summary>
    Continue,

    /// <summary>On enter: do not visit this node's children (graphql-js: <c>false</c>).</summary>
    Skip,

    /// <summary>Stop the whole traversal (graphql-js: <c>BREAK</c>).</summary>
    Break,

    /// <summary>Put <see cref="VisitResult.Node"/> in place of this node; on enter, its children are visited next.</summary>
    Replace,

    /// <summary>Take this node out of its parent (graphql-js: <c>null</c>).</summary>
    Remove,
}

public readonly struct VisitResult
{
    private VisitResult(VisitAction action, Node? node)
    {
        Action = action;
        Node = node;
    }

    public VisitAction Action { get; }

    /// <summary>The replacement node when <see cref="Action"/> is <see cref="VisitAction.Replace"/>.</summary>
    public Node? Node { get; }

    public static VisitResult Continue => default;
    public static VisitResult Skip => new(VisitAction.Skip, null);
    public static VisitResult Break => new(VisitAction.Break, null);
    public static VisitResult Remove => new(VisitAction.Remove, null);
    public static VisitResult Replace(Node node) => new(VisitAction.Replace, node ?? throw new ArgumentNullException(nameof(node)));

    public static implicit operator VisitResult(Node node) => Replace(node);
}

/// <summary>Where the traversal is: the parent of the current node, the key and index it sits at, and all its ancestors.</summary>
public sealed class VisitorContext
{
    internal readonly List<Node> AncestorList = [];

    /// <summary>The node whose child the current node is; null at the root.</summary>
    public Node? Parent => AncestorList.Count == 0 ? null : AncestorList[^1];

    /// <summary>The property of the parent holding the current node, named as graphql-js's visitor keys (e.g. <c>selectionSet</c>).</summary>
    public string? Key { get; internal set; }

    /// <summary>The index in the parent's list when the current node is in one, else -1.</summary>
    public int Index { get; internal set; } = -1;

    /// <summary>The nodes from the root down to the parent of the current node.</summary>
    public IReadOnlyList<Node> Ancestors => AncestorList;
}

/// <summary>Called on entering and on leaving every node of a traversal.</summary>
public interface IVisitor
{
    VisitResult Enter(Node node, VisitorContext context);

    VisitResult Leave(Node node, VisitorContext context);
}

/// <summary>
/// A visitor built from functions registered per node type, and the traversal itself
/// (graphql-js's <c>visit</c> and <c>visitInParallel</c>).
/// </summary>
public sealed class Visitor : IVisitor, IKindFilteredVisitor
{
    private static readonly int KindCount = Enum.GetValues<NodeKind>().Length;

    // Handlers for the kinds a visitor acts on: a bit per kind (there are fewer than 64) and the
    // handlers of the set bits in kind order, so that a rule costs a few words, not 49 slots.
    private HandlerTable _enter;
    private HandlerTable _leave;

    /// <summary>Calls <paramref name="visit"/> on entering every node of type <typeparamref name="T"/> (abstract types cover all their kinds).</summary>
    public Visitor Enter<T>(Func<T, VisitorContext, VisitResult> visit) where T : Node =>
        Register<T>(ref _enter, (node, context) => visit((T)node, context));

    public Visitor Enter<T>(Action<T> visit) where T : Node =>
        Register<T>(ref _enter, (node, _) => { visit((T)node); return VisitResult.Continue; });

    public Visitor Enter<T>(Action<T, VisitorContext> visit) where T : Node =>
        Register<T>(ref _enter, (node, context) => { visit((T)node, context); return VisitResult.Continue; });

    /// <summary>Calls <paramref name="visit"/> on leaving every node of type <typeparamref name="T"/>, after its children.</summary>
    public Visitor Leave<T>(Func<T, VisitorContext, VisitResult> visit) where T : Node =>
        Register<T>(ref _leave, (node, context) => visit((T)node, context));

    public Visitor Leave<T>(Action<T> visit) where T : Node =>
        Register<T>(ref _leave, (node, _) => { visit((T)node); return VisitResult.Continue; });

    public Visitor Leave<T>(Action<T, VisitorContext> visit) where T : Node =>
        Register<T>(ref _leave, (node, context) => { visit((T)node, context); return VisitResult.Continue; });

    private Visitor Register<T>(ref HandlerTable table, Func<Node, VisitorContext, VisitResult> current) where T : Node
    {
        table.Add(NodeTypes.KindsOf<T>(), current);
        return this;
    }

    public VisitResult Enter(Node node, VisitorContext context) =>
        _enter.Get(node.Kind) is { } visit ? visit(node, context) : VisitResult.Continue;

    public VisitResult Leave(Node node, VisitorContext context) =>
        _leave.Get(node.Kind) is { } visit ? visit(node, context) : VisitResult.Continue;

    bool IKindFilteredVisitor.Enters(NodeKind kind) => _enter.Has(kind);

    bool IKindFilteredVisitor.Leaves(NodeKind kind) => _leave.Has(kind);

    private struct HandlerTable
    {
        private ulong _kinds;
        private Func<Node, VisitorContext, VisitResult>[]? _handlers;

        public readonly ulong Kinds => _kinds;

        public readonly bool Has(NodeKind kind) => (_kinds & (1UL << (int)kind)) != 0;

        private readonly int IndexOf(NodeKind kind) => System.Numerics.BitOperations.PopCount(_kinds & ((1UL << (int)kind) - 1));

        public readonly Func<Node, VisitorContext, VisitResult>? Get(NodeKind kind) => Has(kind) ? _handlers![IndexOf(kind)] : null;

        /// <summary>Adds a handler for several kinds at once (one allocation, however many kinds).</summary>
        public void Add(NodeKind[] kinds, Func<Node, VisitorContext, VisitResult> handler)
        {
            ulong added = 0;
            foreach (var kind in kinds) added |= 1UL << (int)kind;
            ulong all = _kinds | added;
            var handlers = new Func<Node, VisitorContext, VisitResult>[System.Numerics.BitOperations.PopCount(all)];
            int index = 0;
            for (int kind = 0; kind < 64; kind++)
            {
                ulong bit = 1UL << kind;
                if ((all & bit) == 0) continue;
                var previous = (_kinds & bit) != 0 ? _handlers![IndexOf((NodeKind)kind)] : null;
                handlers[index++] = (added & bit) == 0 ? previous! : previous is null ? handler : Combine(previous, handler);
            }
            _handlers = handlers;
            _kinds = all;
        }

        // Several functions for one kind run in registration order; the first that asks for something wins.
        private static Func<Node, VisitorContext, VisitResult> Combine(Func<Node, VisitorContext, VisitResult> first, Func<Node, VisitorContext, VisitResult> second) =>
            (node, context) =>
            {
                var result = first(node, context);
                return result.Action == VisitAction.Continue ? second(node, context) : result;
            };
    }

    /// <summary>
    /// Walks the tree depth-first in graphql-js's visitor-key order, calling the visitor on entering
    /// and leaving each node. Returns the root with the visitor's edits applied (the same instance
    /// when nothing changed), or null when the root itself was removed.
    /// </summary>
    public static Node? Visit(Node root, IVisitor visitor) => new Traversal(visitor, skipDescriptions: false).Visit(root, null, -1);

    /// <summary>
    /// Visits without entering descriptions, as graphql-js's validation does: a description is
    /// documentation, not a value, and must not be checked against the surrounding input type.
    /// </summary>
    public static Node? VisitSkippingDescriptions(Node root, IVisitor visitor) => new Traversal(visitor, skipDescriptions: true).Visit(root, null, -1);

    /// <summary>Visits with the root's own type, for the common case where the root is not replaced.</summary>
    public static T? Visit<T>(T root, IVisitor visitor) where T : Node => (T?)Visit((Node)root, visitor);

    /// <summary>
    /// One visitor that runs several at once (graphql-js's <c>visitInParallel</c>): each keeps its own
    /// skip and break state; the first edit asked for wins.
    /// </summary>
    public static IVisitor InParallel(params IReadOnlyList<IVisitor> visitors) =>
        visitors.Count <= 64 ? new ParallelVisitor(visitors) : new ListParallelVisitor(visitors);

    /// <summary>The kinds this visitor has functions for, a bit per kind.</summary>
    internal ulong EnterKinds => _enter.Kinds;

    internal ulong LeaveKinds => _leave.Kinds;

    private static readonly Node BreakMarker = new NullValueNode();

    /// <summary>
    /// Up to 64 visitors, a bit each: per kind, which visitors enter and which leave, and which are
    /// skipping. Built from the visitors' kind sets in one pass, so a validation (a visitor per rule,
    /// a few nodes) pays no per-kind set-up; nodes then reach only the visitors for their kind.
    /// </summary>
    private sealed class ParallelVisitor : IVisitor
    {
        private readonly IReadOnlyList<IVisitor> _visitors;
        private readonly Node?[] _skipping;
        private readonly ulong[] _entering = new ulong[KindCount];
        private readonly ulong[] _leaving = new ulong[KindCount];
        private ulong _skippingSet;

        public ParallelVisitor(IReadOnlyList<IVisitor> visitors)
        {
            _visitors = visitors;
            _skipping = new Node?[visitors.Count];
            for (int i = 0; i < visitors.Count; i++)
            {
                ulong bit = 1UL << i;
                ulong enters, leaves;
                switch (visitors[i])
                {
                    case Visitor visitor:
                        enters = visitor.EnterKinds;
                        leaves = visitor.LeaveKinds;
                        break;
                    case IKindFilteredVisitor filtered:
                        enters = leaves = 0;
                        for (int kind = 0; kind < KindCount; kind++)
                        {
                            if (filtered.Enters((NodeKind)kind)) enters |= 1UL << kind;
                            if (filtered.Leaves((NodeKind)kind)) leaves |= 1UL << kind;
                        }
                        break;
                    default:
                        enters = leaves = ulong.MaxValue;
                        break;
                }
                for (int kind = 0; kind < KindCount; kind++)
                {
                    if ((enters & (1UL << kind)) != 0) _entering[kind] |= bit;
                    if ((leaves & (1UL << kind)) != 0) _leaving[kind] |= bit;
                }
            }
        }

        public VisitResult Enter(Node node, VisitorContext context)
        {
            // Ascending bit order is the visitors' order.
            for (ulong set = _entering[(int)node.Kind] & ~_skippingSet; set != 0; set &= set - 1)
            {
                int i = System.Numerics.BitOperations.TrailingZeroCount(set);
                var result = _visitors[i].Enter(node, context);
                switch (result.Action)
                {
                    case VisitAction.Skip: Skip(i, node); break;
                    case VisitAction.Break: Skip(i, BreakMarker); break;
                    case VisitAction.Replace:
                    case VisitAction.Remove:
                        return result;
                }
            }
            return VisitResult.Continue;
        }

        public VisitResult Leave(Node node, VisitorContext context)
        {
            int kind = (int)node.Kind;
            // A visitor that skipped a node entered it, so it is among this kind's enterers.
            ulong leaving = _leaving[kind];
            for (ulong set = leaving | (_entering[kind] & _skippingSet); set != 0; set &= set - 1)
            {
                int i = System.Numerics.BitOperations.TrailingZeroCount(set);
                if (_skipping[i] is null)
                {
                    if ((leaving & (1UL << i)) == 0) continue;
                    var result = _visitors[i].Leave(node, context);
                    if (result.Action == VisitAction.Break) Skip(i, BreakMarker);
                    else if (result.Action is VisitAction.Replace or VisitAction.Remove) return result;
                }
                else if (ReferenceEquals(_skipping[i], node))
                {
                    _skipping[i] = null;
                    _skippingSet &= ~(1UL << i);
                }
            }
            return VisitResult.Continue;
        }

        private void Skip(int i, Node node)
        {
            _skipping[i] = node;
            _skippingSet |= 1UL << i;
        }
    }

    /// <summary>Any number of visitors: per kind, the indexes of those that act on it, computed on the first node of the kind.</summary>
    private sealed class ListParallelVisitor : IVisitor
    {
        private readonly IReadOnlyList<IVisitor> _visitors;
        private readonly Node?[] _skipping;
        // Per kind, the visitors with something to do on entering, and those to consult on leaving
        // (a visitor that skipped a node must be told when the traversal leaves it).
        private readonly int[][] _enterers;
        private readonly int[][] _leavers;
        private readonly bool[][] _hasLeave;

        public ListParallelVisitor(IReadOnlyList<IVisitor> visitors)
        {
            _visitors = visitors;
            _skipping = new Node?[visitors.Count];
            _enterers = new int[KindCount][];
            _leavers = new int[KindCount][];
            _hasLeave = new bool[KindCount][];
        }

        // Computed on the first node of each kind: documents use few of the kinds.
        private void Prepare(int kind)
        {
            int enterCount = 0, leaveCount = 0;
            var hasLeave = new bool[_visitors.Count];
            for (int i = 0; i < _visitors.Count; i++)
            {
                var filtered = _visitors[i] as IKindFilteredVisitor;
                bool enters = filtered?.Enters((NodeKind)kind) ?? true;
                hasLeave[i] = filtered?.Leaves((NodeKind)kind) ?? true;
                if (enters) enterCount++;
                if (enters || hasLeave[i]) leaveCount++;
            }
            var enterers = new int[enterCount];
            var leavers = new int[leaveCount];
            enterCount = leaveCount = 0;
            for (int i = 0; i < _visitors.Count; i++)
            {
                bool enters = (_visitors[i] as IKindFilteredVisitor)?.Enters((NodeKind)kind) ?? true;
                if (enters) enterers[enterCount++] = i;
                if (enters || hasLeave[i]) leavers[leaveCount++] = i;
            }
            _enterers[kind] = enterers;
            _leavers[kind] = leavers;
            _hasLeave[kind] = hasLeave;
        }

        public VisitResult Enter(Node node, VisitorContext context)
        {
            int kind = (int)node.Kind;
            if (_enterers[kind] is null) Prepare(kind);
            foreach (int i in _enterers[kind])
            {
                if (_skipping[i] is not null) continue;
                var result = _visitors[i].Enter(node, context);
                switch (result.Action)
                {
                    case VisitAction.Skip: _skipping[i] = node; break;
                    case VisitAction.Break: _skipping[i] = BreakMarker; break;
                    case VisitAction.Replace:
                    case VisitAction.Remove:
                        return result;
                }
            }
            return VisitResult.Continue;
        }

        public VisitResult Leave(Node node, VisitorContext context)
        {
            int kind = (int)node.Kind;
            if (_leavers[kind] is null) Prepare(kind);
            var hasLeave = _hasLeave[kind];
            foreach (int i in _leavers[kind])
            {
                if (_skipping[i] is null)
                {
                    if (!hasLeave[i]) continue;
                    var result = _visitors[i].Leave(node, context);
                    if (result.Action == VisitAction.Break) _skipping[i] = BreakMarker;
                    else if (result.Action is VisitAction.Replace or VisitAction.Remove) return result;
                }
                else if (ReferenceEquals(_skipping[i], node))
                {
                    _skipping[i] = null;
                }
            }
            return VisitResult.Continue;
        }
    }
}

/// <summary>A visitor that can tell which kinds of node it acts on, so that parallel visits call it only for those.</summary>
public interface IKindFilteredVisitor
{
    bool Enters(NodeKind kind);

    bool Leaves(NodeKind kind);
}

/// <summary>The walk itself; nodes call back into it for each of their children.</summary>
internal sealed class Traversal(IVisitor visitor, bool skipDescriptions)
{
    private readonly VisitorContext _context = new();
    private bool _broken;

    public Node? Visit(Node node, string? key, int index)
    {
        if (_broken) return node;
        _context.Key = key;
        _context.Index = index;

        var entered = visitor.Enter(node, _context);
        switch (entered.Action)
        {
            case VisitAction.Break:
                _broken = true;
                return node;
            case VisitAction.Skip:
                return node;
            case VisitAction.Remove:
                return null;
            case VisitAction.Replace:
                node = entered.Node!;
                break;
        }

        _context.AncestorList.Add(node);
        var edited = node.VisitChildren(this);
        _context.AncestorList.RemoveAt(_context.AncestorList.Count - 1);
        if (_broken) return edited;

        _context.Key = key;
        _context.Index = index;
        var left = visitor.Leave(edited, _context);
        switch (left.Action)
        {
            case VisitAction.Break:
                _broken = true;
                return edited;
            case VisitAction.Remove:
                return null;
            case VisitAction.Replace:
                return left.Node;
            default:
                return edited;
        }
    }

    public T? Optional<T>(T? child, string key) where T : Node
    {
        if (child is null || (skipDescriptions && key == "description")) return child;
        var result = Visit(child, key, -1);
        return result is null ? null : Cast<T>(result, key);
    }

    public T Required<T>(T child, string key) where T : Node
    {
        var result = Visit(child, key, -1)
            ?? throw new InvalidOperationException($"Cannot remove the required \"{key}\" of a {_context.Parent?.Kind} node.");
        return Cast<T>(result, key);
    }

    public IReadOnlyList<T> List<T>(IReadOnlyList<T> list, string key) where T : Node
    {
        List<T>? edited = null;
        for (int i = 0; i < list.Count; i++)
        {
            var child = list[i];
            var result = Visit(child, key, i);
            if (edited is null && ReferenceEquals(result, child)) continue;
            if (edited is null)
            {
                edited = new List<T>(list.Count);
                for (int j = 0; j < i; j++) edited.Add(list[j]);
            }
            if (result is not null) edited.Add(Cast<T>(result, key));
        }
        return edited ?? list;
    }

    private static T Cast<T>(Node node, string key) where T : Node =>
        node as T ?? throw new InvalidOperationException($"A {node.Kind} node cannot stand in \"{key}\", which holds {typeof(T).Name}.");
}

/// <summary>Which concrete node class each kind is, so that visitors can register by type.</summary>
internal static class NodeTypes
{
    private static readonly Type[] ByKind =
    [
        typeof(NameNode), typeof(DocumentNode), typeof(OperationDefinitionNode), typeof(VariableDefinitionNode),
        typeof(SelectionSetNode), typeof(FieldNode), typeof(ArgumentNode), typeof(FragmentSpreadNode),
        typeof(InlineFragmentNode), typeof(FragmentDefinitionNode), typeof(VariableNode), typeof(IntValueNode),
        typeof(FloatValueNode), typeof(StringValueNode), typeof(BooleanValueNode), typeof(NullValueNode),
        typeof(EnumValueNode), typeof(ListValueNode), typeof(ObjectValueNode), typeof(ObjectFieldNode),
        typeof(DirectiveNode), typeof(NamedTypeNode), typeof(ListTypeNode), typeof(NonNullTypeNode),
        typeof(SchemaDefinitionNode), typeof(OperationTypeDefinitionNode), typeof(ScalarTypeDefinitionNode),
        typeof(ObjectTypeDefinitionNode), typeof(FieldDefinitionNode), typeof(InputValueDefinitionNode),
        typeof(InterfaceTypeDefinitionNode), typeof(UnionTypeDefinitionNode), typeof(EnumTypeDefinitionNode),
        typeof(EnumValueDefinitionNode), typeof(InputObjectTypeDefinitionNode), typeof(DirectiveDefinitionNode),
        typeof(SchemaExtensionNode), typeof(DirectiveExtensionNode), typeof(ScalarTypeExtensionNode),
        typeof(ObjectTypeExtensionNode), typeof(InterfaceTypeExtensionNode), typeof(UnionTypeExtensionNode),
        typeof(EnumTypeExtensionNode), typeof(InputObjectTypeExtensionNode), typeof(TypeCoordinateNode),
        typeof(MemberCoordinateNode), typeof(ArgumentCoordinateNode), typeof(DirectiveCoordinateNode),
        typeof(DirectiveArgumentCoordinateNode),
    ];

    public static Type Of(NodeKind kind) => ByKind[(int)kind];

    /// <summary>The kinds whose nodes are <typeparamref name="T"/>s, computed once per type.</summary>
    public static NodeKind[] KindsOf<T>() where T : Node => KindsCache<T>.Kinds;

    private static class KindsCache<T> where T : Node
    {
        public static readonly NodeKind[] Kinds = Enumerable.Range(0, ByKind.Length)
            .Where(i => typeof(T).IsAssignableFrom(ByKind[i]))
            .Select(i => (NodeKind)i)
            .ToArray();
    }
}
