namespace Es.Api.Accounts;

/// <summary>
/// What a password must be: long enough to resist guessing (NIST SP 800-63B: length over
/// composition rules), not too long to hash, and not one of the patterns that lists of breached
/// passwords are full of. No "one special character" rule: it makes passwords harder to remember,
/// not harder to guess.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private static readonly string[] Common =
    [
        "password", "passw0rd", "qwerty", "123456", "abc123", "letmein", "welcome", "iloveyou", "admin", "monkey",
        "dragon", "football", "baseball", "sunshine", "princess", "login", "master", "trustno1", "111111", "asdf",
    ];

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string password, params string?[] personal)
    {
        if (password.Length < MinLength) return $"A password needs at least {MinLength} characters.";
        if (password.Length > MaxLength) return $"A password has at most {MaxLength} characters.";
        if (password.Distinct().Count() < 4) return "A password needs more than three different characters.";
        var lower = password.ToLowerInvariant();
        if (IsSequence(lower)) return "A password cannot be a run of consecutive keys or digits.";
        var stripped = new string(lower.Where(char.IsLetter).ToArray());
        foreach (var word in Common)
            if (lower.Contains(word) && (stripped.Length <= word.Length + 2 || lower.Length <= word.Length + 4))
                return "This password is too much like the ones found in lists of breached passwords.";
        foreach (var p in personal)
            if (p is { Length: >= 3 } && lower.Contains(p.ToLowerInvariant()))
                return "A password cannot contain your email, handle or name.";
        return null;
    }

    private static bool IsSequence(string s)
    {
        for (var i = 1; i < s.Length; i++)
            if (s[i] - s[i - 1] != 1) return false;
        return true;
    }
}
