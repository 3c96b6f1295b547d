#!/usr/bin/env python3
"""Top-1 accuracy of a heartsounds ONNX export on a Jetson, with jetson-inference's imageNet (TensorRT).

Every PNG under DATA/<class>/ goes through imageNet exactly as imagenet.py sends it (same model, input and output
blobs, labels); an image's true class is the name of its folder, which must be a line of labels.txt. Prints the
per-class and overall accuracy and the confusion matrix (rows: true class, columns: predicted class).

    python3 jetson_accuracy.py --model=models/NAME/resnet18.onnx --labels=models/NAME/labels.txt data/NAME/test

A multi-label model (one sigmoid per label, its thresholds folded into the output so that 0.5 decides every label)
is scored with --multilabel=data/NAME/test_labels.csv (file,labels: every label of each image, joined by ';'):
imageNet runs with --topK=0 --threshold=0.5 and the script prints per-label sensitivity, specificity and F1, the
subset accuracy and the Hamming loss.

Exit status: 0 when every image was classified, 2 for bad arguments or a folder that is not a class.
Written by heartsounds (export jetson); needs only jetson-inference's Python bindings.
"""
import argparse
import os
import sys

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")


def load_jetson():
    """imageNet and loadImage from jetson-inference (current module names, then the legacy ones)."""
    try:
        from jetson_inference import imageNet
        from jetson_utils import loadImage
    except ImportError:
        from jetson.inference import imageNet
        from jetson.utils import loadImage
    return imageNet, loadImage


def read_labels(path):
    """labels.txt: one class per line, in output order (a single trailing newline is tolerated)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.endswith("\n"):
        text = text[:-1]
    labels = [line.rstrip("\r") for line in text.split("\n")]
    if not labels or any(not label.strip() for label in labels):
        raise ValueError(path + ": blank label")
    return labels


def list_images(root, labels):
    """(path, class index) of every image under root/<class>/, sorted by class folder then file name."""
    images = []
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        if folder not in labels:
            raise ValueError(path + ": folder '" + folder + "' is not a class in labels.txt " + str(labels))
        for name in sorted(os.listdir(path)):
            if name.lower().endswith(IMAGE_SUFFIXES):
                images.append((os.path.join(path, name), labels.index(folder)))
    return images


def format_report(labels, confusion):
    """Per-class accuracy, overall accuracy and the confusion matrix as text lines."""
    lines = []
    width = max(len(label) for label in labels)
    total = sum(sum(row) for row in confusion)
    correct = sum(confusion[i][i] for i in range(len(labels)))
    for i, label in enumerate(labels):
        n = sum(confusion[i])
        acc = confusion[i][i] / n if n else float("nan")
        lines.append("%-*s  accuracy %.4f (%d/%d)" % (width, label, acc, confusion[i][i], n))
    lines.append("accuracy %.4f (%d/%d)" % (correct / total if total else float("nan"), correct, total))
    lines.append("confusion matrix (rows: true, columns: predicted)")
    lines.append(" " * width + "  " + " ".join("%6s" % label[:6] for label in labels))
    for i, label in enumerate(labels):
        lines.append("%-*s  " % (width, label) + " ".join("%6d" % c for c in confusion[i]))
    return lines


def read_multilabel(path, labels):
    """file (relative to the data folder) -> set of label indices, from the bundle's test_labels.csv."""
    truth = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not lines or lines[0].strip() != "file,labels":
        raise ValueError(path + ": expected the header 'file,labels'")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split(",")
        if len(parts) != 2:
            raise ValueError("%s line %d: expected file,labels" % (path, number))
        names = [n for n in parts[1].split(";") if n]
        for n in names:
            if n not in labels:
                raise ValueError("%s line %d: label '%s' is not in labels.txt %s" % (path, number, n, labels))
        truth[parts[0]] = set(labels.index(n) for n in names)
    return truth


def format_multilabel_report(labels, counts, subset_right, wrong_decisions, total):
    """Per-label sensitivity, specificity and F1 (counts[k] = [tp, fp, tn, fn]), subset accuracy, Hamming loss."""
    def ratio(a, b):
        return a / b if b else float("nan")
    width = max(len(label) for label in labels)
    lines = []
    for k, label in enumerate(labels):
        tp, fp, tn, fn = counts[k]
        lines.append("%-*s  sensitivity %.4f (%d/%d)  specificity %.4f (%d/%d)  F1 %.4f" % (
            width, label, ratio(tp, tp + fn), tp, tp + fn, ratio(tn, tn + fp), tn, tn + fp,
            ratio(2 * tp, 2 * tp + fp + fn)))
    lines.append("subset accuracy %.4f (%d/%d)" % (ratio(subset_right, total), subset_right, total))
    lines.append("Hamming loss %.4f (%d/%d)" % (ratio(wrong_decisions, total * len(labels)), wrong_decisions,
                                              total * len(labels)))
    return lines


def multilabel(net, loadImage, images, labels, truth, root):
    """Scores every image's label set (imageNet's classes at or above the threshold) against truth."""
    counts = [[0, 0, 0, 0] for _ in labels]
    subset_right = 0
    wrong = 0
    for path, _ in images:
        key = os.path.relpath(path, root).replace(os.sep, "/")
        if key not in truth:
            raise ValueError(path + ": not listed in the labels file")
        called = set(class_id for class_id, _ in net.Classify(loadImage(path), topK=0))
        right = True
        for k in range(len(labels)):
            present = k in truth[key]
            if present and k in called:
                counts[k][0] += 1
            elif k in called:
                counts[k][1] += 1
            elif present:
                counts[k][3] += 1
            else:
                counts[k][2] += 1
            if present != (k in called):
                right = False
                wrong += 1
        subset_right += 1 if right else 0
    return format_multilabel_report(labels, counts, subset_right, wrong, len(images))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Top-1 accuracy of an ONNX classifier with jetson-inference.")
    parser.add_argument("--model", required=True, help="the .onnx file (models/NAME/resnet18.onnx)")
    parser.add_argument("--labels", required=True, help="labels.txt next to the model")
    parser.add_argument("--input_blob", default="input_0")
    parser.add_argument("--output_blob", default="output_0")
    parser.add_argument("--multilabel", metavar="CSV",
                        help="score a multi-label model against CSV (file,labels), with --topK=0 --threshold=0.5")
    parser.add_argument("data", help="folder with one sub-folder of images per class (data/NAME/test)")
    args = parser.parse_args(argv)
    try:
        labels = read_labels(args.labels)
        images = list_images(args.data, labels)
        truth = read_multilabel(args.multilabel, labels) if args.multilabel else None
    except (OSError, ValueError) as e:
        print("error: " + str(e), file=sys.stderr)
        return 2
    if not images:
        print("error: no images under " + args.data, file=sys.stderr)
        return 2

    imageNet, loadImage = load_jetson()
    net_argv = ["--model=" + args.model, "--labels=" + args.labels,
                "--input_blob=" + args.input_blob, "--output_blob=" + args.output_blob]
    if truth is not None:
        net = imageNet(argv=net_argv + ["--topK=0", "--threshold=0.5"])
        try:
            print("\n".join(multilabel(net, loadImage, images, labels, truth, args.data)))
        except ValueError as e:
            print("error: " + str(e), file=sys.stderr)
            return 2
        return 0
    net = imageNet(argv=net_argv)
    confusion = [[0] * len(labels) for _ in labels]
    for path, truth in images:
        class_id, confidence = net.Classify(loadImage(path))
        if not 0 <= class_id < len(labels):
            print("error: %s: imageNet returned class %d, outside labels.txt" % (path, class_id), file=sys.stderr)
            return 1
        confusion[truth][class_id] += 1
    print("\n".join(format_report(labels, confusion)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
