using Aevlp.Configuration;
using Aevlp.Registry.Configuration;

namespace Aevlp.Registry.Pipeline;

/// <summary>The outcome of a TrainRequested: the run (new, or the existing one with the same idempotency key
/// or id), or every problem that kept it from being created.</summary>
public sealed record SubmissionResult(Guid? RunId, bool Created, IReadOnlyList<ConfigProblem> Problems)
{
    public static SubmissionResult Accepted(Guid runId, bool created) => new(runId, created, []);

    public static SubmissionResult Rejected(IReadOnlyList<ConfigProblem> problems) => new(null, false, problems);
}
