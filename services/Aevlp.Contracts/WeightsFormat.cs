using System.Text.Json.Serialization;

namespace Aevlp.Contracts;

/// <summary>How an imported state dict file is written.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WeightsFormat>))]
public enum WeightsFormat
{
    /// <summary><c>torch.save</c>'s zip format (<c>.pth</c>, <c>.pt</c>).</summary>
    TorchSave,
    Safetensors,
}
