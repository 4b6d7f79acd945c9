using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Aevlp.ServiceDefaults;

/// <summary>Every service's log levels, in one place. They are the first configuration source, so appsettings, the
/// environment (<c>Logging__LogLevel__Npgsql=Debug</c>) and the command line override each of them.</summary>
internal static class LogLevels
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        // A line per request, per outgoing call and per SQL command: thousands in one run, which the traces already hold.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
        // It logs every failing probe at Error, a service starting up included; HealthTransitions logs the changes instead.
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"] = "None",
    };

    public static void UsePlatformDefaults(this IHostApplicationBuilder builder) =>
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
}
