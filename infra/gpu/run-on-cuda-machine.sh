#!/usr/bin/env bash
# Runs on a CUDA machine that has PyTorch with CUDA (its torch/lib provides LibTorch) but no .NET:
# unpacks a .NET runtime carried as dotnet.tar.xz, points the loader at PyTorch's LibTorch, runs the
# probe and the same step in PyTorch. Prepare with infra/gpu/README.md "Prepare".
set -u
here="$(cd "$(dirname "$0")" && pwd)"
nvidia-smi -L
torch_lib=$(python3 -c "import torch, os; print(os.path.dirname(torch.__file__) + '/lib')")
mkdir -p /tmp/dotnet && tar xJf "$here/dotnet.tar.xz" -C /tmp/dotnet
export DOTNET_ROOT=/tmp/dotnet LD_LIBRARY_PATH="$torch_lib:${LD_LIBRARY_PATH:-}"
timeout 200 /tmp/dotnet/dotnet "$here/out/GpuProbe.dll"
timeout 120 python3 "$here/torch_step.py"
