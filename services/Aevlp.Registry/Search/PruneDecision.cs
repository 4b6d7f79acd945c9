using System.Text.Json;

namespace Aevlp.Registry.Search;

/// <summary>Why a search stopped a trial: where (ASHA's rung, the epoch), its value, the value it had to beat, and among how
/// many trials. Stored on the run (<c>pruned</c>), shown by the API and the CLI, and tagged on its tracking run.</summary>
public sealed record PruneDecision(int? Rung, int Epoch, double Value, double Cutoff, int Trials, string Reason)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}
