using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>Keeps docs/mlflow-api.md's coverage table true: every endpoint of an RPC marked "yes" is routed here (its answer,
/// whatever the request's content, is not MLflow's ENDPOINT_NOT_FOUND), and every endpoint of the others is not.</summary>
[Collection(TrackingCollection.Name)]
public sealed partial class ProtoCoverageTests(TrackingFixture tracker)
{
    [Fact]
    public async Task The_coverage_table_says_which_endpoints_are_served()
    {
        var rows = CoverageRows();
        Assert.Equal(169, rows.Select(row => row.Rpc).Distinct().Count());

        var wrong = new List<string>();
        foreach (var (rpc, method, path, major, served) in rows)
        {
            var url = $"api/{major}.0{PathParameter().Replace(path, "x")}";
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PATCH" or "DELETE") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await tracker.Http.SendAsync(request);
            var routed = !await IsEndpointNotFoundAsync(response);
            if (routed != served) wrong.Add($"{rpc} {method} {url}: {(int)response.StatusCode}, table says {(served ? "yes" : "no")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<bool> IsEndpointNotFoundAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.NotFound) return false;
        var body = await response.Content.ReadAsStringAsync();
        // Outside the /api/2.0 groups (the 3.0 paths) nothing answers at all.
        if (body.Length == 0) return true;
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("error_code", out var code) && code.GetString() == ErrorCodes.EndpointNotFound;
    }

    private static List<(string Rpc, string Method, string Path, string Major, bool Served)> CoverageRows()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "mlflow-api.md"));
        var table = doc[doc.IndexOf("## Coverage of MLflow's protos", StringComparison.Ordinal)..];
        return [.. table.Split('\n').Where(line => line.StartsWith("| service ", StringComparison.Ordinal) || line.StartsWith("| model_registry ", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .SelectMany(cells => cells[3].Split("<br>").Select(endpoint => Endpoint().Match(endpoint)).Select(m =>
                (cells[2].Trim('`'), m.Groups["method"].Value, "/" + m.Groups["path"].Value.TrimStart('/'), m.Groups["major"].Value, cells[4] == "yes")))];
    }

    [GeneratedRegex(@"^(?<method>[A-Z]+) (?<path>\S+) \((?<major>\d+)\.\d+\)$")]
    private static partial Regex Endpoint();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PathParameter();
}
