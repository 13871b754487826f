using System.Text;

namespace Es.GraphQL.Language;

/// <summary>
/// Prints any AST as canonical GraphQL, character for character as graphql-js 17's <c>print</c>:
/// two-space indentation, one selection per line, arguments and lists wrapped past 80 columns.
/// Like graphql-js, nodes print to chains of parts that know their length and line count, so
/// layout is decided on lengths and indentation is applied once, when the chain is rendered.
/// </summary>
public static class Printer
{
    private const int MaxLineLength = 80;

    public static string Print(Node node) => Print(node, int.MaxValue);

    /// <summary>
    /// Prints with indentation only down to <paramref name="maxIndentDepth"/> levels; deeper, a
    /// part's lines are joined with spaces (graphql-js's <c>print(ast, { maxIndentDepth })</c>).
    /// </summary>
    public static string Print(Node node, int maxIndentDepth) =>
        Render(Doc(node ?? throw new ArgumentNullException(nameof(node))), maxIndentDepth);

    /// <summary>graphql-js's <c>printForError</c>: the printing error messages use, indented 100 levels at most.</summary>
    public static string PrintForError(Node node) => Print(node, 100);

    /// <summary>A part of printed text: one line or several, and whether the indentation changes around it.</summary>
    private sealed class Part
    {
        public static readonly Part Empty = new("");

        public Part(string value, bool isBlockString = false)
        {
            Length = value.Length;
            IsBlockString = isBlockString;
            if (value.Contains('\n'))
            {
                Lines = value.Split('\n');
                Newlines = Lines.Length - 1;
            }
            else
            {
                Line = value;
            }
            Tail = this;
        }

        public string? Line { get; }
        public string[]? Lines { get; }
        public bool IsBlockString { get; }
        public int Length { get; private set; }
        public int Newlines { get; private set; }
        public bool IndentBefore { get; private set; }
        public bool DedentAfter { get; private set; }
        public Part? Next { get; private set; }
        public Part Tail { get; private set; }

        public static implicit operator Part(string value) => value.Length == 0 ? Empty : new Part(value);

        public Part Append(Part next)
        {
            if (next.Length == 0) return this;
            Tail.Next = next;
            Tail = next.Tail;
            Length += next.Length;
            Newlines += next.Newlines;
            return this;
        }

        public Part Indent()
        {
            if (Length == 0) return this;
            IndentBefore = true;
            Tail.DedentAfter = true;
            Length += 2 * (Newlines + 1);
            return this;
        }
    }

    private static string Render(Part part, int maxDepth)
    {
        var output = new StringBuilder(part.Length);
        int depth = 0;
        string indentation = "";
        for (Part? current = part; current is not null; current = current.Next)
        {
            if (current.IndentBefore)
            {
                if (depth < maxDepth)
                {
                    indentation += "  ";
                    output.Append("  ");
                }
                depth++;
            }
            if (current.Lines is { } lines)
            {
                output.Append(lines[0]);
                // Past the depth limit, lines of ordinary parts are joined; block strings keep their lines.
                string newline = !current.IsBlockString && depth >= maxDepth ? " " : "\n" + indentation;
                for (int i = 1; i < lines.Length; i++) output.Append(newline).Append(lines[i]);
            }
            else
            {
                output.Append(current.Line);
            }
            if (current.DedentAfter)
            {
                depth--;
                if (indentation.Length > depth * 2) indentation = indentation[..(depth * 2)];
            }
        }
        return output.ToString();
    }

    private static Part Doc(Node? node) => node switch
    {
        null => Part.Empty,
        NameNode n => n.Value,
        VariableNode n => Join(["$", Doc(n.Name)]),
        DocumentNode n => Join(Docs(n.Definitions), "\n\n"),
        OperationDefinitionNode n => OperationDefinition(n),
        VariableDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"), Doc(n.Variable), ": ", Doc(n.Type),
            Wrap(" = ", Doc(n.DefaultValue)), Wrap(" ", Join(Docs(n.Directives), " "))]),
        SelectionSetNode n => n.Selections.Count == 0 ? "{}" : Block(Docs(n.Selections)),
        FieldNode n => Join([
            WrappedLineAndArgs(Join([Wrap("", Doc(n.Alias), ": "), Doc(n.Name)]), Docs(n.Arguments)),
            Wrap(" ", Join(Docs(n.Directives), " ")),
            Wrap(" ", Doc(n.SelectionSet))]),
        ArgumentNode n => Join([Doc(n.Name), ": ", Doc(n.Value)]),
        FragmentSpreadNode n => Join([Join(["...", Doc(n.Name)]), Wrap(" ", Join(Docs(n.Directives), " "))]),
        InlineFragmentNode n => Join(["...", Wrap("on ", Doc(n.TypeCondition)), Join(Docs(n.Directives), " "), Doc(n.SelectionSet)], " "),
        FragmentDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"), "fragment ", Doc(n.Name), " on ", Doc(n.TypeCondition), " ",
            Wrap("", Join(Docs(n.Directives), " "), " "), Doc(n.SelectionSet)]),
        IntValueNode n => n.Value,
        FloatValueNode n => n.Value,
        StringValueNode n => n.Block ? new Part(BlockString.PrintBlockString(n.Value), isBlockString: true) : PrintString(n.Value),
        BooleanValueNode n => n.Value ? "true" : "false",
        NullValueNode => "null",
        EnumValueNode n => n.Value,
        ListValueNode n => ListValue(Docs(n.Values)),
        ObjectValueNode n => ObjectValue(Docs(n.Fields)),
        ObjectFieldNode n => Join([Doc(n.Name), ": ", Doc(n.Value)]),
        DirectiveNode n => Join(["@", Doc(n.Name), Wrap("(", Join(Docs(n.Arguments), ", "), ")")]),
        NamedTypeNode n => Doc(n.Name),
        ListTypeNode n => Join(["[", Doc(n.Type), "]"]),
        NonNullTypeNode n => Join([Doc(n.Type), "!"]),
        SchemaDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["schema", Join(Docs(n.Directives), " "), Block(Docs(n.OperationTypes))], " ")]),
        OperationTypeDefinitionNode n => Join([n.Operation.Keyword(), ": ", Doc(n.Type)]),
        ScalarTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["scalar", Doc(n.Name), Join(Docs(n.Directives), " ")], " ")]),
        ObjectTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["type", Doc(n.Name), Wrap("implements ", Join(Docs(n.Interfaces), " & ")), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " ")]),
        FieldDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"), Doc(n.Name), ArgumentDefinitions(Docs(n.Arguments)), ": ", Doc(n.Type),
            Wrap(" ", Join(Docs(n.Directives), " "))]),
        InputValueDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"), Doc(n.Name), ": ", Doc(n.Type),
            Wrap(" = ", Doc(n.DefaultValue)), Wrap(" ", Join(Docs(n.Directives), " "))]),
        InterfaceTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["interface", Doc(n.Name), Wrap("implements ", Join(Docs(n.Interfaces), " & ")), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " ")]),
        UnionTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["union", Doc(n.Name), Join(Docs(n.Directives), " "), Wrap("= ", Join(Docs(n.Types), " | "))], " ")]),
        EnumTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["enum", Doc(n.Name), Join(Docs(n.Directives), " "), Block(Docs(n.Values))], " ")]),
        EnumValueDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join([Doc(n.Name), Join(Docs(n.Directives), " ")], " ")]),
        InputObjectTypeDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"),
            Join(["input", Doc(n.Name), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " ")]),
        DirectiveDefinitionNode n => Join([
            Wrap("", Doc(n.Description), "\n"), "directive @", Doc(n.Name), ArgumentDefinitions(Docs(n.Arguments)),
            Wrap(" ", Join(Docs(n.Directives), " ")), n.Repeatable ? " repeatable" : "", " on ", Join(Docs(n.Locations), " | ")]),
        SchemaExtensionNode n => Join(["extend schema", Join(Docs(n.Directives), " "), Block(Docs(n.OperationTypes))], " "),
        ScalarTypeExtensionNode n => Join(["extend scalar", Doc(n.Name), Join(Docs(n.Directives), " ")], " "),
        ObjectTypeExtensionNode n => Join(["extend type", Doc(n.Name), Wrap("implements ", Join(Docs(n.Interfaces), " & ")), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " "),
        InterfaceTypeExtensionNode n => Join(["extend interface", Doc(n.Name), Wrap("implements ", Join(Docs(n.Interfaces), " & ")), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " "),
        UnionTypeExtensionNode n => Join(["extend union", Doc(n.Name), Join(Docs(n.Directives), " "), Wrap("= ", Join(Docs(n.Types), " | "))], " "),
        EnumTypeExtensionNode n => Join(["extend enum", Doc(n.Name), Join(Docs(n.Directives), " "), Block(Docs(n.Values))], " "),
        InputObjectTypeExtensionNode n => Join(["extend input", Doc(n.Name), Join(Docs(n.Directives), " "), Block(Docs(n.Fields))], " "),
        DirectiveExtensionNode n => Join([Join(["extend directive @", Doc(n.Name)]), Join(Docs(n.Directives), " ")], " "),
        TypeCoordinateNode n => Doc(n.Name),
        MemberCoordinateNode n => Join([Doc(n.Name), Wrap(".", Doc(n.MemberName))]),
        ArgumentCoordinateNode n => Join([Doc(n.Name), Wrap(".", Doc(n.FieldName)), Wrap("(", Doc(n.ArgumentName), ":)")]),
        DirectiveCoordinateNode n => Join(["@", Doc(n.Name)]),
        DirectiveArgumentCoordinateNode n => Join(["@", Doc(n.Name), Wrap("(", Doc(n.ArgumentName), ":)")]),
        _ => throw new ArgumentException($"Cannot print a {node.GetType().Name}.", nameof(node)),
    };

    private static Part[] Docs<T>(IReadOnlyList<T> nodes) where T : Node
    {
        var docs = new Part[nodes.Count];
        for (int i = 0; i < docs.Length; i++) docs[i] = Doc(nodes[i]);
        return docs;
    }

    private static Part OperationDefinition(OperationDefinitionNode n)
    {
        var variableDefinitions = Docs(n.VariableDefinitions);
        // graphql-js puts multi-line variable definitions one per line, without indentation.
        var varDefs = HasMultilineItems(variableDefinitions)
            ? Wrap("(\n", Join(variableDefinitions, "\n"), "\n)")
            : Wrap("(", Join(variableDefinitions, ", "), ")");
        string keyword = n.Operation.Keyword();
        var prefix = Join([
            Wrap("", Doc(n.Description), "\n"),
            Join([keyword, Join([Doc(n.Name), varDefs]), Join(Docs(n.Directives), " ")], " ")]);
        // The anonymous query with nothing else is printed in its shorthand form.
        return Join([n.Operation == OperationType.Query && prefix.Length == keyword.Length ? Part.Empty : Join([prefix, " "]), Doc(n.SelectionSet)]);
    }

    private static Part ArgumentDefinitions(Part[] arguments) =>
        HasMultilineItems(arguments)
            ? Wrap("(\n", Join(arguments, "\n").Indent(), "\n)")
            : Wrap("(", Join(arguments, ", "), ")");

    private static Part WrappedLineAndArgs(Part prefix, Part[] arguments)
    {
        if (arguments.Length == 0) return prefix;
        return Join([
            prefix,
            prefix.Length + JoinedLength(arguments, ", ") + 2 > MaxLineLength
                ? Wrap("(\n", Join(arguments, "\n").Indent(), "\n)")
                : Wrap("(", Join(arguments, ", "), ")")]);
    }

    private static Part ListValue(Part[] values) =>
        2 + JoinedLength(values, ", ") > MaxLineLength
            ? Wrap("[\n", Join(values, "\n").Indent(), "\n]")
            : Join(["[", Join(values, ", "), "]"]);

    private static Part ObjectValue(Part[] fields) =>
        4 + JoinedLength(fields, ", ") > MaxLineLength
            ? Block(fields)
            : Join(["{ ", Join(fields, ", "), " }"]);

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
    // Joining appends to the first non-empty part; every part is used by exactly one parent.

    private static Part Join(Part[] items, string separator = "")
    {
        var result = Part.Empty;
        foreach (var item in items)
        {
            if (item.Length == 0) continue;
            if (result.Length == 0)
            {
                result = item;
            }
            else
            {
                if (separator.Length != 0) result.Append(new Part(separator));
                result.Append(item);
            }
        }
        return result;
    }

    private static int JoinedLength(Part[] items, string separator)
    {
        int length = 0;
        foreach (var item in items)
        {
            if (item.Length != 0) length += (length == 0 ? 0 : separator.Length) + item.Length;
        }
        return length;
    }

    private static Part Wrap(string start, Part value, string end = "")
    {
        if (value.Length == 0) return Part.Empty;
        var result = start.Length == 0 ? value : new Part(start).Append(value);
        return end.Length == 0 ? result : result.Append(new Part(end));
    }

    private static Part Block(Part[] items) => Wrap("{\n", Join(items, "\n").Indent(), "\n}");

    private static bool HasMultilineItems(Part[] items)
    {
        foreach (var item in items)
        {
            if (item.Newlines != 0) return true;
        }
        return false;
    }
}
