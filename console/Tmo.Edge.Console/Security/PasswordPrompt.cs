using System.Text;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// Reads a new password without showing it: from a terminal key by key with echo off, asked twice (a typo cannot be
/// seen); from piped standard input as one line, for scripts.
/// </summary>
internal sealed class PasswordPrompt(TextReader input, TextWriter output, bool fromTerminal)
{
    public static PasswordPrompt ForConsole() => new(System.Console.In, System.Console.Out, !System.Console.IsInputRedirected);

    /// <summary>The password, or null when the input ended or the two entries differ (said on <paramref name="error"/>).</summary>
    public async Task<string?> ReadAsync(string question, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await output.WriteLineAsync(question);
        if (!fromTerminal)
        {
            var line = (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
            if (line is null)
            {
                await error.WriteLineAsync("Standard input ended before a password; nothing was changed.");
            }

            return line;
        }

        var password = ReadHidden();
        await output.WriteLineAsync("Again, to confirm:");
        if (ReadHidden() == password)
        {
            return password;
        }

        await error.WriteLineAsync("The two passwords differ; nothing was changed.");
        return null;
    }

    private string ReadHidden()
    {
        var typed = new StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return typed.ToString();
    }
}
