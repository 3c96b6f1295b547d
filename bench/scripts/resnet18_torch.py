#!/usr/bin/env python3
"""PyTorch reference for `heartsounds bench train`: ResNet-18 training and inference speed on one fixed batch.

Mirrors what the DL4J side measures: torchvision resnet18(num_classes=N), float32, NCHW input of uniform random
pixels, Adam(lr=1e-3), cross-entropy; `--warmup` untimed steps, then `--iterations` timed steps of
zero_grad/forward/loss/backward/step in train() mode (BatchNorm on batch statistics), and the same number of
forward passes in eval() mode under no_grad for inference: once on the model as it is, once with every BatchNorm
folded into its convolution (torch.fx.experimental.optimization.fuse, PyTorch's own pass, the counterpart of
heartsounds' InferenceGraphOptimizer). Prints exactly one JSON line on stdout.

With --channels-last the model and the batch are in torch.channels_last (NHWC) memory format, which oneDNN's
convolutions prefer on many CPUs; `heartsounds bench train` runs both and compares DL4J with the faster.

Usage: python3 bench/scripts/resnet18_torch.py --size 224 --batch 16 --iterations 10 --warmup 3 --threads 4 [--channels-last]
"""
import argparse
import json
import sys
import time


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1, got %s" % text)
    return value


def non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0, got %s" % text)
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=positive, required=True, help="square input side in pixels")
    p.add_argument("--batch", type=positive, default=16)
    p.add_argument("--iterations", type=positive, default=10, help="timed steps")
    p.add_argument("--warmup", type=non_negative, default=3, help="untimed steps first")
    p.add_argument("--threads", type=positive, default=None, help="torch.set_num_threads (default: torch's own)")
    p.add_argument("--classes", type=positive, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--channels-last", action="store_true",
                   help="model and input in torch.channels_last memory format (NHWC), often PyTorch's faster setting")
    return p.parse_args(argv)


def setup(args):
    """The benchmarked training set-up, shared with resnet18_torch_profile.py: threads, seed, torchvision resnet18,
    one batch of uniform random pixels with cycling labels, cross-entropy and Adam(lr=1e-3)."""
    import torch
    import torchvision

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = torchvision.models.resnet18(num_classes=args.classes)
    x = torch.rand(args.batch, 3, args.size, args.size)
    y = torch.arange(args.batch) % args.classes
    if getattr(args, "channels_last", False):
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    return model, x, y, torch.nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3)


def timed(step, warmup, iterations):
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    return time.perf_counter() - start


def main(argv):
    args = parse_args(argv)
    import torch
    import torchvision

    model, x, y, loss_fn, optimizer = setup(args)

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    model.train()
    train_seconds = timed(train_step, args.warmup, args.iterations)

    model.eval()
    with torch.no_grad():
        infer_seconds = timed(lambda: model(x), args.warmup, args.iterations)
        from torch.fx.experimental.optimization import fuse
        fused = fuse(model)
        fused_infer_seconds = timed(lambda: fused(x), args.warmup, args.iterations)

    images = args.batch * args.iterations
    print(json.dumps({
        "framework": "pytorch",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "threads": torch.get_num_threads(),
        "size": args.size,
        "batch": args.batch,
        "classes": args.classes,
        "warmup": args.warmup,
        "iterations": args.iterations,
        "channels_last": args.channels_last,
        "train_seconds": train_seconds,
        "infer_seconds": infer_seconds,
        "train_images_per_s": images / train_seconds,
        "infer_images_per_s": images / infer_seconds,
        "fused_infer_seconds": fused_infer_seconds,
        "fused_infer_images_per_s": images / fused_infer_seconds,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
