using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Registry.Api;
using Aevlp.Registry.Datasets;

namespace Aevlp.Registry.Assets;

/// <summary>Checks what a valid config names in blob storage — the teacher its pseudo-labels need, the weights its backbone
/// starts from — and names the newest weights for its arch when it names none. Every problem is listed with the command
/// that would fix it.</summary>
public sealed class RunAssetCheck(TeacherCatalog teachers, WeightsCatalog weights)
{
    public const string ImportTeacher = "aevlp teachers import DIR --name NAME";

    public async Task<AssetCheck> CheckAsync(ConfigResolution resolution, ResolvedDataset dataset, CancellationToken ct)
    {
        var run = resolution.Run!;
        var config = (JsonObject)resolution.Config.DeepClone();
        var problems = new List<ConfigProblem>();
        var notes = new List<string>();
        var teacher = run.NeedsTeacher ? await TeacherAsync(run, resolution, dataset, problems, notes, ct) : null;
        var pretrained = run.UsePretrained && run.Architecture != Architecture.ResNet18Dnn
            ? await WeightsAsync(run, resolution, config, problems, notes, ct)
            : null;
        return new AssetCheck(config, new RunAssets(teacher, pretrained), problems, notes);
    }

    private async Task<AssetUse?> TeacherAsync(RunConfig run, ConfigResolution resolution, ResolvedDataset dataset, List<ConfigProblem> problems,
        List<string> notes, CancellationToken ct)
    {
        var field = resolution.FieldName("teacher");
        if (await teachers.FindAsync(run.Teacher, ct) is not { } teacher)
        {
            var names = (await teachers.ListAsync(ct)).Select(t => t.Name).ToList();
            problems.Add(new ConfigProblem(field, $"no teacher '{run.Teacher}'; {Existing("teachers", names)}. Import one with: {ImportTeacher}"));
            return null;
        }
        if (ClassDifference(teacher, dataset) is { } difference) problems.Add(new ConfigProblem(field, difference));
        if (!teacher.LabelRelation)
        {
            notes.AddRange(new[] { "sparse_topk", "reweight_p" }.Where(resolution.SetBy.ContainsKey)
                .Select(key => $"{resolution.FieldName(key)} has no effect: teacher {teacher.Name} has no relation.npy to refine its class embeddings with"));
        }
        return new AssetUse(teacher.Name, teacher.Sha256);
    }

    private async Task<AssetUse?> WeightsAsync(RunConfig run, ConfigResolution resolution, JsonObject config, List<ConfigProblem> problems,
        List<string> notes, CancellationToken ct)
    {
        var arch = ConfigNames.Architectures.Of(run.Architecture);
        var import = $"aevlp weights import --arch {arch} FILE";
        if (run.PretrainedWeights is { } name)
        {
            var named = await weights.FindAsync(name, ct);
            if (named is null)
            {
                var names = (await weights.ListAsync(ct)).Where(w => w.Arch == arch).Select(w => w.Name).ToList();
                problems.Add(new ConfigProblem(resolution.FieldName("pretrained_weights"),
                    $"no weights '{name}'; {Existing($"weights for {arch}", names)}. Import some with: {import}"));
            }
            else if (named.Arch != arch)
            {
                problems.Add(new ConfigProblem(resolution.FieldName("pretrained_weights"), $"'{name}' are weights for {named.Arch}; the run's arch is {arch}"));
            }
            return named is null || named.Arch != arch ? null : new AssetUse(named.Name, named.Sha256);
        }
        if (await weights.NewestForAsync(run.Architecture, ct) is not { } newest)
        {
            problems.Add(new ConfigProblem(resolution.FieldName("use_pretrained"),
                $"true, and no weights are imported for arch {arch}. Import torchvision weights with: {import} (or set use_pretrained false to start from random weights)"));
            return null;
        }
        config["pretrained_weights"] = newest.Name;
        notes.Add($"pretrained_weights: {newest.Name}, the newest weights imported for {arch}");
        return new AssetUse(newest.Name, newest.Sha256);
    }

    /// <summary>Null when the teacher scores exactly the dataset's classes, in its order (logit columns are matched by position).</summary>
    private static string? ClassDifference(TeacherSummary teacher, ResolvedDataset dataset)
    {
        if (teacher.Classes.SequenceEqual(dataset.ClassNames)) return null;
        var onlyTeacher = teacher.Classes.Except(dataset.ClassNames).ToList();
        var onlyDataset = dataset.ClassNames.Except(teacher.Classes).ToList();
        var header = $"teacher '{teacher.Name}' has {teacher.Classes.Count} classes, dataset {dataset} has {dataset.Classes}";
        if (onlyTeacher.Count == 0 && onlyDataset.Count == 0 && teacher.Classes.Count == dataset.Classes)
        {
            int at = Enumerable.Range(0, dataset.Classes).First(i => teacher.Classes[i] != dataset.ClassNames[i]);
            return $"{header}: the same names in another order (position {at}: '{teacher.Classes[at]}' in the teacher, '{dataset.ClassNames[at]}' " +
                "in the dataset); the teacher's class_embeddings rows must follow the dataset's class order";
        }
        return $"{header}: only in the teacher: {List(onlyTeacher)}; only in the dataset: {List(onlyDataset)}";
    }

    private static string Existing(string what, IReadOnlyList<string> names) =>
        names.Count == 0 ? $"there are no {what}" : $"{what} there: {string.Join(", ", names)}";

    private static string List(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(10).Select(n => $"'{n}'")) + (names.Count > 10 ? $" and {names.Count - 10} more" : "");
}

/// <summary>A config after <see cref="RunAssetCheck"/>: with the weights it starts from named, the assets it uses, and what was
/// wrong or worth noting.</summary>
public sealed record AssetCheck(JsonObject Config, RunAssets Assets, IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<string> Notes);
