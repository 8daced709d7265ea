using MudBlazor;

namespace Tmo.Edge.Console.Components.Layout;

/// <summary>
/// MudBlazor's default palette with status colours dark enough for white text (WCAG AA, 4.5:1): its bright green and
/// orange chips ("daemon online", "Warning") failed the accessibility scan.
/// </summary>
public static class ConsoleTheme
{
    public static MudTheme Instance { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            Info = "#1565c0",
        },
    };
}
