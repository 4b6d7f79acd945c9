namespace Aevlp.Configuration;

/// <summary>How each choice is spelled in a config. The first spelling of a value is the one the platform writes;
/// later ones are accepted aliases (the released configs' <c>gpr_loss</c>).</summary>
public static class ConfigNames
{
    public static readonly ConfigNames<Architecture> Architectures = new(
        ("small-cnn", Architecture.SmallCnn), ("resnet18", Architecture.ResNet18), ("resnet50", Architecture.ResNet50),
        ("resnet18-dnn", Architecture.ResNet18Dnn));

    public static readonly ConfigNames<Loss> Losses = new(
        ("gpr", Loss.Gpr), ("gpr_loss", Loss.Gpr), ("bce", Loss.Bce), ("an", Loss.An), ("an_ls", Loss.AnLs), ("wan", Loss.Wan),
        ("epr", Loss.Epr), ("role", Loss.Role), ("an_pl", Loss.AnPl), ("ll_r", Loss.LlR), ("ll_ct", Loss.LlCt));

    public static readonly ConfigNames<Optimizer> Optimizers = new(("adam", Optimizer.Adam), ("sgd", Optimizer.Sgd));

    public static readonly ConfigNames<DevicePreference> Devices = new(
        ("auto", DevicePreference.Auto), ("cpu", DevicePreference.Cpu), ("cuda", DevicePreference.Cuda));

    public static readonly ConfigNames<LabelVariant> LabelVariants = new(("observed", LabelVariant.Observed), ("clean", LabelVariant.Clean));

    public static readonly ConfigNames<PseudoLabelViews> PseudoLabelViews = new(
        ("damp", Configuration.PseudoLabelViews.Damp), ("global", Configuration.PseudoLabelViews.Global));
}

/// <summary>The spellings of one choice key's values.</summary>
public sealed class ConfigNames<T> where T : struct, Enum
{
    private readonly (string Name, T Value)[] spellings;

    public ConfigNames(params (string Name, T Value)[] spellings)
    {
        var unnamed = Enum.GetValues<T>().Where(value => !spellings.Any(s => s.Value.Equals(value))).ToList();
        if (unnamed.Count > 0) throw new ArgumentException($"{typeof(T).Name} has no config name for {string.Join(", ", unnamed)}");
        this.spellings = spellings;
    }

    /// <summary>Every accepted spelling, aliases included, in declaration order.</summary>
    public IReadOnlyList<string> All => [.. spellings.Select(s => s.Name)];

    public ConfigRule Rule => ConfigRule.OneOf([.. All]);

    /// <summary>The platform's spelling of <paramref name="value"/>.</summary>
    public string Of(T value) => spellings.First(s => s.Value.Equals(value)).Name;

    public T? TryParse(string? name) =>
        spellings.FirstOrDefault(s => s.Name == name) is { Name: not null } found ? found.Value : null;

    /// <exception cref="ArgumentException">The spelling is not one of <see cref="All"/>.</exception>
    public T Parse(string name) => TryParse(name)
        ?? throw new ArgumentException($"got '{name}'; expected one of {string.Join(", ", All)}", nameof(name));
}
