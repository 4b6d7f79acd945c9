using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;

namespace Aevlp.PseudoLabeler.Chunks;

/// <summary>The teacher the last chunk used, kept open: a replica scores chunk after chunk of one pass, and opening a large
/// encoder (an ONNX Runtime session of a CLIP) takes seconds. Used by one chunk at a time
/// (<see cref="Consumers.ScoreTeacherChunkConsumerDefinition"/>).</summary>
public sealed class LoadedTeacher(OnnxExecution execution) : IDisposable
{
    private (string Folder, RelationGraph Graph)? loadedFrom;
    private Teacher? teacher;

    public Teacher Get(string folder, RelationGraph graph)
    {
        if (teacher is not null && loadedFrom == (folder, graph)) return teacher;
        Dispose();
        teacher = Teacher.Load(folder, execution, graph);
        loadedFrom = (folder, graph);
        return teacher;
    }

    public void Dispose()
    {
        teacher?.Dispose();
        (teacher, loadedFrom) = (null, null);
    }
}
