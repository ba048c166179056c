using System.Security.Cryptography;

namespace Habatan.Applications.Lifecycle;

// The application number people see and quote: 100 random bits in Crockford base32, shown in
// groups of four (e.g. "7KQ2-MX9D-…"). Not sequential and not guessable, so a number can never
// lead to someone else's record; it is also never an authority on its own.
public static class ApplicationNumber
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 20;

    public static string New() =>
        string.Create(
            Length,
            0,
            static (chars, _) =>
            {
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        );

    public static string Display(string stored) => string.Join('-', stored.Chunk(4).Select(c => new string(c)));

    // Forgiving of what people type: lower case, hyphens, spaces, O for 0, I and L for 1.
    public static bool TryParse(string? text, out string stored)
    {
        stored = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
            return false;
        var chars = new List<char>(Length);
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is '-' or ' ')
                continue;
            var mapped = c switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                _ => c,
            };
            if (!Alphabet.Contains(mapped, StringComparison.Ordinal))
                return false;
            chars.Add(mapped);
        }
        if (chars.Count != Length)
            return false;
        stored = new string([.. chars]);
        return true;
    }
}
