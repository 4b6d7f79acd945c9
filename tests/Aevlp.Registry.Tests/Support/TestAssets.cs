using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Azure.Storage.Blobs;

namespace Aevlp.Registry.Tests.Support;

/// <summary>What the registry looks up when it accepts a run, written straight into blob storage because the workers that would
/// read the rest are not running here: the teachers the default config and the demo config name (teacher.json only, for the
/// classes class0…class9 of <see cref="RegistryClient.NewDatasetAsync"/>) and ResNet-50 weights (weights.json only).
/// The import routes themselves, which check the whole files, are tested in AssetImportTests.</summary>
public static class TestAssets
{
    public const string Weights = "test-resnet50";
    public static readonly string[] Teachers = ["clip-vit-b16", "resnet18-imagenet-demo"];
    public static IReadOnlyList<string> Classes { get; } = [.. Enumerable.Range(0, 10).Select(c => $"class{c}")];

    public static async Task StoreAsync(BlobServiceClient blobs)
    {
        foreach (var teacher in Teachers)
        {
            var metadata = new
            {
                name = teacher, inputName = "pixels", outputName = "embedding", inputSize = 32, mean = new[] { 0.5, 0.5, 0.5 }, std = new[] { 0.5, 0.5, 0.5 },
                channelOrder = "rgb", pixelScale = 1.0, embeddingDim = 6, classes = Classes,
            };
            await UploadAsync(blobs, "teachers", $"{teacher}/teacher.json", metadata);
        }
        var weights = new WeightsSummary(Weights, "resnet50", WeightsFormat.TorchSave, "weights.pth", new string('a', 64), 1, 1, DateTimeOffset.UtcNow, null);
        await UploadAsync(blobs, "weights", $"{Weights}/weights.json", weights);
    }

    private static async Task UploadAsync(BlobServiceClient blobs, string container, string name, object value)
    {
        var client = blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value, JsonSerializerOptions.Web), overwrite: true);
    }
}
