namespace Habatan.Notifications.Email;

// What logs and delivery rows show instead of an address: t***@example.com. The domain stays,
// so ops can still tell a provider outage from a typo.
public static class EmailMask
{
    public static string Mask(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
            return "***";
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
            return "***";
        return $"{trimmed[0]}***@{trimmed[(at + 1)..]}";
    }
}
