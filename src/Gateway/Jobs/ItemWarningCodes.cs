namespace Cartoon.Gateway.Jobs;

/// <summary>An item's warning codes in their one database column: comma-separated, null for none.</summary>
public static class ItemWarningCodes
{
    public static string? Join(IReadOnlyList<string> codes) => codes.Count == 0 ? null : string.Join(',', codes);

    public static IReadOnlyList<string> Split(string? column) =>
        string.IsNullOrEmpty(column) ? [] : column.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
