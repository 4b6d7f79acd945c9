namespace Aevlp.Evaluator.Evaluation;

/// <summary>A run's model downloaded for one evaluation delivery, deleted when the delivery is done with it. The blob
/// store keeps the model and a retry downloads it again, so a copy left behind would only fill the evaluator's disk: one
/// per run and attempt, about 45 MB each for a ResNet-18.</summary>
public sealed class LocalModelCopy(string folder) : IDisposable
{
    public string Folder { get; } = folder;

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
