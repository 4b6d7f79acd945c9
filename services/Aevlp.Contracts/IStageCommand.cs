namespace Aevlp.Contracts;

/// <summary>A command the registry sends a stage worker: which run, and which attempt of its current stage (a re-dispatched
/// stage has a higher one, and workers echo it back).</summary>
public interface IStageCommand
{
    Guid RunId { get; }

    int Attempt { get; }
}
