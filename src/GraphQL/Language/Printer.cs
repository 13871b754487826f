using System.Text;

namespace Es.GraphQL.Language;

/// <summary>
/// Prints any AST as canonical GraphQL, character for character as graphql-js 17's <c>print</c>:
/// two-space indentation, one selection per line, arguments and lists wrapped past 80 columns.
/// </summary>
public static class Printer
{
    private const int MaxLineLength = 80;

    public static string Print(Node node) => PrintNode(node ?? throw new ArgumentNullException(nameof(node)));

    private static string PrintNode(Node? node) => node switch
    {
        null => "",
        NameNode n => n.Value,
        VariableNode n => "$" + n.Name.Value,
        DocumentNode n => Join(n.Definitions, "\n\n"),
        OperationDefinitionNode n => PrintOperation(n),
        VariableDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"), PrintNode(n.Variable), ": ", PrintNode(n.Type),
            Wrap(" = ", PrintNode(n.DefaultValue)), Wrap(" ", Join(n.Directives, " "))),
        SelectionSetNode n => n.Selections.Count == 0 ? "{}" : Block(n.Selections),
        FieldNode n => Join(
            WrappedLineAndArgs(Join(Wrap("", PrintNode(n.Alias), ": "), n.Name.Value), n.Arguments),
            Wrap(" ", Join(n.Directives, " ")),
            Wrap(" ", PrintNode(n.SelectionSet))),
        ArgumentNode n => n.Name.Value + ": " + PrintNode(n.Value),
        FragmentSpreadNode n => Join("...", n.Name.Value, Wrap(" ", Join(n.Directives, " "))),
        InlineFragmentNode n => JoinWith(" ", "...", Wrap("on ", PrintNode(n.TypeCondition)), Join(n.Directives, " "), PrintNode(n.SelectionSet)),
        FragmentDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"), "fragment ", n.Name.Value, " on ", PrintNode(n.TypeCondition), " ",
            Wrap("", Join(n.Directives, " "), " "), PrintNode(n.SelectionSet)),
        IntValueNode n => n.Value,
        FloatValueNode n => n.Value,
        StringValueNode n => n.Block ? BlockString.PrintBlockString(n.Value) : PrintString(n.Value),
        BooleanValueNode n => n.Value ? "true" : "false",
        NullValueNode => "null",
        EnumValueNode n => n.Value,
        ListValueNode n => PrintList(n),
        ObjectValueNode n => PrintObject(n),
        ObjectFieldNode n => n.Name.Value + ": " + PrintNode(n.Value),
        DirectiveNode n => Join("@", n.Name.Value, Wrap("(", Join(n.Arguments, ", "), ")")),
        NamedTypeNode n => n.Name.Value,
        ListTypeNode n => "[" + PrintNode(n.Type) + "]",
        NonNullTypeNode n => PrintNode(n.Type) + "!",
        SchemaDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "schema", Join(n.Directives, " "), Block(n.OperationTypes))),
        OperationTypeDefinitionNode n => n.Operation.Keyword() + ": " + PrintNode(n.Type),
        ScalarTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "scalar", n.Name.Value, Join(n.Directives, " "))),
        ObjectTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "type", n.Name.Value, Wrap("implements ", Join(n.Interfaces, " & ")), Join(n.Directives, " "), Block(n.Fields))),
        FieldDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"), n.Name.Value, PrintArgumentDefinitions(n.Arguments), ": ", PrintNode(n.Type),
            Wrap(" ", Join(n.Directives, " "))),
        InputValueDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"), n.Name.Value, ": ", PrintNode(n.Type),
            Wrap(" = ", PrintNode(n.DefaultValue)), Wrap(" ", Join(n.Directives, " "))),
        InterfaceTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "interface", n.Name.Value, Wrap("implements ", Join(n.Interfaces, " & ")), Join(n.Directives, " "), Block(n.Fields))),
        UnionTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "union", n.Name.Value, Join(n.Directives, " "), Wrap("= ", Join(n.Types, " | ")))),
        EnumTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "enum", n.Name.Value, Join(n.Directives, " "), Block(n.Values))),
        EnumValueDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", n.Name.Value, Join(n.Directives, " "))),
        InputObjectTypeDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", "input", n.Name.Value, Join(n.Directives, " "), Block(n.Fields))),
        DirectiveDefinitionNode n => Join(
            Wrap("", PrintNode(n.Description), "\n"), "directive @", n.Name.Value, PrintArgumentDefinitions(n.Arguments),
            Wrap(" ", Join(n.Directives, " ")), n.Repeatable ? " repeatable" : "", " on ", Join(n.Locations, " | ")),
        SchemaExtensionNode n => JoinWith(" ", "extend schema", Join(n.Directives, " "), Block(n.OperationTypes)),
        ScalarTypeExtensionNode n => JoinWith(" ", "extend scalar", n.Name.Value, Join(n.Directives, " ")),
        ObjectTypeExtensionNode n => JoinWith(" ",
            "extend type", n.Name.Value, Wrap("implements ", Join(n.Interfaces, " & ")), Join(n.Directives, " "), Block(n.Fields)),
        InterfaceTypeExtensionNode n => JoinWith(" ",
            "extend interface", n.Name.Value, Wrap("implements ", Join(n.Interfaces, " & ")), Join(n.Directives, " "), Block(n.Fields)),
        UnionTypeExtensionNode n => JoinWith(" ", "extend union", n.Name.Value, Join(n.Directives, " "), Wrap("= ", Join(n.Types, " | "))),
        EnumTypeExtensionNode n => JoinWith(" ", "extend enum", n.Name.Value, Join(n.Directives, " "), Block(n.Values)),
        InputObjectTypeExtensionNode n => JoinWith(" ", "extend input", n.Name.Value, Join(n.Directives, " "), Block(n.Fields)),
        DirectiveExtensionNode n => JoinWith(" ", "extend directive @" + n.Name.Value, Join(n.Directives, " ")),
        TypeCoordinateNode n => n.Name.Value,
        MemberCoordinateNode n => n.Name.Value + "." + n.MemberName.Value,
        ArgumentCoordinateNode n => $"{n.Name.Value}.{n.FieldName.Value}({n.ArgumentName.Value}:)",
        DirectiveCoordinateNode n => "@" + n.Name.Value,
        DirectiveArgumentCoordinateNode n => $"@{n.Name.Value}({n.ArgumentName.Value}:)",
        _ => throw new ArgumentException($"Cannot print a {node!.GetType().Name}.", nameof(node)),
    };

    private static string PrintOperation(OperationDefinitionNode n)
    {
        var variableDefinitions = n.VariableDefinitions.Select(PrintNode).ToList();
        // graphql-js puts multi-line variable definitions one per line, without indentation.
        string varDefs = variableDefinitions.Any(v => v.Contains('\n'))
            ? Wrap("(\n", JoinStrings(variableDefinitions, "\n"), "\n)")
            : Wrap("(", JoinStrings(variableDefinitions, ", "), ")");
        string keyword = n.Operation.Keyword();
        string prefix = Join(
            Wrap("", PrintNode(n.Description), "\n"),
            JoinWith(" ", keyword, Join(PrintNode(n.Name), varDefs), Join(n.Directives, " ")));
        // The anonymous query with nothing else is printed in its shorthand form.
        return Join(n.Operation == OperationType.Query && prefix.Length == keyword.Length ? "" : Join(prefix, " "), PrintNode(n.SelectionSet));
    }

    private static string PrintArgumentDefinitions(IReadOnlyList<InputValueDefinitionNode> arguments)
    {
        var printed = arguments.Select(PrintNode).ToList();
        return printed.Any(a => a.Contains('\n'))
            ? Wrap("(\n", Indent(JoinStrings(printed, "\n")), "\n)")
            : Wrap("(", JoinStrings(printed, ", "), ")");
    }

    private static string WrappedLineAndArgs(string prefix, IReadOnlyList<ArgumentNode> arguments)
    {
        if (arguments.Count == 0) return prefix;
        var printed = arguments.Select(PrintNode).ToList();
        string oneLine = JoinStrings(printed, ", ");
        return prefix.Length + oneLine.Length + 2 > MaxLineLength
            ? prefix + Wrap("(\n", Indent(JoinStrings(printed, "\n")), "\n)")
            : prefix + Wrap("(", oneLine, ")");
    }

    private static string PrintList(ListValueNode n)
    {
        var printed = n.Values.Select(PrintNode).ToList();
        string oneLine = JoinStrings(printed, ", ");
        return 2 + oneLine.Length > MaxLineLength
            ? Wrap("[\n", Indent(JoinStrings(printed, "\n")), "\n]")
            : "[" + oneLine + "]";
    }

    private static string PrintObject(ObjectValueNode n)
    {
        var printed = n.Fields.Select(PrintNode).ToList();
        string oneLine = JoinStrings(printed, ", ");
        return 4 + oneLine.Length > MaxLineLength
            ? BlockOf(printed)
            : Join("{ ", oneLine, " }");
    }

    /// <summary>A string literal with the escapes graphql-js's <c>printString</c> uses.</summary>
    public static string PrintString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\f': builder.Append("\\f"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) builder.Append("\\u").Append(((int)c).ToString("X4"));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    // The combinators of graphql-js's printer: empty parts vanish, so optional pieces need no ifs.

    private static string Join<T>(IReadOnlyList<T> nodes, string separator) where T : Node
    {
        if (nodes.Count == 0) return "";
        if (nodes.Count == 1) return PrintNode(nodes[0]);
        var builder = new StringBuilder();
        foreach (var node in nodes)
        {
            string printed = PrintNode(node);
            if (printed.Length == 0) continue;
            if (builder.Length > 0) builder.Append(separator);
            builder.Append(printed);
        }
        return builder.ToString();
    }

    private static string JoinStrings(List<string> parts, string separator) => JoinWith(separator, parts.ToArray());

    private static string Join(params ReadOnlySpan<string> parts) => string.Concat(parts);

    private static string JoinWith(string separator, params ReadOnlySpan<string> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length == 0) continue;
            if (builder.Length > 0) builder.Append(separator);
            builder.Append(part);
        }
        return builder.ToString();
    }

    private static string Wrap(string start, string value, string end = "") => value.Length == 0 ? "" : start + value + end;

    private static string Block<T>(IReadOnlyList<T> nodes) where T : Node => Wrap("{\n", Indent(Join(nodes, "\n")), "\n}");

    private static string BlockOf(List<string> parts) => Wrap("{\n", Indent(JoinStrings(parts, "\n")), "\n}");

    private static string Indent(string value) => value.Length == 0 ? "" : "  " + value.Replace("\n", "\n  ");
}
