using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Aevlp.Cli.Output;

/// <summary>Writes results: JSON with <c>--json</c>; otherwise a table (boxed on a terminal, plain aligned
/// columns elsewhere) or plain lines.</summary>
public static class Show
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static Task JsonAsync<T>(Invocation invocation, T value) =>
        invocation.Console.Out.WriteLineAsync(JsonSerializer.Serialize(value, Indented));

    public static async Task TableAsync(Invocation invocation, string[] headers, IReadOnlyList<string[]> rows)
    {
        if (invocation.Console.IsTerminal)
        {
            var table = new Table().AddColumns(headers);
            foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
            invocation.Console.Ansi().Write(table);
            return;
        }
        var widths = headers.Select((header, i) => rows.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            await invocation.Console.Out.WriteLineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static string Number(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";

    public static string Time(DateTime? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
