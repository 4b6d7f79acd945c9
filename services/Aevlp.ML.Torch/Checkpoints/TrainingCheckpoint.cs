using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Checkpoints;

/// <summary>
/// A complete training checkpoint in one stream: progress and best-so-far, model weights (buffers included), ROLE's
/// label estimates, Adam's moments and step counts, and LibTorch's RNG state. Restoring all of it is what makes a
/// resumed run end bit-identical to an uninterrupted one (data order, flips and teacher-view draws are pure
/// functions of seed and epoch, so they need no state). Layout: magic, version, then fields and length-prefixed blobs.
/// </summary>
public static class TrainingCheckpoint
{
    private const string Magic = "AEVLP-CHECKPOINT";
    private const int Version = 1;

    public static void Write(Stream destination, CheckpointState state, nn.Module model, nn.Module? labelEstimates, OptimizerHelper optimizer)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(state.Identity);
        writer.Write(state.CompletedEpochs);
        writer.Write(state.Best.Epoch);
        writer.Write(state.Best.Map);
        writer.Write(state.Best.EpochsWithoutImprovement);
        writer.Write(state.LastMap);
        WriteBlob(writer, stream => model.save(stream));
        writer.Write(labelEstimates is not null);
        if (labelEstimates is not null) WriteBlob(writer, stream => labelEstimates.save(stream));
        WriteBlob(writer, stream => optimizer.save_state_dict(new BinaryWriter(stream)));
        using (var rng = random.get_rng_state()) WriteBlob(writer, stream => stream.Write(rng.bytes));
        WriteBlob(writer, stream => stream.Write(state.BestWeights));
    }

    /// <summary>Loads the checkpoint into freshly built <paramref name="model"/>, estimates and optimiser.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another version, or written by a different run.</exception>
    public static CheckpointState Read(Stream source, string expectedIdentity, nn.Module model, nn.Module? labelEstimates, OptimizerHelper optimizer)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic) throw new InvalidDataException("checkpoint: not an AEVLP training checkpoint");
        int version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"checkpoint: format version {version}, expected {Version}");
        string identity = reader.ReadString();
        if (identity != expectedIdentity)
            throw new InvalidDataException($"checkpoint: written by run '{identity}', expected '{expectedIdentity}'");
        int completed = reader.ReadInt32();
        var best = new Training.BestSoFar(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32());
        double lastMap = reader.ReadDouble();
        model.load(new MemoryStream(ReadBlob(reader)));
        bool hasEstimates = reader.ReadBoolean();
        if (hasEstimates != labelEstimates is not null)
            throw new InvalidDataException($"checkpoint: label estimates {(hasEstimates ? "present" : "absent")}, the run expects the opposite");
        if (labelEstimates is not null) labelEstimates.load(new MemoryStream(ReadBlob(reader)));
        optimizer.load_state_dict(new BinaryReader(new MemoryStream(ReadBlob(reader))));
        using (var rng = tensor(ReadBlob(reader))) random.set_rng_state(rng);
        return new CheckpointState(identity, completed, best, lastMap, ReadBlob(reader));
    }

    private static void WriteBlob(BinaryWriter writer, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        byte[] bytes = buffer.ToArray();   // TorchSharp's save may close the stream; ToArray still works then
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBlob(BinaryReader reader)
    {
        long length = reader.ReadInt64();
        byte[] bytes = reader.ReadBytes(checked((int)length));
        if (bytes.Length != length) throw new InvalidDataException("checkpoint: truncated");
        return bytes;
    }
}
