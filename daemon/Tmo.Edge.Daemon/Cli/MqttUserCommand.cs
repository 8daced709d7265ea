using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt.Access;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge mqtt-user add|remove|list`: the embedded broker's accounts, as mosquitto_passwd manages Mosquitto's. The
/// file is the one the daemon reads (Tmo:Mqtt:AccountsFile, else `mqtt-accounts` in Tmo:Storage:DataDirectory, from
/// the same configuration sources as `run`, or --file); the daemon picks up a change at the next CONNECT. A password
/// is read from --password-file, from standard input when it is not a terminal, or typed twice without echo;
/// --generate draws one and prints it once.
/// </summary>
internal static class MqttUserCommand
{
    private const int GeneratedPasswordBytes = 18;

    public static Command Create()
    {
        var file = new Option<string?>("--file") { Description = "The accounts file (default: the daemon's, from its configuration)." };
        var config = new Option<string?>("--config") { Description = "Extra JSON configuration file, as for `run`." };
        var dataDirectory = new Option<string?>("--data-dir") { Description = "The daemon's data directory (Tmo:Storage:DataDirectory)." };

        var name = new Argument<string>("name") { Description = $"Account name: {MqttAccountName.Rule}." };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the password from this file's first line." };
        var generate = new Option<bool>("--generate") { Description = "Draw a random password and print it." };
        var add = new Command("add", "Add an account or change its password.") { name, passwordFile, generate };
        add.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            var account = parse.GetValue(name)!;
            if (account == EmbeddedBrokerLogin.UserName)
            {
                throw new ArgumentException($"'{account}' is reserved for the daemon's own login.");
            }

            var path = AccountsFile(parse, file, config, dataDirectory);
            var password = parse.GetValue(generate)
                ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedPasswordBytes)).Replace('+', '-').Replace('/', '_')
                : await ReadPasswordAsync(parse.GetValue(passwordFile), stderr, cancellationToken);
            var accounts = await MqttPasswordFile.LoadAsync(path, cancellationToken);
            await accounts.With(account, password).SaveAsync(path, cancellationToken);
            await stderr.WriteLineAsync($"{(accounts.Contains(account) ? "Changed" : "Added")} MQTT account '{account}' in {path}.");
            if (parse.GetValue(generate))
            {
                await stdout.WriteLineAsync(password);
            }
        }));

        var removed = new Argument<string>("name") { Description = "Account name." };
        var remove = new Command("remove", "Remove an account; its clients are refused at their next CONNECT.") { removed };
        remove.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (_, stderr) =>
        {
            var path = AccountsFile(parse, file, config, dataDirectory);
            var account = parse.GetValue(removed)!;
            var accounts = await MqttPasswordFile.LoadAsync(path, cancellationToken);
            if (!accounts.Contains(account))
            {
                throw new ArgumentException($"There is no MQTT account '{account}' in {path}.");
            }

            await accounts.Without(account).SaveAsync(path, cancellationToken);
            await stderr.WriteLineAsync($"Removed MQTT account '{account}' from {path}.");
        }));

        var list = new Command("list", "List the accounts, one per line.");
        list.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, _) =>
        {
            var accounts = await MqttPasswordFile.LoadAsync(AccountsFile(parse, file, config, dataDirectory), cancellationToken);
            foreach (var account in accounts.Names)
            {
                await stdout.WriteLineAsync(account);
            }
        }));

        var command = new Command("mqtt-user", "Manage the embedded MQTT broker's accounts (a Mosquitto password_file).") { add, remove, list };
        foreach (var option in new[] { file, config, dataDirectory })
        {
            option.Recursive = true;
            command.Options.Add(option);
        }

        return command;
    }

    private static string AccountsFile(ParseResult parse, Option<string?> file, Option<string?> config, Option<string?> dataDirectory)
    {
        if (parse.GetValue(file) is { Length: > 0 } explicitFile)
        {
            return explicitFile;
        }

        var configuration = DaemonConfiguration.Build(parse.GetValue(config));
        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        var data = parse.GetValue(dataDirectory) ?? configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.DataDirectory;
        if (string.IsNullOrWhiteSpace(mqtt.AccountsFile) && string.IsNullOrWhiteSpace(data))
        {
            throw new ArgumentException("No accounts file: give --file, --data-dir, or configure Tmo:Mqtt:AccountsFile or Tmo:Storage:DataDirectory.");
        }

        return mqtt.AccountsFilePath(data ?? string.Empty);
    }

    private static async Task<string> ReadPasswordAsync(string? passwordFile, TextWriter prompt, CancellationToken cancellationToken)
    {
        string? password;
        if (passwordFile is not null)
        {
            password = (await File.ReadAllLinesAsync(passwordFile, cancellationToken)).FirstOrDefault();
        }
        else if (Console.IsInputRedirected)
        {
            password = await Console.In.ReadLineAsync(cancellationToken);
        }
        else
        {
            password = ReadHidden("Password: ", prompt);
            if (ReadHidden("Repeat it: ", prompt) != password)
            {
                throw new ArgumentException("The passwords differ; nothing was changed.");
            }
        }

        return string.IsNullOrEmpty(password) ? throw new ArgumentException("The password is empty; nothing was changed.") : password;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string ReadHidden(string label, TextWriter prompt)
    {
        prompt.Write(label);
        prompt.Flush();
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
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

        prompt.WriteLine();
        return typed.ToString();
    }
}
