using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>One source of config values, applied over the ones before it.</summary>
/// <param name="FieldFormat">How problems name a key of this layer, e.g. <c>config.{0}</c>.</param>
/// <param name="UnknownKeysAreProblems">A request's unknown key is most likely a typo and must not be
/// silently dropped; a released config file's unknown keys are noted and ignored.</param>
public sealed record ConfigLayer(string FieldFormat, JsonObject Values, bool UnknownKeysAreProblems)
{
    public static ConfigLayer Request(JsonObject values) => new("config.{0}", values, UnknownKeysAreProblems: true);

    public static ConfigLayer SweepPoint(JsonObject values) => new("sweep.{0}", values, UnknownKeysAreProblems: true);

    public static ConfigLayer SearchTrial(JsonObject values) => new("search.space.{0}", values, UnknownKeysAreProblems: true);

    public static ConfigLayer File(string name, JsonObject values) => new(name + ":{0}", values, UnknownKeysAreProblems: false);

    public string FieldName(string key) => string.Format(FieldFormat, key);
}
