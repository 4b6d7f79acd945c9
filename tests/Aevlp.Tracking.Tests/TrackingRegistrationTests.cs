using Aevlp.Tracking.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aevlp.Tracking.Tests;

/// <summary>AddMlflowTracking finds the tracker where the AppHost and users put it, and says so when it cannot.</summary>
public sealed class TrackingRegistrationTests
{
    [Theory]
    [InlineData("services:tracking:http:0", "http://127.0.0.1:5000")]
    [InlineData("ConnectionStrings:tracking", "http://tracker.test:5000/")]
    [InlineData("MLFLOW_TRACKING_URI", "http://mlflow.test:5000")]
    public void The_tracker_uri_comes_from_the_aspire_reference_a_connection_string_or_MLFLOW_TRACKING_URI(string key, string uri)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[key] = uri;
        builder.AddMlflowTracking();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<MlflowTrackingOptions>>().Value;

        Assert.Equal(new Uri(uri), options.TrackingUri);
        Assert.NotNull(host.Services.GetRequiredService<MlflowClient>());
    }

    [Fact]
    public async Task Without_a_tracker_uri_the_host_refuses_to_start_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMlflowTracking("tracker");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("services__tracker__http__0", error.Message);
    }
}
