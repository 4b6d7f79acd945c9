using Aevlp.ServiceDefaults;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Registry.Tests.ServiceDefaults;

/// <summary>The platform's log levels are defaults: a level set anywhere else wins, and a value set in code before
/// AddServiceDefaults survives it.</summary>
public sealed class LogLevelsTests
{
    [Fact]
    public void Defaults_fill_only_what_nothing_else_sets()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Logging:LogLevel:Npgsql"] = "Debug";
        builder.Configuration["ConnectionStrings:blobs"] = "UseDevelopmentStorage=true";

        builder.AddServiceDefaults();

        Assert.Equal("Debug", builder.Configuration["Logging:LogLevel:Npgsql"]);
        Assert.Equal("Warning", builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("None", builder.Configuration["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"]);
        Assert.Equal("UseDevelopmentStorage=true", builder.Configuration["ConnectionStrings:blobs"]);
    }
}
