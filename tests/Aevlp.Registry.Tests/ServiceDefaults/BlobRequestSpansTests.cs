using Aevlp.ServiceDefaults;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.Http;

namespace Aevlp.Registry.Tests.ServiceDefaults;

/// <summary><c>Telemetry:BlobRequestSpans</c> acts: by default the HTTP client instrumentation leaves out requests to the
/// service's blob endpoint (and only those); set to true, it traces them again.</summary>
public sealed class BlobRequestSpansTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Blob_requests_are_traced_only_when_the_setting_asks(string? setting, bool traced)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:blobs"] = "UseDevelopmentStorage=true";
        if (setting is not null) builder.Configuration[BlobStorageExtensions.RequestSpansSetting] = setting;
        builder.AddServiceDefaults();
        builder.AddBlobStorage();
        using var host = builder.Build();
        var blobs = host.Services.GetRequiredService<BlobServiceClient>().Uri;
        var filter = host.Services.GetRequiredService<IOptionsMonitor<HttpClientTraceInstrumentationOptions>>().Get(Options.DefaultName)
            .FilterHttpRequestMessage ?? (_ => true);

        Assert.Equal(traced, filter(new HttpRequestMessage(HttpMethod.Get, new Uri(blobs, "runs/model.onnx"))));
        Assert.True(filter(new HttpRequestMessage(HttpMethod.Post, "http://localhost:5000/api/2.0/mlflow/runs/log-batch")));
    }
}
