using Aevlp.Configuration;
using Aevlp.ML.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Models;

[Collection(LibTorchGlobalState.Name)]
public class ResNetLayoutTests
{
    public static TheoryData<string> Depths => ["resnet18", "resnet50"];

    [Theory]
    [MemberData(nameof(Depths))]
    public void State_dict_matches_TorchVision_name_for_name(string arch)
    {
        using var ours = arch == "resnet18" ? ResNet.ResNet18() : ResNet.ResNet50();
        using var reference = arch == "resnet18" ? torchvision.models.resnet18() : torchvision.models.resnet50();

        var expected = reference.state_dict().Where(p => !p.Key.StartsWith("fc.")).ToDictionary(p => p.Key, p => p.Value.shape);
        var actual = ours.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, p => Assert.Equal(p.Value, actual[p.Key]));
    }

    [Fact]
    public void Classifier_maps_images_to_one_logit_per_class()
    {
        using var scope = NewDisposeScope();
        using var model = Architectures.Create(Architecture.SmallCnn, classes: 7);

        Assert.Equal([2L, 7L], model.call(randn(2, 3, 24, 24)).shape);
    }

    /// <summary>The config checks feat_dim against <see cref="ArchitectureFacts.FeatureWidth"/>; it must be the backbone's own.</summary>
    [Theory]
    [InlineData(Architecture.SmallCnn)]
    [InlineData(Architecture.ResNet18)]
    [InlineData(Architecture.ResNet50)]
    [InlineData(Architecture.ResNet18Dnn)]
    public void The_configs_feature_width_is_the_backbones(Architecture arch)
    {
        using var backbone = Architectures.Layout(arch);

        Assert.Equal(arch.FeatureWidth(), backbone.FeatureCount);
    }

    [Fact]
    public void Only_resnet18_dnn_has_packaged_weights()
    {
        var error = Assert.Throws<Contracts.InvalidInputException>(() => Architectures.Create(Architecture.ResNet50, 3, BackboneWeights.PackagedWeights));

        Assert.Contains("resnet50 has no packaged weights", error.Message);
    }
}
