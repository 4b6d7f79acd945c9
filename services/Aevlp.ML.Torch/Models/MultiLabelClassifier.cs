using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>
/// The classifier of spec §2: backbone → global average pool → linear head with one logit per class.
/// State-dict names are <c>backbone.*</c> and <c>head.*</c>.
/// </summary>
public sealed class MultiLabelClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Backbone backbone;
    private readonly Linear head;

    public MultiLabelClassifier(Backbone backbone, int classes) : base(nameof(MultiLabelClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        this.backbone = backbone;
        head = nn.Linear(backbone.FeatureCount, classes);
        RegisterComponents();
    }

    public Backbone Backbone => backbone;

    public Linear Head => head;

    public int Classes => (int)head.out_features;

    /// <summary>[B, 3, S, S] normalised images → [B, C] logits.</summary>
    public override Tensor forward(Tensor images) => head.call(Pool(backbone.call(images)));

    /// <summary>[B, F, h, w] → [B, F]: the global average pool between backbone and head.</summary>
    public static Tensor Pool(Tensor features) => nn.functional.adaptive_avg_pool2d(features, 1).flatten(1);
}
