using Aevlp.ML.Models;
using TorchSharp;

namespace Aevlp.ML.Tests.Models;

public class TrainingDeviceTests
{
    [Fact]
    public void Cuda_without_a_gpu_is_a_clear_error_naming_the_setting()
    {
        var error = Assert.Throws<Contracts.InvalidInputException>(() => TrainingDevice.Resolve(DevicePreference.Cuda, cudaAvailable: () => false));

        Assert.StartsWith("device: 'cuda'", error.Message);
        Assert.Contains("docs/gpu.md", error.Message);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu()
    {
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve(DevicePreference.Auto, () => false).type);
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve(DevicePreference.Cpu, () => true).type);
    }

    [Fact]
    public void Unknown_device_lists_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfigNames.Devices.Parse("gpu"));

        Assert.Contains("auto, cpu, cuda", error.Message);
    }
}
