using Aevlp.Configuration;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.ML;
using Aevlp.ML.Data;
using Aevlp.ML.Images;
using Aevlp.ML.Inference;
using Aevlp.ML.Models;
using Aevlp.ML.Npy;
using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Teachers;
using Aevlp.ML.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Aevlp.Benchmarks;

/// <summary>
/// Writes what python/paper_recipe.py needs to train the paper's recipe on exactly our data, backbone and teacher:
/// the fashion-mosaic dataset (the options of <c>aevlp datasets synth fashion-mosaic</c>, so the files are
/// byte-identical to what the platform trains on), the demo teacher built as the pseudo-labeler builds it, the
/// resnet18-dnn backbone's weights as a PyTorch state dict, our train/val split, and reference outputs of our
/// teacher and backbone on a few images for <c>paper_recipe.py --check</c>. Not a timing.
/// Options by environment (as the tracking benchmark): AEVLP_RECIPE_DIR (/tmp/aevlp-recipe), AEVLP_RECIPE_TRAIN,
/// AEVLP_RECIPE_TEST, AEVLP_RECIPE_SEED (the CLI's defaults), AEVLP_RECIPE_CONFIG (configs/fashion-mosaic.json).
/// </summary>
public sealed class RecipeInputsBenchmark : IBenchmark
{
    /// <summary>K garments per class embedding: DemoAssetsOptions.ExamplesPerClass, the pseudo-labeler's default.</summary>
    private const int ExamplesPerClass = 16;

    /// <summary>Images (official train rows 0..) whose teacher logits, pseudo-labels and backbone features are written for the check.</summary>
    private const int CheckImages = 32;

    /// <summary>SpmlFolderWriter.ImagesFolder (internal to Aevlp.ML): where the generator puts the PNGs.</summary>
    private const string ImagesFolder = "images";

    public string Name => "recipe-inputs";

    public string Description => "inputs for python/paper_recipe.py: dataset, demo teacher, resnet18-dnn weights, split, check outputs";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var root = Setting("AEVLP_RECIPE_DIR", Path.Combine(Path.GetTempPath(), "aevlp-recipe"));
        var configPath = Setting("AEVLP_RECIPE_CONFIG", Path.Combine("configs", "fashion-mosaic.json"));
        var config = DemoConfig.Load(configPath);
        var defaults = new FashionMosaicOptions();
        var mosaic = defaults with
        {
            TrainCount = Integer("AEVLP_RECIPE_TRAIN", defaults.TrainCount),
            TestCount = Integer("AEVLP_RECIPE_TEST", defaults.TestCount),
            Seed = Integer("AEVLP_RECIPE_SEED", defaults.Seed),
        };
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"{root}: not empty; remove it or set AEVLP_RECIPE_DIR to a new folder");

        var (datasetDir, teacherDir, checkDir) = (Path.Combine(root, "dataset"), Path.Combine(root, "teacher"), Path.Combine(root, "check"));
        var execution = OnnxExecution.Cpu(options.Threads);
        var manifest = FashionMosaicGenerator.Generate(mosaic, datasetDir, cancellationToken);
        DemoTeacherBuilder.Build(datasetDir, teacherDir, ExamplesPerClass, DemoTeacherEncoder.BesideAssemblies, execution, cancellationToken);
        var dataset = SpmlDatasetLoader.Load(datasetDir, Path.Combine(datasetDir, ImagesFolder));

        WriteSplit(root, dataset.OfficialTrain.Count, config);
        var normalization = WriteBackbone(root);
        Directory.CreateDirectory(checkDir);
        var (grid, imageSize) = (config.GridSize, config.ImageSize);
        var checkPaths = Enumerable.Range(0, Math.Min(CheckImages, dataset.OfficialTrain.Count)).Select(dataset.OfficialTrain.FullImagePath).ToArray();
        var logits = await WriteTeacherLogitsAsync(teacherDir, checkPaths, grid, execution, Path.Combine(checkDir, "teacher_logits.npy"), cancellationToken);
        WritePseudoLabels(logits, dataset.OfficialTrain, TrainingConfig.ToOptions(config).PseudoLabels!, Path.Combine(checkDir, "pseudo_labels.npy"));
        WriteBackboneFeatures(checkPaths, imageSize, normalization, Path.Combine(checkDir, "backbone_features.npy"));

        WriteJson(Path.Combine(root, "inputs.json"), new
        {
            dataset = new { dir = "dataset", images = ImagesFolder, options = mosaic, sha256 = DatasetManifest.HashFile(Path.Combine(datasetDir, DatasetManifest.FileName)) },
            teacher = new { dir = "teacher", name = DemoTeacherBuilder.Name, examplesPerClass = ExamplesPerClass },
            backbone = new
            {
                arch = ConfigNames.Architectures.Of(Architecture.ResNet18Dnn), file = "backbone.pt", blocks = new[] { 2, 2, 2, 3 },
                mean = normalization.Mean, std = normalization.Std, channelOrder = normalization.Order.ToString(), pixelScale = normalization.PixelScale,
            },
            split = new { train = "train_rows.npy", val = "val_rows.npy" },
            check = new { images = checkPaths.Length, grid, imageSize, teacherLogits = "check/teacher_logits.npy", pseudoLabels = "check/pseudo_labels.npy", backboneFeatures = "check/backbone_features.npy" },
            config = Path.GetFullPath(configPath),
        });
        Console.WriteLine($"wrote {root}: {manifest.Counts["train"]} train, {manifest.Counts["test"]} test mosaics (seed {mosaic.Seed}), teacher, backbone, split, check outputs");
        Console.WriteLine($"next: /usr/bin/python3 tests/Aevlp.Benchmarks/python/paper_recipe.py {root} --check");
    }

    /// <summary>The platform's split of the official train set (Trainer RunInputs: TrainingSplits, TrainValSplit.Indices),
    /// written out because it uses System.Random, which Python does not have.</summary>
    private static void WriteSplit(string root, int count, RunConfig config)
    {
        var (train, val) = TrainValSplit.Indices(count, config.ValFraction, config.SplitSeed);
        NpyFile.Write(Path.Combine(root, "train_rows.npy"), NpyArray.Of(Array.ConvertAll(train, i => (long)i)));
        NpyFile.Write(Path.Combine(root, "val_rows.npy"), NpyArray.Of(Array.ConvertAll(val, i => (long)i)));
    }

    /// <summary>The resnet18-dnn backbone with its pretrained weights as the trainer creates it, saved with torch.save's format
    /// (torchvision names; blocks [2, 2, 2, 3]). The teacher's encoder is the same CNTK network from the same package.</summary>
    private static ImageNormalization WriteBackbone(string root)
    {
        using var backbone = DnnImageFeaturizerResNet18.Load();
        backbone.save_py(Path.Combine(root, "backbone.pt"));
        return Architectures.Normalization(Architecture.ResNet18Dnn);
    }

    /// <summary>Our teacher's cosine logits [images, 1 + G², 2 (plain, flipped), C], as the pseudo-labeler computes them (float32).</summary>
    private static async Task<TeacherLogits> WriteTeacherLogitsAsync(string teacherDir, string[] paths, int grid, OnnxExecution execution, string file,
        CancellationToken cancellationToken)
    {
        using var teacher = Teacher.Load(teacherDir, execution);
        var logits = await new TeacherScorer(teacher).ScoreAsync(paths, new TeacherScoringOptions(grid, Variants: 2), cancellationToken: cancellationToken);
        NpyFile.Write(file, logits.ToNpy(float16: false));
        return logits;
    }

    /// <summary>Our DAMP pseudo-labels [images, C] of the unflipped views (variant 0) with the config's settings.</summary>
    private static void WritePseudoLabels(TeacherLogits logits, SpmlSplit train, PseudoLabelSettings settings, string file)
    {
        var observed = train.SelectRows([.. Enumerable.Range(0, logits.Images)]).ObservedLabels;
        var classes = ObservedPositives.ClassOf(new RowMajorMatrix<sbyte>(Array.ConvertAll(observed.Values, v => (sbyte)v), observed.Rows, observed.Classes));
        var labels = PseudoLabeler.Generate(logits.Variant(0), classes, settings);
        NpyFile.Write(file, NpyArray.Of(labels.Values, labels.Rows, labels.Columns));
    }

    /// <summary>Pooled backbone features [images, 512] of the unflipped val/test preprocessing (resize to S, normalise), eval mode.</summary>
    private static void WriteBackboneFeatures(string[] paths, int imageSize, ImageNormalization normalization, string file)
    {
        int pixels = 3 * imageSize * imageSize;
        var input = new float[paths.Length * pixels];
        for (int i = 0; i < paths.Length; i++)
        {
            using var image = ImageDecoding.Load(paths[i]);
            using var resized = ImageTransforms.CropResize(image, null, imageSize);
            ImageTransforms.WriteChw(resized, flip: false, normalization, input.AsSpan(i * pixels, pixels));
        }
        using var backbone = DnnImageFeaturizerResNet18.Load();
        backbone.eval();
        using var noGrad = no_grad();
        using var features = MultiLabelClassifier.Pool(backbone.call(tensor(input, [paths.Length, 3, imageSize, imageSize])));
        NpyFile.Write(file, NpyArray.Of(features.data<float>().ToArray(), paths.Length, (int)features.shape[1]));
    }

    private static void WriteJson(string file, object value) =>
        File.WriteAllText(file, JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }) + "\n");

    private static string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static int Integer(string name, int fallback) => int.Parse(Setting(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
