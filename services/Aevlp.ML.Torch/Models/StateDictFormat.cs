using System.Buffers.Binary;
using Aevlp.Contracts;

namespace Aevlp.ML.Models;

/// <summary>Tells a state dict's format from its first bytes, whatever the file is called: torch.save's zip ("PK\x03\x04"), or
/// safetensors (an 8-byte little-endian header length, then the JSON header).</summary>
public static class StateDictFormat
{
    public static WeightsFormat? Of(string file)
    {
        using var stream = File.OpenRead(file);
        Span<byte> head = stackalloc byte[9];
        if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return null;
        if (head[..4].SequenceEqual("PK\u0003\u0004"u8)) return WeightsFormat.TorchSave;
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return head[8] == (byte)'{' && headerLength < (ulong)stream.Length ? WeightsFormat.Safetensors : null;
    }

    /// <summary>The state dict's name in its folder, with the extension <see cref="PretrainedWeights"/> reads the format from.</summary>
    public static string FileName(WeightsFormat format) => format == WeightsFormat.Safetensors ? "weights.safetensors" : "weights.pth";

    public static string Unrecognised(string source) =>
        $"{source} is neither a torch.save file (a zip; files from PyTorch before 1.6 must be saved again) nor safetensors";
}
