// Proves TorchSharp's CUDA path on a machine with a CUDA build of LibTorch (see infra/gpu/README.md).
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

Console.WriteLine($"TorchSharp managed loaded; trying native...");
try { Console.WriteLine($"LibTorch {torch.__version__}"); } catch (Exception e) { Console.WriteLine("version failed: " + e.Message); }
try { torch.InitializeDeviceType(DeviceType.CUDA); Console.WriteLine("InitializeDeviceType(CUDA) ok"); } catch (Exception e) { Console.WriteLine("InitializeDeviceType(CUDA) failed: " + e); }
bool cuda = torch.cuda.is_available();
Console.WriteLine($"cuda.is_available = {cuda}, devices = {(cuda ? torch.cuda.device_count() : 0)}");
// ResNet-18 train step (forward, BCE, backward, Adam), batch 8, as torch_step.py does in PyTorch.
var devices = cuda ? new[] { (CPU, "cpu"), (CUDA, "cuda") } : new[] { (CPU, "cpu") };
const int threads = 2;
torch.set_num_threads(threads);
foreach (var (dev, name) in devices)
{
    foreach (var size in new[] { 64, 224 })
    {
        using var model = torchvision.models.resnet18(num_classes: 80).to(dev);
        var opt = torch.optim.Adam(model.parameters(), 1e-4);
        using var x = torch.randn(8, 3, size, size, device: dev);
        using var y = (torch.rand(8, 80, device: dev) > 0.9).to(ScalarType.Float32);
        var times = new List<double>();
        for (int i = 0; i < 12; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                opt.zero_grad();
                var logits = model.forward(x);
                var loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y);
                loss.backward();
                opt.step();
                if (dev.type == DeviceType.CUDA) torch.cuda.synchronize();
            }
            if (i >= 2) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"TorchSharp resnet18 train step {name} {size}px batch 8: median {times[times.Count / 2]:F2} ms (threads {threads})");
    }
}
