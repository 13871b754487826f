using System.Text;
using static Es.GraphQL.Language.CharacterClasses;

namespace Es.GraphQL.Language;

/// <summary>
/// Turns a source into tokens on demand (spec 2.1), as graphql-js's <c>Lexer</c>: <see cref="Advance"/>
/// moves to the next significant token, skipping ignored tokens and comments. It reads the body
/// string in place; only token values (names, numbers, strings) are allocated.
/// </summary>
public sealed class Lexer
{
    private readonly string _body;
    private readonly bool _schemaCoordinates;
    private readonly NameTable _names = NameTable.Current;
    private int _line = 1;
    private int _lineStart;
    private int _commentCount;

    public Lexer(Source source) : this(source, schemaCoordinates: false) { }

    /// <param name="schemaCoordinates">Lex the restricted grammar of schema coordinates (spec 3.14): no ignored tokens, only names and <c>. ( ) : @</c>.</param>
    internal Lexer(Source source, bool schemaCoordinates)
    {
        _schemaCoordinates = schemaCoordinates;
        Source = source;
        _body = source.Body;
        Token = new Token(TokenKind.SOF, 0, 0, 0, 0);
        LastToken = Token;
    }

    public Source Source { get; }

    /// <summary>The current token.</summary>
    public Token Token { get; private set; }

    /// <summary>The token before the current one (where the last parsed node ends).</summary>
    public Token LastToken { get; private set; }

    /// <summary>When set, more comments than this abort lexing with a syntax error.</summary>
    public int? MaxComments { get; init; }

    /// <summary>Moves to the next significant token and returns it.</summary>
    public Token Advance()
    {
        LastToken = Token;
        return Token = ReadSignificantToken(Token);
    }

    /// <summary>The next significant token after the current one, without moving to it.</summary>
    public Token Lookahead()
    {
        // Lexing moves the line bookkeeping; a peek must leave it as it was.
        int line = _line, lineStart = _lineStart, comments = _commentCount;
        var token = ReadSignificantToken(Token);
        _line = line;
        _lineStart = lineStart;
        _commentCount = comments;
        return token;
    }

    private Token ReadSignificantToken(Token token)
    {
        if (token.Kind == TokenKind.EOF) return token;
        // Comments skipped here are never seen, so their text is not copied out.
        _commentValues = false;
        do token = ReadNextToken(token.End);
        while (token.Kind == TokenKind.Comment);
        _commentValues = true;
        return token;
    }

    private bool _commentValues = true;

    /// <summary>The next token including comments, for tools that keep them; the parser never sees comments.</summary>
    public Token AdvanceIncludingComments()
    {
        LastToken = Token;
        return Token = Token.Kind == TokenKind.EOF ? Token : ReadNextToken(Token.End);
    }

    private int CodeAt(int position) => (uint)position < (uint)_body.Length ? _body[position] : -1;

    private Token CreateToken(TokenKind kind, int start, int end, string? value = null) =>
        new(kind, start, end, _line, 1 + start - _lineStart, value);

    private GraphQLError Error(int position, string description) => SyntaxError.Create(Source, position, description);

    private Token ReadNextToken(int start)
    {
        if (_schemaCoordinates) return ReadNextSchemaCoordinateToken(start);
        var body = _body;
        int position = start;
        while ((uint)position < (uint)body.Length)
        {
            char code = body[position];
            switch (code)
            {
                // Ignored tokens (spec 2.1.1–2.1.5): BOM, tab, space, comma, line terminators.
                case '\uFEFF':
                case '\t':
                case ' ':
                case ',':
                    ++position;
                    continue;
                case '\n':
                    ++position;
                    ++_line;
                    _lineStart = position;
                    continue;
                case '\r':
                    position += CodeAt(position + 1) == '\n' ? 2 : 1;
                    ++_line;
                    _lineStart = position;
                    continue;
                case '#':
                    return ReadComment(position);
                case '!': return CreateToken(TokenKind.Bang, position, position + 1);
                case '$': return CreateToken(TokenKind.Dollar, position, position + 1);
                case '&': return CreateToken(TokenKind.Amp, position, position + 1);
                case '(': return CreateToken(TokenKind.ParenL, position, position + 1);
                case ')': return CreateToken(TokenKind.ParenR, position, position + 1);
                case '.':
                {
                    int next = CodeAt(position + 1);
                    if (next == '.' && CodeAt(position + 2) == '.')
                        return CreateToken(TokenKind.Spread, position, position + 3);
                    if (next == '.')
                        throw Error(position, "Unexpected \"..\", did you mean \"...\"?");
                    if (IsDigit(next))
                    {
                        int end = ReadDigits(position + 1, next);
                        throw Error(position, $"Invalid number, expected digit before \".\", did you mean \"0{body[position..end]}\"?");
                    }
                    break;
                }
                case ':': return CreateToken(TokenKind.Colon, position, position + 1);
                case '=': return CreateToken(TokenKind.Equals, position, position + 1);
                case '@': return CreateToken(TokenKind.At, position, position + 1);
                case '[': return CreateToken(TokenKind.BracketL, position, position + 1);
                case ']': return CreateToken(TokenKind.BracketR, position, position + 1);
                case '{': return CreateToken(TokenKind.BraceL, position, position + 1);
                case '|': return CreateToken(TokenKind.Pipe, position, position + 1);
                case '}': return CreateToken(TokenKind.BraceR, position, position + 1);
                case '"':
                    if (CodeAt(position + 1) == '"' && CodeAt(position + 2) == '"')
                        return ReadBlockString(position);
                    return ReadString(position);
            }

            if (IsDigit(code) || code == '-') return ReadNumber(position, code);
            if (IsNameStart(code)) return ReadName(position);

            throw Error(position,
                code == '\'' ? "Unexpected single quote character ('), did you mean to use a double quote (\")?"
                : IsUnicodeScalarValue(code) || IsSupplementaryCodePoint(position) ? $"Unexpected character: {PrintCodePointAt(position)}."
                : $"Invalid character: {PrintCodePointAt(position)}.");
        }
        return CreateToken(TokenKind.EOF, body.Length, body.Length);
    }

    private Token ReadNextSchemaCoordinateToken(int position)
    {
        if (position >= _body.Length) return CreateToken(TokenKind.EOF, _body.Length, _body.Length);
        char code = _body[position];
        switch (code)
        {
            case '.': return CreateToken(TokenKind.Dot, position, position + 1);
            case '(': return CreateToken(TokenKind.ParenL, position, position + 1);
            case ')': return CreateToken(TokenKind.ParenR, position, position + 1);
            case ':': return CreateToken(TokenKind.Colon, position, position + 1);
            case '@': return CreateToken(TokenKind.At, position, position + 1);
        }
        if (IsNameStart(code)) return ReadName(position);
        throw Error(position, $"Invalid character: {PrintCodePointAt(position)}.");
    }

    private bool IsSupplementaryCodePoint(int position) =>
        IsLeadingSurrogate(CodeAt(position)) && IsTrailingSurrogate(CodeAt(position + 1));

    /// <summary>A character as graphql-js names it in messages: <c>"a"</c>, <c>'"'</c>, <c>U+00A0</c> or <c>&lt;EOF&gt;</c>.</summary>
    internal string PrintCodePointAt(int position)
    {
        if (position >= _body.Length) return "<EOF>";
        int code = IsSupplementaryCodePoint(position) ? char.ConvertToUtf32(_body[position], _body[position + 1]) : _body[position];
        if (code >= 0x20 && code <= 0x7E) return code == '"' ? "'\"'" : $"\"{(char)code}\"";
        return "U+" + code.ToString("X4");
    }

    private Token ReadComment(int start)
    {
        if (MaxComments is int max)
        {
            if (_commentCount + 1 > max) throw Error(start, $"Document contains more than {max} comments. Parsing aborted.");
            _commentCount++;
        }
        int position = start + 1;
        while (position < _body.Length)
        {
            int code = _body[position];
            if (code == '\n' || code == '\r') break;
            if (IsUnicodeScalarValue(code)) ++position;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else break;
        }
        return CreateToken(TokenKind.Comment, start, position, _commentValues ? _body.Substring(start + 1, position - start - 1) : null);
    }

    // IntValue and FloatValue (spec 2.1.8, 2.1.9), including the lookahead restrictions that
    // forbid a digit, "." or a name start right after a number.
    private Token ReadNumber(int start, int firstCode)
    {
        int position = start;
        int code = firstCode;
        bool isFloat = false;

        if (code == '-') code = CodeAt(++position);

        if (code == '0')
        {
            code = CodeAt(++position);
            if (IsDigit(code)) throw Error(position, $"Invalid number, unexpected digit after 0: {PrintCodePointAt(position)}.");
        }
        else
        {
            position = ReadDigits(position, code);
            code = CodeAt(position);
        }

        if (code == '.')
        {
            isFloat = true;
            code = CodeAt(++position);
            position = ReadDigits(position, code);
            code = CodeAt(position);
        }

        if (code == 'E' || code == 'e')
        {
            isFloat = true;
            code = CodeAt(++position);
            if (code == '+' || code == '-') code = CodeAt(++position);
            position = ReadDigits(position, code);
            code = CodeAt(position);
        }

        if (code == '.' || IsNameStart(code))
            throw Error(position, $"Invalid number, expected digit but got: {PrintCodePointAt(position)}.");

        return CreateToken(isFloat ? TokenKind.Float : TokenKind.Int, start, position, _body.Substring(start, position - start));
    }

    private int ReadDigits(int start, int firstCode)
    {
        if (!IsDigit(firstCode)) throw Error(start, $"Invalid number, expected digit but got: {PrintCodePointAt(start)}.");
        int position = start + 1;
        while (IsDigit(CodeAt(position))) ++position;
        return position;
    }

    // StringValue (spec 2.1.10): escapes are decoded into a builder only when the string has any.
    private Token ReadString(int start)
    {
        var body = _body;
        int position = start + 1;
        int chunkStart = position;
        StringBuilder? value = null;

        while (position < body.Length)
        {
            int code = body[position];
            if (code == '"')
            {
                string text = value is null
                    ? body.Substring(chunkStart, position - chunkStart)
                    : value.Append(body, chunkStart, position - chunkStart).ToString();
                return CreateToken(TokenKind.String, start, position + 1, text);
            }
            if (code == '\\')
            {
                value ??= new StringBuilder();
                value.Append(body, chunkStart, position - chunkStart);
                int size = CodeAt(position + 1) == 'u'
                    ? CodeAt(position + 2) == '{'
                        ? ReadEscapedUnicodeVariableWidth(position, value)
                        : ReadEscapedUnicodeFixedWidth(position, value)
                    : ReadEscapedCharacter(position, value);
                position += size;
                chunkStart = position;
                continue;
            }
            if (code == '\n' || code == '\r') break;
            if (IsUnicodeScalarValue(code)) ++position;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else throw Error(position, $"Invalid character within String: {PrintCodePointAt(position)}.");
        }
        throw Error(position, "Unterminated string.");
    }

    private string Slice(int start, int end) => _body.Substring(start, Math.Min(end, _body.Length) - start);

    private int ReadEscapedUnicodeVariableWidth(int position, StringBuilder value)
    {
        int point = 0;
        int size = 3;
        // At most 6 hex digits fit a scalar value; 8 are read so that overflow shows as an invalid sequence.
        while (size < 12)
        {
            int code = CodeAt(position + size++);
            if (code == '}')
            {
                if (size < 5 || !IsUnicodeScalarValue(point)) break;
                value.Append(char.ConvertFromUtf32(point));
                return size;
            }
            point = (point << 4) | ReadHexDigit(code);
            if (point < 0) break;
        }
        throw Error(position, $"Invalid Unicode escape sequence: \"{Slice(position, position + size)}\".");
    }

    private int ReadEscapedUnicodeFixedWidth(int position, StringBuilder value)
    {
        int code = Read16BitHexCode(position + 2);
        if (IsUnicodeScalarValue(code))
        {
            value.Append((char)code);
            return 6;
        }
        // A surrogate pair written as two escapes is one supplementary character (spec 2.1.10).
        if (IsLeadingSurrogate(code) && CodeAt(position + 6) == '\\' && CodeAt(position + 7) == 'u')
        {
            int trailing = Read16BitHexCode(position + 8);
            if (IsTrailingSurrogate(trailing))
            {
                value.Append((char)code).Append((char)trailing);
                return 12;
            }
        }
        throw Error(position, $"Invalid Unicode escape sequence: \"{Slice(position, position + 6)}\".");
    }

    private int Read16BitHexCode(int position) =>
        (ReadHexDigit(CodeAt(position)) << 12)
        | (ReadHexDigit(CodeAt(position + 1)) << 8)
        | (ReadHexDigit(CodeAt(position + 2)) << 4)
        | ReadHexDigit(CodeAt(position + 3));

    private static int ReadHexDigit(int code) =>
        code >= '0' && code <= '9' ? code - '0'
        : code >= 'A' && code <= 'F' ? code - 'A' + 10
        : code >= 'a' && code <= 'f' ? code - 'a' + 10
        : -1;

    private int ReadEscapedCharacter(int position, StringBuilder value)
    {
        char? c = CodeAt(position + 1) switch
        {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => null,
        };
        if (c is null) throw Error(position, $"Invalid character escape sequence: \"{Slice(position, position + 2)}\".");
        value.Append(c.Value);
        return 2;
    }

    // Block strings (spec 2.1.10): raw lines, \""" as the only escape, then the spec's BlockStringValue dedent.
    private Token ReadBlockString(int start)
    {
        var body = _body;
        int lineStart = _lineStart;
        int position = start + 3;
        int chunkStart = position;
        var currentLine = new StringBuilder();
        var lines = new List<string>();

        while (position < body.Length)
        {
            int code = body[position];
            if (code == '"' && CodeAt(position + 1) == '"' && CodeAt(position + 2) == '"')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                lines.Add(currentLine.ToString());
                var token = CreateToken(TokenKind.BlockString, start, position + 3, string.Join('\n', BlockString.DedentBlockStringLines(lines)));
                _line += lines.Count - 1;
                _lineStart = lineStart;
                return token;
            }
            if (code == '\\' && CodeAt(position + 1) == '"' && CodeAt(position + 2) == '"' && CodeAt(position + 3) == '"')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                chunkStart = position + 1;
                position += 4;
                continue;
            }
            if (code == '\n' || code == '\r')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                lines.Add(currentLine.ToString());
                currentLine.Clear();
                position += code == '\r' && CodeAt(position + 1) == '\n' ? 2 : 1;
                chunkStart = position;
                lineStart = position;
                continue;
            }
            if (IsUnicodeScalarValue(code)) ++position;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else throw Error(position, $"Invalid character within String: {PrintCodePointAt(position)}.");
        }
        throw Error(position, "Unterminated string.");
    }

    private Token ReadName(int start)
    {
        var body = _body;
        uint hash = NameTable.Step(NameTable.Seed, body[start]);
        int position = start + 1;
        while ((uint)position < (uint)body.Length && IsNameContinue(body[position]))
        {
            hash = NameTable.Step(hash, body[position]);
            ++position;
        }
        return CreateToken(TokenKind.Name, start, position, _names.Get(body.AsSpan(start, position - start), hash));
    }
}
