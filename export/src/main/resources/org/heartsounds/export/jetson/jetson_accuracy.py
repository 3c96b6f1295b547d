#!/usr/bin/env python3
"""Top-1 accuracy of a heartsounds ONNX export on a Jetson, with jetson-inference's imageNet (TensorRT).

Every PNG under DATA/<class>/ goes through imageNet exactly as imagenet.py sends it (same model, input and output
blobs, labels); an image's true class is the name of its folder, which must be a line of labels.txt. Prints the
per-class and overall accuracy and the confusion matrix (rows: true class, columns: predicted class).

    python3 jetson_accuracy.py --model=models/NAME/resnet18.onnx --labels=models/NAME/labels.txt data/NAME/test

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


def main(argv=None):
    parser = argparse.ArgumentParser(description="Top-1 accuracy of an ONNX classifier with jetson-inference.")
    parser.add_argument("--model", required=True, help="the .onnx file (models/NAME/resnet18.onnx)")
    parser.add_argument("--labels", required=True, help="labels.txt next to the model")
    parser.add_argument("--input_blob", default="input_0")
    parser.add_argument("--output_blob", default="output_0")
    parser.add_argument("data", help="folder with one sub-folder of images per class (data/NAME/test)")
    args = parser.parse_args(argv)
    try:
        labels = read_labels(args.labels)
        images = list_images(args.data, labels)
    except (OSError, ValueError) as e:
        print("error: " + str(e), file=sys.stderr)
        return 2
    if not images:
        print("error: no images under " + args.data, file=sys.stderr)
        return 2

    imageNet, loadImage = load_jetson()
    net = imageNet(argv=["--model=" + args.model, "--labels=" + args.labels,
                         "--input_blob=" + args.input_blob, "--output_blob=" + args.output_blob])
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
