#!/usr/bin/env python3
"""PyTorch reference for `heartsounds bench profile`: where a ResNet-18 training step spends its CPU time, by part.

The same step as bench/scripts/resnet18_torch.py (torchvision resnet18(num_classes=N), float32 NCHW uniform random
input, Adam(lr=1e-3), cross-entropy, train() mode): `--warmup` untimed steps, then `--steps` steps timed one by one
without the profiler (the median is the whole step), then `--steps` steps under torch.profiler (CPU). Every profiled
op's self CPU time goes to exactly one part and one phase, found from where it ran:

- forward: each module's forward is wrapped in a record_function "module::<class>" (hooks), so an op belongs to
  the innermost module around it: Conv2d -> conv, BatchNorm2d -> BatchNorm, ReLU -> ReLU, MaxPool2d -> max pool,
  AdaptiveAvgPool2d -> global avg pool, Linear -> fc+softmax+loss, BasicBlock's own ops (out += identity) ->
  residual add. The loss (log_softmax, nll_loss) runs in "phase::loss" -> fc+softmax+loss.
- backward: each autograd node runs in "autograd::engine::evaluate_function: <Node>"; the node's name gives the
  part (ConvolutionBackward0 -> conv, NativeBatchNormBackward0 -> BatchNorm, ReluBackward0 -> ReLU,
  AddBackward0 -> residual add, MaxPool2DWithIndicesBackward0 -> max pool, MeanBackward1 /
  AdaptiveAvgPool2DBackward0 -> global avg pool, Addmm/T/Nll/LogSoftmax/View/Reshape -> fc+softmax+loss).
- updater: everything under "Optimizer.step#Adam.step".
Ops that match nothing go to "other" (forward or backward by phase) or, outside every phase (zero_grad,
profiler overhead), to "outside"; nothing is dropped. Prints exactly one JSON object on stdout: milliseconds per
step for each part's forward and backward, the updater, other/outside, the profiled step and the unprofiled median, and which ops
went to "other".

Usage: python3 bench/scripts/resnet18_torch_profile.py --size 128 --batch 16 --steps 5 --warmup 2 --threads 2
"""
import argparse
import json
import statistics
import sys
import time

# the same arguments checks and training set-up as the bench train reference, from this folder
from resnet18_torch import non_negative, positive, setup

PARTS = ["conv", "BatchNorm", "ReLU", "residual add", "max pool", "global avg pool", "fc+softmax+loss", "other"]

MODULE_PARTS = {
    "Conv2d": "conv",
    "BatchNorm2d": "BatchNorm",
    "ReLU": "ReLU",
    "MaxPool2d": "max pool",
    "AdaptiveAvgPool2d": "global avg pool",
    "Linear": "fc+softmax+loss",
    "BasicBlock": "residual add",
}

BACKWARD_PARTS = {
    "ConvolutionBackward0": "conv",
    "NativeBatchNormBackward0": "BatchNorm",
    "ReluBackward0": "ReLU",
    "AddBackward0": "residual add",
    "MaxPool2DWithIndicesBackward0": "max pool",
    "MeanBackward1": "global avg pool",
    "AdaptiveAvgPool2DBackward0": "global avg pool",
    "AddmmBackward0": "fc+softmax+loss",
    "TBackward0": "fc+softmax+loss",
    "NllLossBackward0": "fc+softmax+loss",
    "LogSoftmaxBackward0": "fc+softmax+loss",
    "ViewBackward0": "fc+softmax+loss",
    "ReshapeAliasBackward0": "fc+softmax+loss",
}

NODE_PREFIX = "autograd::engine::evaluate_function: "
UPDATER = "Optimizer.step#Adam.step"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=positive, required=True, help="square input side in pixels")
    p.add_argument("--batch", type=positive, default=16)
    p.add_argument("--steps", type=positive, default=5, help="timed steps, and again profiled steps")
    p.add_argument("--warmup", type=non_negative, default=2, help="untimed steps first")
    p.add_argument("--threads", type=positive, default=None, help="torch.set_num_threads (default: torch's own)")
    p.add_argument("--classes", type=positive, default=5)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args(argv)


def classify(event):
    """(phase, part) of one profiled event: phase is forward, backward, updater or outside."""
    module_part = None
    node = event
    while node is not None:
        name = node.name
        if name == UPDATER:
            return "updater", None
        if name.startswith(NODE_PREFIX):
            return "backward", BACKWARD_PARTS.get(name[len(NODE_PREFIX):], "other")
        if name.startswith("module::") and module_part is None:
            module_part = MODULE_PARTS.get(name[len("module::"):], "other")
        if name == "phase::loss":
            return "forward", "fc+softmax+loss"
        if name == "phase::forward":
            return "forward", module_part or "other"
        node = node.cpu_parent
    return "outside", None


def wrap_modules(model, record_function):
    """Hooks that run every module's forward inside record_function("module::<class>"); returns the handles."""
    handles = []
    open_ranges = []

    def pre(module, inputs):
        rf = record_function("module::" + type(module).__name__)
        rf.__enter__()
        open_ranges.append(rf)

    def post(module, inputs, output):
        open_ranges.pop().__exit__(None, None, None)

    for module in model.modules():
        handles.append(module.register_forward_pre_hook(pre))
        handles.append(module.register_forward_hook(post))
    return handles


def main(argv):
    args = parse_args(argv)
    import torch
    import torchvision
    from torch.profiler import ProfilerActivity, profile, record_function

    model, x, y, loss_fn, optimizer = setup(args)

    def train_step(labelled=False):
        optimizer.zero_grad(set_to_none=True)
        if labelled:
            with record_function("phase::forward"):
                logits = model(x)
            with record_function("phase::loss"):
                loss = loss_fn(logits, y)
            with record_function("phase::backward"):
                loss.backward()
        else:
            loss = loss_fn(model(x), y)
            loss.backward()
        optimizer.step()

    model.train()
    for _ in range(args.warmup):
        train_step()
    seconds = []
    for _ in range(args.steps):
        start = time.perf_counter()
        train_step()
        seconds.append(time.perf_counter() - start)
    step_ms = statistics.median(seconds) * 1000

    handles = wrap_modules(model, record_function)
    train_step(labelled=True)  # warm the hooks up
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for _ in range(args.steps):
            train_step(labelled=True)
        profiled_ms = (time.perf_counter() - start) * 1000 / args.steps
    for h in handles:
        h.remove()

    forward = {p: 0.0 for p in PARTS}
    backward = {p: 0.0 for p in PARTS}
    updater = 0.0
    outside = 0.0
    unmapped = {}
    for event in prof.events():
        us = event.self_cpu_time_total
        phase, part = classify(event)
        if phase in ("forward", "backward"):
            (forward if phase == "forward" else backward)[part] += us
            if part == "other":
                key = phase + " " + event.name
                unmapped[key] = unmapped.get(key, 0.0) + us
        elif phase == "updater":
            updater += us
        else:
            outside += us

    per_step = 1000.0 * args.steps  # microseconds over all steps -> milliseconds per step
    print(json.dumps({
        "framework": "pytorch",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "threads": torch.get_num_threads(),
        "size": args.size,
        "batch": args.batch,
        "classes": args.classes,
        "warmup": args.warmup,
        "steps": args.steps,
        "step_ms": step_ms,
        "profiled_step_ms": profiled_ms,
        "parts": {p: {"forward_ms": forward[p] / per_step, "backward_ms": backward[p] / per_step} for p in PARTS},
        "updater_ms": updater / per_step,
        "outside_ms": outside / per_step,
        "other_ops": {k: v / per_step for k, v in sorted(unmapped.items(), key=lambda kv: -kv[1])},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
