using System.Runtime.CompilerServices;

namespace Es.GraphQL.Language;

/// <summary>
/// A hand-written recursive-descent parser for the whole GraphQL grammar (spec 2 and 3, plus the
/// graphql-js 17 extensions), producing the AST of <see cref="Node"/>s. Every syntax error is a
/// <see cref="GraphQLError"/> whose message and location match graphql-js's.
/// </summary>
public sealed class Parser
{
    private readonly Lexer _lexer;
    private readonly Source _source;
    private readonly ParseOptions _options;
    private readonly bool _noLocation;
    private int _tokenCount;
    private int _depth;

    private Parser(Source source, ParseOptions? options, bool schemaCoordinates = false)
    {
        _options = options ?? ParseOptions.Default;
        _source = source;
        _noLocation = _options.NoLocation;
        if (_options.MaxSourceLength is int maxLength && source.Body.Length > maxLength)
            throw SyntaxError.Create(source, maxLength, $"Source contains more than {maxLength} UTF-16 code units. Parsing aborted.");
        _lexer = new Lexer(source, schemaCoordinates) { MaxComments = _options.MaxComments };
    }

    /// <summary>Parses a whole document: executable definitions, type system definitions and extensions.</summary>
    public static DocumentNode Parse(Source source, ParseOptions? options = null) => new Parser(source, options).ParseDocument();

    /// <summary>Parses a value literal that may hold variables, e.g. <c>[1, $x]</c>.</summary>
    public static ValueNode ParseValue(Source source, ParseOptions? options = null)
    {
        var parser = new Parser(source, options);
        parser.ExpectToken(TokenKind.SOF);
        var value = parser.ParseValueLiteral(isConst: false);
        parser.ExpectToken(TokenKind.EOF);
        return value;
    }

    /// <summary>Parses a constant value literal (no variables), e.g. a default value.</summary>
    public static ValueNode ParseConstValue(Source source, ParseOptions? options = null)
    {
        var parser = new Parser(source, options);
        parser.ExpectToken(TokenKind.SOF);
        var value = parser.ParseValueLiteral(isConst: true);
        parser.ExpectToken(TokenKind.EOF);
        return value;
    }

    /// <summary>Parses a type reference, e.g. <c>[String!]!</c>.</summary>
    public static TypeNode ParseType(Source source, ParseOptions? options = null)
    {
        var parser = new Parser(source, options);
        parser.ExpectToken(TokenKind.SOF);
        var type = parser.ParseTypeReference();
        parser.ExpectToken(TokenKind.EOF);
        return type;
    }

    /// <summary>Parses a schema coordinate (spec 3.14), e.g. <c>Type.field(arg:)</c> or <c>@directive</c>.</summary>
    public static SchemaCoordinateNode ParseSchemaCoordinate(Source source)
    {
        var parser = new Parser(source, null, schemaCoordinates: true);
        parser.ExpectToken(TokenKind.SOF);
        var coordinate = parser.ParseSchemaCoordinateNode();
        parser.ExpectToken(TokenKind.EOF);
        return coordinate;
    }

    // Document (spec 2.2)

    private DocumentNode ParseDocument()
    {
        var start = _lexer.Token;
        ExpectToken(TokenKind.SOF);
        var definitions = StartList<DefinitionNode>();
        do definitions.Add(ParseDefinition());
        while (!ExpectOptionalToken(TokenKind.EOF));
        return new DocumentNode(definitions.ToArray(), Loc(start)) { TokenCount = _tokenCount };
    }

    private DefinitionNode ParseDefinition()
    {
        if (Peek(TokenKind.BraceL)) return ParseOperationDefinition();

        // A description belongs to the definition after it, so look one token past it for the keyword.
        bool hasDescription = PeekDescription();
        var keywordToken = hasDescription ? _lexer.Lookahead() : _lexer.Token;

        if (hasDescription && keywordToken.Kind == TokenKind.BraceL)
            throw SyntaxError.Create(_source, _lexer.Token.Start, "Unexpected description, descriptions are not supported on shorthand queries.");

        if (keywordToken.Kind == TokenKind.Name)
        {
            switch (keywordToken.Value)
            {
                case "schema": return ParseSchemaDefinition();
                case "scalar": return ParseScalarTypeDefinition();
                case "type": return ParseObjectTypeDefinition();
                case "interface": return ParseInterfaceTypeDefinition();
                case "union": return ParseUnionTypeDefinition();
                case "enum": return ParseEnumTypeDefinition();
                case "input": return ParseInputObjectTypeDefinition();
                case "directive": return ParseDirectiveDefinition();
                case "query":
                case "mutation":
                case "subscription":
                    return ParseOperationDefinition();
                case "fragment": return ParseFragmentDefinition();
            }
            if (hasDescription)
                throw SyntaxError.Create(_source, _lexer.Token.Start, "Unexpected description, only GraphQL definitions support descriptions.");
            if (keywordToken.Value == "extend") return ParseTypeSystemExtension();
        }
        throw Unexpected(keywordToken);
    }

    // Operations (spec 2.3)

    private OperationDefinitionNode ParseOperationDefinition()
    {
        var start = _lexer.Token;
        if (Peek(TokenKind.BraceL))
            return new OperationDefinitionNode(OperationType.Query, null, null, null, ParseSelectionSet(), null, Loc(start));

        var description = ParseDescription();
        var operation = ParseOperationType();
        NameNode? name = Peek(TokenKind.Name) ? ParseName() : null;
        var variableDefinitions = ParseVariableDefinitions();
        var directives = ParseDirectives(isConst: false);
        var selectionSet = ParseSelectionSet();
        return new OperationDefinitionNode(operation, name, variableDefinitions, directives, selectionSet, description, Loc(start));
    }

    private OperationType ParseOperationType()
    {
        var token = ExpectToken(TokenKind.Name);
        return token.Value switch
        {
            "query" => OperationType.Query,
            "mutation" => OperationType.Mutation,
            "subscription" => OperationType.Subscription,
            _ => throw Unexpected(token),
        };
    }

    private IReadOnlyList<VariableDefinitionNode> ParseVariableDefinitions()
    {
        if (!ExpectOptionalToken(TokenKind.ParenL)) return [];
        var nodes = StartList<VariableDefinitionNode>();
        do nodes.Add(ParseVariableDefinition());
        while (!ExpectOptionalToken(TokenKind.ParenR));
        return nodes.ToArray();
    }

    private VariableDefinitionNode ParseVariableDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        var variable = ParseVariable();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(isConst: true) : null;
        var directives = ParseDirectives(isConst: true);
        return new VariableDefinitionNode(variable, type, defaultValue, directives, description, Loc(start));
    }

    private VariableNode ParseVariable()
    {
        var start = _lexer.Token;
        ExpectToken(TokenKind.Dollar);
        return new VariableNode(ParseName(), Loc(start));
    }

    // Selection sets (spec 2.4)

    private SelectionSetNode ParseSelectionSet()
    {
        var start = _lexer.Token;
        EnterNesting(start);
        ExpectToken(TokenKind.BraceL);
        var selections = StartList<SelectionNode>();
        if (_options.AllowEmptySelectionSets)
        {
            while (!ExpectOptionalToken(TokenKind.BraceR)) selections.Add(ParseSelection());
        }
        else
        {
            do selections.Add(ParseSelection());
            while (!ExpectOptionalToken(TokenKind.BraceR));
        }
        _depth--;
        return new SelectionSetNode(selections.ToArray(), Loc(start));
    }

    private SelectionNode ParseSelection() => Peek(TokenKind.Spread) ? ParseFragment() : ParseField();

    private FieldNode ParseField()
    {
        var start = _lexer.Token;
        var nameOrAlias = ParseName();
        NameNode? alias = null;
        NameNode name;
        if (ExpectOptionalToken(TokenKind.Colon))
        {
            alias = nameOrAlias;
            name = ParseName();
        }
        else
        {
            name = nameOrAlias;
        }
        var arguments = ParseArguments(isConst: false);
        var directives = ParseDirectives(isConst: false);
        var selectionSet = Peek(TokenKind.BraceL) ? ParseSelectionSet() : null;
        return new FieldNode(alias, name, arguments, directives, selectionSet, Loc(start));
    }

    private IReadOnlyList<ArgumentNode> ParseArguments(bool isConst)
    {
        if (!ExpectOptionalToken(TokenKind.ParenL)) return [];
        var nodes = StartList<ArgumentNode>();
        do nodes.Add(ParseArgument(isConst));
        while (!ExpectOptionalToken(TokenKind.ParenR));
        return nodes.ToArray();
    }

    private ArgumentNode ParseArgument(bool isConst)
    {
        var start = _lexer.Token;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        return new ArgumentNode(name, ParseValueLiteral(isConst), Loc(start));
    }

    // Fragments (spec 2.8)

    private SelectionNode ParseFragment()
    {
        var start = _lexer.Token;
        ExpectToken(TokenKind.Spread);
        bool hasTypeCondition = ExpectOptionalKeyword("on");
        if (!hasTypeCondition && Peek(TokenKind.Name))
        {
            var name = ParseFragmentName();
            return new FragmentSpreadNode(name, ParseDirectives(isConst: false), Loc(start));
        }
        var typeCondition = hasTypeCondition ? ParseNamedType() : null;
        var directives = ParseDirectives(isConst: false);
        return new InlineFragmentNode(typeCondition, directives, ParseSelectionSet(), Loc(start));
    }

    private FragmentDefinitionNode ParseFragmentDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("fragment");
        var name = ParseFragmentName();
        ExpectKeyword("on");
        var typeCondition = ParseNamedType();
        var directives = ParseDirectives(isConst: false);
        var selectionSet = ParseSelectionSet();
        return new FragmentDefinitionNode(name, typeCondition, directives, selectionSet, description, Loc(start));
    }

    private NameNode ParseFragmentName()
    {
        // "on" would make "...on" ambiguous, so it can never name a fragment (spec 2.8).
        if (_lexer.Token.Value == "on") throw Unexpected();
        return ParseName();
    }

    // Values (spec 2.9)

    private ValueNode ParseValueLiteral(bool isConst)
    {
        var token = _lexer.Token;
        switch (token.Kind)
        {
            case TokenKind.BracketL:
                return ParseList(isConst);
            case TokenKind.BraceL:
                return ParseObject(isConst);
            case TokenKind.Int:
                AdvanceLexer();
                return new IntValueNode(token.Value!, Loc(token));
            case TokenKind.Float:
                AdvanceLexer();
                return new FloatValueNode(token.Value!, Loc(token));
            case TokenKind.String:
            case TokenKind.BlockString:
                return ParseStringLiteral();
            case TokenKind.Name:
                AdvanceLexer();
                return token.Value switch
                {
                    "true" => new BooleanValueNode(true, Loc(token)),
                    "false" => new BooleanValueNode(false, Loc(token)),
                    "null" => new NullValueNode(Loc(token)),
                    _ => new EnumValueNode(token.Value!, Loc(token)),
                };
            case TokenKind.Dollar:
                if (isConst)
                {
                    ExpectToken(TokenKind.Dollar);
                    if (_lexer.Token.Kind == TokenKind.Name)
                        throw SyntaxError.Create(_source, token.Start, $"Unexpected variable \"${_lexer.Token.Value}\" in constant value.");
                    throw Unexpected(token);
                }
                return ParseVariable();
            default:
                throw Unexpected();
        }
    }

    private StringValueNode ParseStringLiteral()
    {
        var token = _lexer.Token;
        AdvanceLexer();
        return new StringValueNode(token.Value!, token.Kind == TokenKind.BlockString, Loc(token));
    }

    private ListValueNode ParseList(bool isConst)
    {
        var start = _lexer.Token;
        EnterNesting(start);
        ExpectToken(TokenKind.BracketL);
        var values = StartList<ValueNode>();
        while (!ExpectOptionalToken(TokenKind.BracketR)) values.Add(ParseValueLiteral(isConst));
        _depth--;
        return new ListValueNode(values.ToArray(), Loc(start));
    }

    private ObjectValueNode ParseObject(bool isConst)
    {
        var start = _lexer.Token;
        EnterNesting(start);
        ExpectToken(TokenKind.BraceL);
        var fields = StartList<ObjectFieldNode>();
        while (!ExpectOptionalToken(TokenKind.BraceR)) fields.Add(ParseObjectField(isConst));
        _depth--;
        return new ObjectValueNode(fields.ToArray(), Loc(start));
    }

    private ObjectFieldNode ParseObjectField(bool isConst)
    {
        var start = _lexer.Token;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        return new ObjectFieldNode(name, ParseValueLiteral(isConst), Loc(start));
    }

    // Directives (spec 2.12)

    private IReadOnlyList<DirectiveNode> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At)) return [];
        var directives = StartList<DirectiveNode>();
        while (Peek(TokenKind.At)) directives.Add(ParseDirective(isConst));
        return directives.ToArray();
    }

    private DirectiveNode ParseDirective(bool isConst)
    {
        var start = _lexer.Token;
        ExpectToken(TokenKind.At);
        var name = ParseName();
        return new DirectiveNode(name, ParseArguments(isConst), Loc(start));
    }

    // Type references (spec 2.11)

    private TypeNode ParseTypeReference()
    {
        var start = _lexer.Token;
        TypeNode type;
        if (Peek(TokenKind.BracketL))
        {
            EnterNesting(start);
            AdvanceLexer();
            var innerType = ParseTypeReference();
            ExpectToken(TokenKind.BracketR);
            _depth--;
            type = new ListTypeNode(innerType, Loc(start));
        }
        else
        {
            type = ParseNamedType();
        }
        return ExpectOptionalToken(TokenKind.Bang) ? new NonNullTypeNode(type, Loc(start)) : type;
    }

    private NamedTypeNode ParseNamedType()
    {
        var start = _lexer.Token;
        return new NamedTypeNode(ParseName(), Loc(start));
    }

    private NameNode ParseName()
    {
        var token = ExpectToken(TokenKind.Name);
        return new NameNode(token.Value!, Loc(token));
    }

    // Type system (spec 3)

    private bool PeekDescription() => Peek(TokenKind.String) || Peek(TokenKind.BlockString);

    private StringValueNode? ParseDescription() => PeekDescription() ? ParseStringLiteral() : null;

    private SchemaDefinitionNode ParseSchemaDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("schema");
        var directives = ParseDirectives(isConst: true);
        ExpectToken(TokenKind.BraceL);
        var operationTypes = StartList<OperationTypeDefinitionNode>();
        do operationTypes.Add(ParseOperationTypeDefinition());
        while (!ExpectOptionalToken(TokenKind.BraceR));
        return new SchemaDefinitionNode(directives, operationTypes.ToArray(), description, Loc(start));
    }

    private OperationTypeDefinitionNode ParseOperationTypeDefinition()
    {
        var start = _lexer.Token;
        var operation = ParseOperationType();
        ExpectToken(TokenKind.Colon);
        var type = ParseNamedType();
        return new OperationTypeDefinitionNode(operation, type, Loc(start));
    }

    private ScalarTypeDefinitionNode ParseScalarTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        return new ScalarTypeDefinitionNode(name, directives, description, Loc(start));
    }

    private ObjectTypeDefinitionNode ParseObjectTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(isConst: true);
        var fields = ParseFieldsDefinition();
        return new ObjectTypeDefinitionNode(name, interfaces, directives, fields, description, Loc(start));
    }

    private IReadOnlyList<NamedTypeNode> ParseImplementsInterfaces() =>
        ExpectOptionalKeyword("implements") ? DelimitedNamedTypes(TokenKind.Amp) : [];

    private NamedTypeNode[] DelimitedNamedTypes(TokenKind delimiter)
    {
        ExpectOptionalToken(delimiter);
        var types = StartList<NamedTypeNode>();
        do types.Add(ParseNamedType());
        while (ExpectOptionalToken(delimiter));
        return types.ToArray();
    }

    private IReadOnlyList<FieldDefinitionNode> ParseFieldsDefinition()
    {
        if (!ExpectOptionalToken(TokenKind.BraceL)) return [];
        var fields = StartList<FieldDefinitionNode>();
        do fields.Add(ParseFieldDefinition());
        while (!ExpectOptionalToken(TokenKind.BraceR));
        return fields.ToArray();
    }

    private FieldDefinitionNode ParseFieldDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        var name = ParseName();
        var arguments = ParseArgumentDefinitions();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var directives = ParseDirectives(isConst: true);
        return new FieldDefinitionNode(name, arguments, type, directives, description, Loc(start));
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefinitions() => ParseInputValueDefinitions(TokenKind.ParenL, TokenKind.ParenR);

    private IReadOnlyList<InputValueDefinitionNode> ParseInputValueDefinitions(TokenKind open, TokenKind close)
    {
        if (!ExpectOptionalToken(open)) return [];
        var values = StartList<InputValueDefinitionNode>();
        do values.Add(ParseInputValueDefinition());
        while (!ExpectOptionalToken(close));
        return values.ToArray();
    }

    private InputValueDefinitionNode ParseInputValueDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(isConst: true) : null;
        var directives = ParseDirectives(isConst: true);
        return new InputValueDefinitionNode(name, type, defaultValue, directives, description, Loc(start));
    }

    private InterfaceTypeDefinitionNode ParseInterfaceTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(isConst: true);
        var fields = ParseFieldsDefinition();
        return new InterfaceTypeDefinitionNode(name, interfaces, directives, fields, description, Loc(start));
    }

    private UnionTypeDefinitionNode ParseUnionTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var types = ParseUnionMemberTypes();
        return new UnionTypeDefinitionNode(name, directives, types, description, Loc(start));
    }

    private IReadOnlyList<NamedTypeNode> ParseUnionMemberTypes() =>
        ExpectOptionalToken(TokenKind.Equals) ? DelimitedNamedTypes(TokenKind.Pipe) : [];

    private EnumTypeDefinitionNode ParseEnumTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var values = ParseEnumValuesDefinition();
        return new EnumTypeDefinitionNode(name, directives, values, description, Loc(start));
    }

    private IReadOnlyList<EnumValueDefinitionNode> ParseEnumValuesDefinition()
    {
        if (!ExpectOptionalToken(TokenKind.BraceL)) return [];
        var values = StartList<EnumValueDefinitionNode>();
        do values.Add(ParseEnumValueDefinition());
        while (!ExpectOptionalToken(TokenKind.BraceR));
        return values.ToArray();
    }

    private EnumValueDefinitionNode ParseEnumValueDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        var name = ParseEnumValueName();
        var directives = ParseDirectives(isConst: true);
        return new EnumValueDefinitionNode(name, directives, description, Loc(start));
    }

    private NameNode ParseEnumValueName()
    {
        // true, false and null would read as the other literals, so no enum value may use them (spec 3.9).
        var value = _lexer.Token.Value;
        if (value is "true" or "false" or "null")
            throw SyntaxError.Create(_source, _lexer.Token.Start, $"{_lexer.Token.Description} is reserved and cannot be used for an enum value.");
        return ParseName();
    }

    private InputObjectTypeDefinitionNode ParseInputObjectTypeDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var fields = ParseInputValueDefinitions(TokenKind.BraceL, TokenKind.BraceR);
        return new InputObjectTypeDefinitionNode(name, directives, fields, description, Loc(start));
    }

    private TypeSystemExtensionNode ParseTypeSystemExtension()
    {
        var keywordToken = _lexer.Lookahead();
        if (keywordToken.Kind == TokenKind.Name)
        {
            switch (keywordToken.Value)
            {
                case "schema": return ParseSchemaExtension();
                case "scalar": return ParseScalarTypeExtension();
                case "type": return ParseObjectOrInterfaceTypeExtension("type");
                case "interface": return ParseObjectOrInterfaceTypeExtension("interface");
                case "union": return ParseUnionTypeExtension();
                case "enum": return ParseEnumTypeExtension();
                case "input": return ParseInputObjectTypeExtension();
                case "directive": return ParseDirectiveExtension();
            }
        }
        throw Unexpected(keywordToken);
    }

    private SchemaExtensionNode ParseSchemaExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("schema");
        var directives = ParseDirectives(isConst: true);
        OperationTypeDefinitionNode[]? operationTypes = null;
        if (ExpectOptionalToken(TokenKind.BraceL))
        {
            var list = StartList<OperationTypeDefinitionNode>();
            do list.Add(ParseOperationTypeDefinition());
            while (!ExpectOptionalToken(TokenKind.BraceR));
            operationTypes = list.ToArray();
        }
        // An extension must extend something (spec 3.3.2).
        if (directives.Count == 0 && operationTypes is null) throw Unexpected();
        return new SchemaExtensionNode(directives, operationTypes, Loc(start));
    }

    private ScalarTypeExtensionNode ParseScalarTypeExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        if (directives.Count == 0) throw Unexpected();
        return new ScalarTypeExtensionNode(name, directives, Loc(start));
    }

    private TypeExtensionNode ParseObjectOrInterfaceTypeExtension(string keyword)
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword(keyword);
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(isConst: true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return keyword == "type"
            ? new ObjectTypeExtensionNode(name, interfaces, directives, fields, Loc(start))
            : new InterfaceTypeExtensionNode(name, interfaces, directives, fields, Loc(start));
    }

    private UnionTypeExtensionNode ParseUnionTypeExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var types = ParseUnionMemberTypes();
        if (directives.Count == 0 && types.Count == 0) throw Unexpected();
        return new UnionTypeExtensionNode(name, directives, types, Loc(start));
    }

    private EnumTypeExtensionNode ParseEnumTypeExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var values = ParseEnumValuesDefinition();
        if (directives.Count == 0 && values.Count == 0) throw Unexpected();
        return new EnumTypeExtensionNode(name, directives, values, Loc(start));
    }

    private InputObjectTypeExtensionNode ParseInputObjectTypeExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        var fields = ParseInputValueDefinitions(TokenKind.BraceL, TokenKind.BraceR);
        if (directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new InputObjectTypeExtensionNode(name, directives, fields, Loc(start));
    }

    private DirectiveExtensionNode ParseDirectiveExtension()
    {
        var start = _lexer.Token;
        ExpectKeyword("extend");
        ExpectKeyword("directive");
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var directives = ParseDirectives(isConst: true);
        if (directives.Count == 0) throw Unexpected();
        return new DirectiveExtensionNode(name, directives, Loc(start));
    }

    private DirectiveDefinitionNode ParseDirectiveDefinition()
    {
        var start = _lexer.Token;
        var description = ParseDescription();
        ExpectKeyword("directive");
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var arguments = ParseArgumentDefinitions();
        var directives = ParseDirectives(isConst: true);
        bool repeatable = ExpectOptionalKeyword("repeatable");
        ExpectKeyword("on");
        ExpectOptionalToken(TokenKind.Pipe);
        var locations = StartList<NameNode>();
        do locations.Add(ParseDirectiveLocation());
        while (ExpectOptionalToken(TokenKind.Pipe));
        return new DirectiveDefinitionNode(name, arguments, repeatable, locations.ToArray(), directives, description, Loc(start));
    }

    private NameNode ParseDirectiveLocation()
    {
        var start = _lexer.Token;
        var name = ParseName();
        if (DirectiveLocations.TryParse(name.Value, out _)) return name;
        throw Unexpected(start);
    }

    // Schema coordinates (spec 3.14)

    private SchemaCoordinateNode ParseSchemaCoordinateNode()
    {
        var start = _lexer.Token;
        bool ofDirective = ExpectOptionalToken(TokenKind.At);
        var name = ParseName();
        NameNode? memberName = null;
        if (!ofDirective && ExpectOptionalToken(TokenKind.Dot)) memberName = ParseName();
        NameNode? argumentName = null;
        if ((ofDirective || memberName is not null) && ExpectOptionalToken(TokenKind.ParenL))
        {
            argumentName = ParseName();
            ExpectToken(TokenKind.Colon);
            ExpectToken(TokenKind.ParenR);
        }
        if (ofDirective)
            return argumentName is null ? new DirectiveCoordinateNode(name, Loc(start)) : new DirectiveArgumentCoordinateNode(name, argumentName, Loc(start));
        if (memberName is not null)
            return argumentName is null ? new MemberCoordinateNode(name, memberName, Loc(start)) : new ArgumentCoordinateNode(name, memberName, argumentName, Loc(start));
        return new TypeCoordinateNode(name, Loc(start));
    }

    // Lists are gathered on one scratch stack and copied into exact-size arrays: nested lists
    // finish before their parent's next item is added, so the stack discipline always holds.
    private readonly List<Node> _scratch = [];

    private ScratchList<T> StartList<T>() where T : Node => new(_scratch);

    private readonly struct ScratchList<T>(List<Node> scratch) where T : Node
    {
        private readonly int _mark = scratch.Count;

        public void Add(T node) => scratch.Add(node);

        public T[] ToArray()
        {
            int count = scratch.Count - _mark;
            if (count == 0) return [];
            var result = new T[count];
            for (int i = 0; i < count; i++) result[i] = (T)scratch[_mark + i];
            scratch.RemoveRange(_mark, count);
            return result;
        }
    }

    // Token plumbing

    private Location? Loc(Token start) => _noLocation ? null : new Location(start.Start, _lexer.LastToken.End, _source);

    private bool Peek(TokenKind kind) => _lexer.Token.Kind == kind;

    private Token ExpectToken(TokenKind kind)
    {
        var token = _lexer.Token;
        if (token.Kind == kind)
        {
            AdvanceLexer();
            return token;
        }
        throw SyntaxError.Create(_source, token.Start, $"Expected {kind.Description()}, found {token.Description}.");
    }

    private bool ExpectOptionalToken(TokenKind kind)
    {
        if (_lexer.Token.Kind != kind) return false;
        AdvanceLexer();
        return true;
    }

    private void ExpectKeyword(string value)
    {
        var token = _lexer.Token;
        if (token.Kind == TokenKind.Name && token.Value == value) AdvanceLexer();
        else throw SyntaxError.Create(_source, token.Start, $"Expected \"{value}\", found {token.Description}.");
    }

    private bool ExpectOptionalKeyword(string value)
    {
        var token = _lexer.Token;
        if (token.Kind != TokenKind.Name || token.Value != value) return false;
        AdvanceLexer();
        return true;
    }

    private GraphQLError Unexpected(Token? atToken = null)
    {
        var token = atToken ?? _lexer.Token;
        return SyntaxError.Create(_source, token.Start, $"Unexpected {token.Description}.");
    }

    private void AdvanceLexer()
    {
        var token = _lexer.Advance();
        if (token.Kind != TokenKind.EOF && ++_tokenCount > _options.MaxTokens)
            throw SyntaxError.Create(_source, token.Start, $"Document contains more than {_options.MaxTokens} tokens. Parsing aborted.", SyntaxError.MaxTokensCode);
    }

    // Recursion is bounded so that hostile input gets a syntax error, never a stack overflow.
    private void EnterNesting(Token at)
    {
        if (++_depth > _options.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw SyntaxError.Create(_source, at.Start, $"Document exceeds the maximum nesting depth of {_options.MaxDepth}. Parsing aborted.", SyntaxError.MaxDepthCode);
    }
}
