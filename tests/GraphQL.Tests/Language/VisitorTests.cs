using Es.GraphQL.Language;

namespace Es.GraphQL.Tests.Language;

/// <summary>The AST visitor: graphql-js's visit and visitInParallel semantics.</summary>
public class VisitorTests
{
    private static DocumentNode Parse(string body) => Parser.Parse(body, new ParseOptions { NoLocation = true });

    private static string Describe(Node node) => node switch
    {
        NameNode n => $"Name:{n.Value}",
        IntValueNode n => $"IntValue:{n.Value}",
        _ => node.Kind.ToString(),
    };

    private sealed class Recorder(List<string> log, string prefix = "") : IVisitor
    {
        public Func<Node, VisitResult>? OnEnter { get; init; }
        public Func<Node, VisitResult>? OnLeave { get; init; }

        public VisitResult Enter(Node node, VisitorContext context)
        {
            log.Add($"{prefix}enter {Describe(node)} {context.Key}");
            return OnEnter?.Invoke(node) ?? VisitResult.Continue;
        }

        public VisitResult Leave(Node node, VisitorContext context)
        {
            log.Add($"{prefix}leave {Describe(node)} {context.Key}");
            return OnLeave?.Invoke(node) ?? VisitResult.Continue;
        }
    }

    [Fact]
    public void Visit_enters_and_leaves_every_node_depth_first_in_visitor_key_order()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a, b { x }, c }"), new Recorder(log));
        Assert.Equal(
        [
            "enter Document ", "enter OperationDefinition definitions", "enter SelectionSet selectionSet",
            "enter Field selections", "enter Name:a name", "leave Name:a name", "leave Field selections",
            "enter Field selections", "enter Name:b name", "leave Name:b name", "enter SelectionSet selectionSet",
            "enter Field selections", "enter Name:x name", "leave Name:x name", "leave Field selections",
            "leave SelectionSet selectionSet", "leave Field selections",
            "enter Field selections", "enter Name:c name", "leave Name:c name", "leave Field selections",
            "leave SelectionSet selectionSet", "leave OperationDefinition definitions", "leave Document ",
        ], log);
    }

    [Fact]
    public void Visit_visits_alias_before_name_and_arguments_before_directives()
    {
        var names = new List<string>();
        Visitor.Visit(Parse("{ al: f(x: 1) @d(y: 2) }"), new Visitor().Enter<NameNode>(n => names.Add(n.Value)));
        Assert.Equal(["al", "f", "x", "d", "y"], names);
    }

    [Fact]
    public void Visit_skips_the_subtree_when_enter_returns_Skip()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a, b { x }, c }"), new Recorder(log)
        {
            OnEnter = node => node is FieldNode { Name.Value: "b" } ? VisitResult.Skip : VisitResult.Continue,
        });
        Assert.DoesNotContain("enter Name:x name", log);
        Assert.DoesNotContain("leave Field selections", log.Skip(log.IndexOf("enter Name:b name") - 1).Take(2));
        Assert.Contains("enter Name:c name", log);
    }

    [Fact]
    public void Visit_stops_everything_when_a_function_returns_Break()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a, b { x }, c }"), new Recorder(log)
        {
            OnEnter = node => node is NameNode { Value: "x" } ? VisitResult.Break : VisitResult.Continue,
        });
        Assert.Equal("enter Name:x name", log[^1]);
    }

    [Fact]
    public void Visit_can_break_on_leave()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a, b }"), new Recorder(log)
        {
            OnLeave = node => node is NameNode { Value: "a" } ? VisitResult.Break : VisitResult.Continue,
        });
        Assert.Equal("leave Name:a name", log[^1]);
    }

    [Fact]
    public void Visit_returns_the_same_tree_when_nothing_is_edited()
    {
        var document = Parse("{ a(x: [1, {y: 2}]) @d { b } }");
        Assert.Same(document, Visitor.Visit(document, new Visitor().Enter<FieldNode>(_ => { })));
    }

    [Fact]
    public void Visit_removes_nodes_and_leaves_the_original_unchanged()
    {
        var document = Parse("{ a, b, c { a, b, c } }");
        var edited = Visitor.Visit(document, new Visitor().Enter<FieldNode>((field, _) =>
            field.Name.Value == "b" ? VisitResult.Remove : VisitResult.Continue));
        Assert.Equal("{\n  a\n  c {\n    a\n    c\n  }\n}", Printer.Print(edited!));
        Assert.Equal("{\n  a\n  b\n  c {\n    a\n    b\n    c\n  }\n}", Printer.Print(document));
    }

    [Fact]
    public void Visit_replaces_a_node_on_enter_and_visits_the_replacement()
    {
        var document = Parse("{ a { x } }");
        var visited = new List<string>();
        var edited = Visitor.Visit(document, new Visitor()
            .Enter<FieldNode>((field, _) => field.Name.Value == "a"
                ? new FieldNode(null, new NameNode("replaced"), null, null, new SelectionSetNode([new FieldNode(null, new NameNode("y"))]))
                : VisitResult.Continue)
            .Enter<NameNode>(name => visited.Add(name.Value)));
        Assert.Equal("{\n  replaced {\n    y\n  }\n}", Printer.Print(edited!));
        Assert.Equal(["replaced", "y"], visited);
    }

    [Fact]
    public void Visit_replaces_a_node_on_leave_with_its_edited_children()
    {
        var document = Parse("{ a(x: 1) { b(x: 2) } }");
        var edited = Visitor.Visit(document, new Visitor()
            .Leave<IntValueNode>((value, _) => new IntValueNode((int.Parse(value.Value) * 10).ToString()))
            .Leave<FieldNode>((field, _) => new FieldNode(new NameNode("al_" + field.Name.Value), field.Name, field.Arguments, field.Directives, field.SelectionSet)));
        Assert.Equal("{\n  al_a: a(x: 10) {\n    al_b: b(x: 20)\n  }\n}", Printer.Print(edited!));
    }

    [Fact]
    public void Visit_keeps_locations_of_rebuilt_parents()
    {
        var document = Parser.Parse("{ a(x: 1) }");
        var edited = Visitor.Visit(document, new Visitor().Leave<IntValueNode>((_, _) => new IntValueNode("2")))!;
        var field = (FieldNode)((OperationDefinitionNode)((DocumentNode)edited).Definitions[0]).SelectionSet.Selections[0];
        Assert.Equal(2, field.Location!.Value.Start);
    }

    [Fact]
    public void Visit_rejects_a_replacement_of_the_wrong_kind()
    {
        var document = Parse("{ a }");
        Assert.Throws<InvalidOperationException>(() =>
            Visitor.Visit(document, new Visitor().Enter<FieldNode>((_, _) => new IntValueNode("1"))));
    }

    [Fact]
    public void Visit_gives_parent_key_index_and_ancestors()
    {
        var document = Parse("{ a { b, c } }");
        var seen = new List<string>();
        Visitor.Visit(document, new Visitor().Enter<FieldNode>((field, context) =>
            seen.Add($"{field.Name.Value} {context.Key}[{context.Index}] parent={context.Parent!.Kind} depth={context.Ancestors.Count}")));
        Assert.Equal(["a selections[0] parent=SelectionSet depth=3", "b selections[0] parent=SelectionSet depth=5", "c selections[1] parent=SelectionSet depth=5"], seen);
    }

    [Fact]
    public void Visitor_registered_on_an_abstract_type_sees_every_kind_of_it()
    {
        var kinds = new List<NodeKind>();
        Visitor.Visit(Parse("{ a ...F ... on T { b } }"), new Visitor().Enter<SelectionNode>(s => kinds.Add(s.Kind)));
        Assert.Equal([NodeKind.Field, NodeKind.FragmentSpread, NodeKind.InlineFragment, NodeKind.Field], kinds);
    }

    [Fact]
    public void Visit_walks_the_whole_type_system_language()
    {
        var sdl = "\"d\" schema @a { query: Q } type Q implements I @b { f(a: Int = 1 @c): [Int!] @d } extend union U = A | B directive @e(x: E = V) repeatable on FIELD";
        var names = new List<string>();
        Visitor.Visit(Parse(sdl), new Visitor().Enter<NameNode>(n => names.Add(n.Value)));
        Assert.Equal(["a", "Q", "Q", "I", "b", "f", "a", "Int", "c", "Int", "d", "U", "A", "B", "e", "x", "E", "FIELD"], names);
    }

    [Fact]
    public void VisitInParallel_runs_visitors_side_by_side_spec_like_graphql_js()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a }"), Visitor.InParallel(new Recorder(log, "1 "), new Recorder(log, "2 ")));
        Assert.Equal(["1 enter Document ", "2 enter Document ", "1 enter OperationDefinition definitions", "2 enter OperationDefinition definitions"], log.Take(4));
        Assert.Equal(["1 leave Document ", "2 leave Document "], log.TakeLast(2));
    }

    [Fact]
    public void VisitInParallel_skips_a_subtree_only_for_the_visitor_that_asked()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a { x } b }"), Visitor.InParallel(
            new Recorder(log, "1 ") { OnEnter = node => node is FieldNode { Name.Value: "a" } ? VisitResult.Skip : VisitResult.Continue },
            new Recorder(log, "2 ")));
        Assert.DoesNotContain("1 enter Name:x name", log);
        Assert.Contains("2 enter Name:x name", log);
        Assert.Contains("1 enter Name:b name", log);
        Assert.DoesNotContain("1 leave Field selections", log.Take(log.IndexOf("2 leave Field selections") + 1));
    }

    [Fact]
    public void VisitInParallel_breaks_only_the_visitor_that_asked()
    {
        var log = new List<string>();
        Visitor.Visit(Parse("{ a b }"), Visitor.InParallel(
            new Recorder(log, "1 ") { OnEnter = node => node is NameNode { Value: "a" } ? VisitResult.Break : VisitResult.Continue },
            new Recorder(log, "2 ")));
        Assert.Equal("1 enter Name:a name", log.Last(l => l.StartsWith("1 ")));
        Assert.Equal("2 leave Document ", log[^1]);
    }

    [Fact]
    public void VisitInParallel_applies_the_first_edit_and_later_visitors_do_not_see_the_node()
    {
        var secondSaw = new List<string>();
        var edited = Visitor.Visit(Parse("{ a b }"), Visitor.InParallel(
            new Visitor().Enter<FieldNode>((field, _) => field.Name.Value == "a" ? VisitResult.Remove : VisitResult.Continue),
            new Visitor().Enter<FieldNode>(field => secondSaw.Add(field.Name.Value))));
        Assert.Equal("{\n  b\n}", Printer.Print(edited!));
        Assert.Equal(["b"], secondSaw);
    }
}
