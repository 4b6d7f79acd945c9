using Aevlp.ML.Models;
using Aevlp.ML.Npy;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Models;

/// <summary>Weights written by PyTorch itself (Debian's python3-torch and torchvision, random initialisation: no download),
/// as torch.save files and as safetensors written byte by byte from the format's specification.</summary>
[Collection(LibTorchGlobalState.Name)]
public class PretrainedWeightsTests
{
    /// <summary>Writes a state dict as safetensors without the safetensors package: an 8-byte little-endian header length, the
    /// JSON header (dtype, shape, data offsets), then the raw little-endian tensors.</summary>
    private const string WriteSafetensors = """
        import json, struct
        def write_safetensors(state, path):
            header, blobs, offset = {}, [], 0
            names = {torch.float32: "F32", torch.int64: "I64"}
            for key, tensor in state.items():
                data = tensor.contiguous().numpy().tobytes()
                header[key] = {"dtype": names[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
                blobs.append(data)
                offset += len(data)
            text = json.dumps(header).encode()
            with open(path, "wb") as f:
                f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
        """;

    /// <summary>
    /// PyTorch writes a torchvision ResNet-18 state dict and the pooled features of a fixed input; the TorchSharp backbone loaded
    /// from the torch.save file and from the safetensors file must give the same features, and still train.
    /// </summary>
    [PythonTorchFact]
    public void Torchvision_state_dicts_from_torch_save_and_safetensors_give_the_same_features()
    {
        using var folder = new TempDirectory();
        string pth = folder.Sub("resnet18.pth"), safetensors = folder.Sub("resnet18.safetensors"), features = folder.Sub("features.npy");
        PythonScripts.Run($$"""
            import numpy, torch, torchvision
            {{WriteSafetensors}}
            torch.manual_seed(5)
            model = torchvision.models.resnet18(weights=None).eval()
            torch.save(model.state_dict(), "{{pth}}")
            write_safetensors(model.state_dict(), "{{safetensors}}")
            x = torch.linspace(-2, 2, 2 * 3 * 64 * 64).reshape(2, 3, 64, 64)
            with torch.no_grad():
                f = torch.nn.Sequential(*list(model.children())[:-1])(x).flatten(1)
            numpy.save("{{features}}", f.numpy())
            """);
        var expected = NpyFile.Read(features).As<float>();

        foreach (var file in new[] { pth, safetensors })
        {
            Assert.Equal(WeightsFormatOf(file), StateDictFormat.Of(file));
            using var scope = NewDisposeScope();
            using var model = Architectures.Create(Architecture.ResNet18, classes: 3, BackboneWeights.FromFile(file));
            model.eval();
            var x = linspace(-2, 2, 2 * 3 * 64 * 64).reshape(2, 3, 64, 64);
            float[] actual;
            using (no_grad()) actual = MultiLabelClassifier.Pool(model.Backbone.call(x)).data<float>().ToArray();

            Assert.Equal(expected.Length, actual.Length);
            Assert.InRange(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max(), 0, 1e-4);
            Assert.All(model.Backbone.parameters(), parameter => Assert.True(parameter.requires_grad));
        }
    }

    [PythonTorchFact]
    public void Every_missing_unexpected_and_mis_shaped_key_is_listed()
    {
        using var folder = new TempDirectory();
        string resnet18 = folder.Sub("resnet18.pth"), nested = folder.Sub("checkpoint.pth");
        PythonScripts.Run($$"""
            import torch, torchvision
            state = torchvision.models.resnet18(weights=None).state_dict()
            del state["layer4.1.bn2.running_var"]
            state["extra.weight"] = torch.zeros(3)
            state["conv1.weight"] = torch.zeros(64, 3, 3, 3)
            torch.save(state, "{{resnet18}}")
            torch.save({"model": torchvision.models.resnet18(weights=None).state_dict(), "epoch": 3}, "{{nested}}")
            """);
        using var backbone = Architectures.Layout(Architecture.ResNet18);

        var (tensors, problems) = PretrainedWeights.Check(backbone, resnet18);
        var (_, checkpoint) = PretrainedWeights.Check(backbone, nested);

        Assert.Equal(122, tensors);
        Assert.Equal(
        [
            "conv1.weight is [64, 3, 3, 3] in the file, [64, 3, 7, 7] in resnet18",
            "missing key layer4.1.bn2.running_var [512]",
            "unexpected key extra.weight [3]",
        ], problems);
        Assert.Contains("holds entries that are not tensors (epoch, model)", Assert.Single(checkpoint));
    }

    [PythonTorchFact]
    public void Resnet50_weights_do_not_load_into_resnet18_and_nothing_is_changed()
    {
        using var folder = new TempDirectory();
        string resnet50 = folder.Sub("resnet50.pth");
        PythonScripts.Run($$"""
            import torch, torchvision
            torch.save(torchvision.models.resnet50(weights=None).state_dict(), "{{resnet50}}")
            """);
        using var backbone = Architectures.Layout(Architecture.ResNet18);
        var before = backbone.state_dict()["conv1.weight"].clone();

        var error = Assert.Throws<Contracts.InvalidInputException>(() => PretrainedWeights.Load(backbone, resnet50));

        Assert.Contains("does not fit resnet18", error.Message);
        Assert.Contains("unexpected key layer1.0.conv3.weight [256, 64, 1, 1]", error.Message);
        Assert.True(before.eq(backbone.state_dict()["conv1.weight"]).all().item<bool>());
    }

    [Fact]
    public void Missing_and_unreadable_files_are_named()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Sub("notes.pth"), "not a state dict");

        var missing = Assert.Throws<Contracts.InvalidInputException>(() => Architectures.Create(Architecture.ResNet18, 3, BackboneWeights.FromFile("/nonexistent/w.pt")));
        using var backbone = Architectures.Layout(Architecture.SmallCnn);
        var (_, unreadable) = PretrainedWeights.Check(backbone, folder.Sub("notes.pth"));

        Assert.Contains("pretrained_weights: file '/nonexistent/w.pt' not found", missing.Message);
        Assert.StartsWith($"'{folder.Sub("notes.pth")}' is not a state dict written by torch.save (zip format) or safetensors", Assert.Single(unreadable));
        Assert.Null(StateDictFormat.Of(folder.Sub("notes.pth")));
    }

    private static Contracts.WeightsFormat WeightsFormatOf(string file) =>
        file.EndsWith(".safetensors", StringComparison.Ordinal) ? Contracts.WeightsFormat.Safetensors : Contracts.WeightsFormat.TorchSave;
}
