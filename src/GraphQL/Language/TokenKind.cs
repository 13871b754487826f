namespace Es.GraphQL.Language;

/// <summary>The kinds of lexical tokens (spec 2.1.6 and following), plus start and end of file.</summary>
public enum TokenKind : byte
{
    SOF,
    EOF,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Dot,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    Pipe,
    BraceR,
    Name,
    Int,
    Float,
    String,
    BlockString,
    Comment,
}

public static class TokenKindExtensions
{
    /// <summary>The description graphql-js uses in messages: the punctuator itself, or the kind's name.</summary>
    public static string Description(this TokenKind kind) => kind switch
    {
        TokenKind.SOF => "<SOF>",
        TokenKind.EOF => "<EOF>",
        TokenKind.Bang => "\"!\"",
        TokenKind.Dollar => "\"$\"",
        TokenKind.Amp => "\"&\"",
        TokenKind.ParenL => "\"(\"",
        TokenKind.ParenR => "\")\"",
        TokenKind.Dot => "\".\"",
        TokenKind.Spread => "\"...\"",
        TokenKind.Colon => "\":\"",
        TokenKind.Equals => "\"=\"",
        TokenKind.At => "\"@\"",
        TokenKind.BracketL => "\"[\"",
        TokenKind.BracketR => "\"]\"",
        TokenKind.BraceL => "\"{\"",
        TokenKind.Pipe => "\"|\"",
        TokenKind.BraceR => "\"}\"",
        TokenKind.Name => "Name",
        TokenKind.Int => "Int",
        TokenKind.Float => "Float",
        TokenKind.String => "String",
        TokenKind.BlockString => "BlockString",
        TokenKind.Comment => "Comment",
        _ => kind.ToString(),
    };

    public static bool IsPunctuator(this TokenKind kind) => kind is >= TokenKind.Bang and <= TokenKind.BraceR;
}
