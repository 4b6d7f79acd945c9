namespace Aevlp.ML.Images;

/// <summary>Order of the three channels in the output tensor.</summary>
public enum ChannelOrder
{
    Rgb,
    /// <summary>Caffe/CNTK-style models (e.g. the ResNet-18 ONNX in Microsoft.ML.DnnImageFeaturizer) expect BGR.</summary>
    Bgr,
}
