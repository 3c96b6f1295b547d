#!/usr/bin/env python3
"""PyTorch reference for `heartsounds bench time-to-accuracy`: wall time until a validation accuracy is reached.

Trains torchvision's resnet18 (from scratch unless --weights gives a state_dict) on a prepared heartsounds dataset
(the jetson-inference folder layout that `heartsounds prepare` writes: DIR/train/<class>/*.png, DIR/val/<class>/*.png)
with one of two recipes, evaluates the validation split after every epoch, and stops at the first epoch whose
validation accuracy reaches --target, after --epochs, or once --max-seconds of wall time have passed.

Recipes:
  jetson  jetson-inference's train.py: RandomResizedCrop(size) + RandomHorizontalFlip, ImageNet normalisation,
          SGD lr 0.1 momentum 0.9 weight decay 1e-4, lr x0.1 every 30 epochs, batch 8, 35 epochs; validation
          Resize(size * 256/224) + CenterCrop(size). (train.py starts from ImageNet weights by default; those cannot be
          downloaded here, so this starts from scratch unless --weights is given.)
  adam    a good spectrogram recipe: Resize((size, size)), random time shift of up to 10% of the width (no crops or
          flips, which destroy the time and frequency axes), ImageNet normalisation, Adam 1e-3, batch 16, cosine
          schedule over 20 epochs.

Prints one JSON line per epoch and a final JSON line with "summary": true. Seconds are wall time since training
started (data loading, training and validation included; the model build and the dataset listing are not).

Usage: python3 bench/scripts/time_to_accuracy_torch.py --data runs/data/yaseen2018-96 --recipe jetson --threads 2
"""
import argparse
import json
import math
import os
import sys
import time

from resnet18_torch import positive


def fraction(text):
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError("must be in (0, 1], got %s" % text)
    return value


RECIPES = {
    "jetson": {"batch": 8, "epochs": 35},
    "adam": {"batch": 16, "epochs": 20},
}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="prepared dataset folder with train/ and val/")
    p.add_argument("--recipe", choices=sorted(RECIPES), required=True)
    p.add_argument("--target", type=fraction, default=0.97, help="validation accuracy to reach")
    p.add_argument("--size", type=positive, default=224, help="network input side (both recipes: 224)")
    p.add_argument("--epochs", type=positive, default=None, help="maximum epochs (jetson 35, adam 20)")
    p.add_argument("--max-seconds", type=float, default=None, help="stop after this much wall time")
    p.add_argument("--threads", type=positive, default=None, help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--weights", default=None, help="torchvision resnet18 state_dict to start from (fc replaced)")
    args = p.parse_args(argv)
    for split in ("train", "val"):
        if not os.path.isdir(os.path.join(args.data, split)):
            p.error("%s has no %s/ folder (expected a folder written by 'heartsounds prepare')" % (args.data, split))
    return args


class TimeShift:
    """Rolls the image along its width (time) by up to `fraction` of it, in either direction."""

    def __init__(self, fraction, generator):
        self.fraction = fraction
        self.generator = generator

    def __call__(self, x):
        import torch
        limit = int(round(self.fraction * x.shape[-1]))
        if limit == 0:
            return x
        shift = int(torch.randint(-limit, limit + 1, (1,), generator=self.generator))
        return torch.roll(x, shifts=shift, dims=-1)


def transforms(recipe, size, generator):
    from torchvision import transforms as t
    normalize = t.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    if recipe == "jetson":
        train = t.Compose([t.RandomResizedCrop(size), t.RandomHorizontalFlip(), t.ToTensor(), normalize])
        val = t.Compose([t.Resize(int(round(size * 256 / 224))), t.CenterCrop(size), t.ToTensor(), normalize])
    else:
        train = t.Compose([t.Resize((size, size)), t.ToTensor(), TimeShift(0.1, generator), normalize])
        val = t.Compose([t.Resize((size, size)), t.ToTensor(), normalize])
    return train, val


def build(args, classes):
    import torch
    import torchvision
    model = torchvision.models.resnet18(num_classes=1000 if args.weights else classes)
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        state = state.get("state_dict", state) if isinstance(state, dict) else state
        model.load_state_dict(state)
        model.fc = torch.nn.Linear(model.fc.in_features, classes)
    return model


def optimizer_and_schedule(recipe, model, epochs):
    import torch
    if recipe == "jetson":
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
        schedule = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    return opt, schedule


def accuracy(model, loader):
    import torch
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += int((model(x).argmax(1) == y).sum())
            total += int(y.numel())
    return correct / max(total, 1)


def main(argv):
    args = parse_args(argv)
    import torch
    from torch.utils.data import DataLoader
    from torchvision.datasets import ImageFolder

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    recipe = RECIPES[args.recipe]
    epochs = args.epochs or recipe["epochs"]
    train_tf, val_tf = transforms(args.recipe, args.size, generator)
    train_set = ImageFolder(os.path.join(args.data, "train"), transform=train_tf)
    val_set = ImageFolder(os.path.join(args.data, "val"), transform=val_tf)
    if train_set.classes != val_set.classes:
        raise SystemExit("train/ and val/ have different classes: %s vs %s" % (train_set.classes, val_set.classes))
    train_loader = DataLoader(train_set, batch_size=recipe["batch"], shuffle=True, num_workers=0,
                              generator=torch.Generator().manual_seed(args.seed))
    val_loader = DataLoader(val_set, batch_size=32, shuffle=False, num_workers=0)
    model = build(args, len(train_set.classes))
    opt, schedule = optimizer_and_schedule(args.recipe, model, epochs)
    loss_fn = torch.nn.CrossEntropyLoss()

    start = time.perf_counter()
    reached_at = None
    best = 0.0
    epoch = 0
    for epoch in range(1, epochs + 1):
        model.train()
        total_loss = 0.0
        seen = 0
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total_loss += float(loss) * int(y.numel())
            seen += int(y.numel())
        lr = opt.param_groups[0]["lr"]
        schedule.step()
        val_acc = accuracy(model, val_loader)
        best = max(best, val_acc)
        seconds = time.perf_counter() - start
        if not math.isfinite(total_loss):
            raise SystemExit("training diverged at epoch %d (loss %s)" % (epoch, total_loss))
        print(json.dumps({"epoch": epoch, "seconds": round(seconds, 3), "train_loss": total_loss / seen,
                          "val_acc": val_acc, "lr": lr}), flush=True)
        if val_acc >= args.target:
            reached_at = seconds
            break
        if args.max_seconds is not None and seconds >= args.max_seconds:
            break
    print(json.dumps({"summary": True, "framework": "pytorch", "torch": torch.__version__, "recipe": args.recipe,
                      "size": args.size, "batch": recipe["batch"], "threads": torch.get_num_threads(),
                      "target": args.target, "reached": reached_at is not None,
                      "seconds_to_target": None if reached_at is None else round(reached_at, 3),
                      "epochs_run": epoch, "best_val_acc": best,
                      "wall_seconds": round(time.perf_counter() - start, 3),
                      "train_images": len(train_set), "val_images": len(val_set),
                      "pretrained": args.weights is not None}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
