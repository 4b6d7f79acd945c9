namespace Aevlp.Configuration;

/// <summary>The part of a run's config the teacher stage reads: which teacher scores which views, and how its class embeddings
/// are refined over the label relations. Runs that agree on it (and on the dataset version) share their teacher logits.</summary>
/// <param name="Teacher"><c>teacher</c>.</param>
/// <param name="GridSize"><c>grid_size</c>.</param>
/// <param name="Variants"><c>variants</c>.</param>
/// <param name="RelationTopK"><c>sparse_topk</c>; null keeps every relation.</param>
/// <param name="RelationWeight"><c>reweight_p</c>.</param>
public sealed record TeacherPass(string Teacher, int GridSize, int Variants, int? RelationTopK, double RelationWeight);
