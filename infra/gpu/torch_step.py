# The PyTorch side of probe/Program.cs: the same ResNet-18 train step, batch 8, 2 CPU threads.
import time, torch, torchvision
torch.set_num_threads(2)
for dev in (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]):
    for size in (64, 224):
        m = torchvision.models.resnet18(num_classes=80).to(dev)
        opt = torch.optim.Adam(m.parameters(), 1e-4)
        x = torch.randn(8, 3, size, size, device=dev); y = (torch.rand(8, 80, device=dev) > 0.9).float()
        ts = []
        for i in range(12):
            t = time.perf_counter()
            opt.zero_grad(); loss = torch.nn.functional.binary_cross_entropy_with_logits(m(x), y); loss.backward(); opt.step()
            if dev == "cuda": torch.cuda.synchronize()
            if i >= 2: ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        print(f"PyTorch {torch.__version__} resnet18 train step {dev} {size}px batch 8: median {ts[len(ts)//2]:.2f} ms")
