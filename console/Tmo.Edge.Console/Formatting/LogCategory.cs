namespace Tmo.Edge.Console.Formatting;

/// <summary>Log categories are full type names; the Logs page shows the type's own name (the full one on hover).</summary>
public static class LogCategory
{
    public static string TypeName(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        // Generic types log as "Namespace.Type`1[[...]]"; the name before the arity is the one people know.
        var plain = category.Split('`', '[')[0];
        var dot = plain.LastIndexOf('.');
        return dot < 0 || dot == plain.Length - 1 ? plain : plain[(dot + 1)..];
    }
}
