package org.heartsounds.export.jetson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Folders;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.export.ExportCheckFailedException;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.trainer.data.ImageEntry;

/**
 * A folder a Jetson user copies as it is:
 * <pre>
 * models/NAME/resnet18.onnx        the checked ONNX export ({@link OnnxExport})
 * models/NAME/labels.txt           one class per line, LF, no trailing newline, training order
 * models/NAME/export-check.json    the export check's numbers
 * data/NAME/test/CLASS/*.png       the test split's spectrograms (with --with-test-images)
 * data/NAME/test_labels.csv        a multi-label model's test images with every label (file,labels)
 * jetson_accuracy.py               accuracy on the device with jetson-inference's imageNet
 * README.md                        the exact imagenet.py commands
 * </pre>
 * The folder is built in a temporary sibling and renamed into place at the end, so it appears complete or not at
 * all; a target that already exists and is not empty is refused.
 */
public final class JetsonBundle {
    /** The model's file name, as jetson-inference's training scripts name a ResNet-18 export. */
    public static final String MODEL_FILE = "resnet18.onnx";
    public static final String SCRIPT = "jetson_accuracy.py";
    public static final String README = "README.md";
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private JetsonBundle() {
    }

    /** The written bundle. */
    public record Result(Path root, OnnxExport.Result export, int testImages) {
    }

    /** {@code models/NAME/resnet18.onnx}, relative to the bundle root. */
    public static String modelPath(String name) {
        return "models/" + name + "/" + MODEL_FILE;
    }

    /** {@code models/NAME/labels.txt}, relative to the bundle root. */
    public static String labelsPath(String name) {
        return "models/" + name + "/labels.txt";
    }

    /** {@code data/NAME/test}, relative to the bundle root. */
    public static String testPath(String name) {
        return "data/" + name + "/test";
    }

    /** A multi-label bundle's labels of its test images, relative to the bundle root. */
    public static String testLabelsPath(String name) {
        return "data/" + name + "/test_labels.csv";
    }

    /** {@code file,labels} with {@code CLASS/name.png} relative to the test folder and labels joined by ';'. */
    static String testLabels(List<ImageEntry> images, List<String> labels) {
        StringBuilder sb = new StringBuilder("file,labels\n");
        for (ImageEntry e : images) {
            sb.append(labels.get(e.label())).append('/').append(e.path().getFileName()).append(',')
                    .append(String.join(";", e.labels().stream().map(labels::get).toList())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the bundle for {@code source} to {@code out}.
     *
     * @param name            model name used in the paths ({@value #NAME_PATTERN})
     * @param withTestImages  whether to copy the test split's PNGs
     * @param export          the ONNX export (opset, checked split, tolerance)
     */
    public static Result write(ExportSource source, Path out, String name, boolean withTestImages, OnnxExport export)
            throws IOException {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new BadInputException("--name", "'" + name + "' is not a usable model name (letters, digits, "
                    + "'.', '_', '-'; at most 64 characters; not starting with '.', '_' or '-')");
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new BadInputException(target, "already exists and is not empty; choose another --out or remove it");
        }
        Path tmp = Folders.createStagingSibling(target);
        try {
            OnnxExport.Result onnx;
            try {
                onnx = export.export(source, tmp.resolve(modelPath(name)));
            } catch (ExportCheckFailedException e) {
                throw new ExportCheckFailedException(target + " (" + modelPath(name) + ")", e.report());
            }
            Map<String, String> examples = new LinkedHashMap<>();
            int images = withTestImages ? copyTestImages(source.data().images(Split.TEST), source.labels(),
                    tmp.resolve(testPath(name)), name, examples) : 0;
            if (images > 0 && source.multilabel()) {
                Files.writeString(tmp.resolve(testLabelsPath(name)), testLabels(source.data().images(Split.TEST),
                        source.labels()));
            }
            copyScript(tmp.resolve(SCRIPT));
            Files.writeString(tmp.resolve(README), JetsonReadme.text(name, source, onnx, examples, images));
            if (Files.exists(target)) {
                Files.delete(target); // an empty folder
            }
            move(tmp, target);
            return new Result(target, relocated(onnx, tmp, target), images);
        } finally {
            Folders.deleteRecursively(tmp);
        }
    }

    private static int copyTestImages(List<ImageEntry> images, List<String> labels, Path testDir, String name,
                                      Map<String, String> examples) throws IOException {
        for (ImageEntry e : images) {
            String label = labels.get(e.label());
            Path dest = testDir.resolve(label).resolve(e.path().getFileName().toString());
            Files.createDirectories(dest.getParent());
            Files.copy(e.path(), dest, StandardCopyOption.COPY_ATTRIBUTES);
            examples.putIfAbsent(label, testPath(name) + "/" + label + "/" + dest.getFileName());
        }
        return images.size();
    }

    private static void copyScript(Path dest) throws IOException {
        try (InputStream in = JetsonBundle.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SCRIPT + " missing from the class path");
            }
            Files.copy(in, dest);
        }
    }

    private static OnnxExport.Result relocated(OnnxExport.Result r, Path from, Path to) {
        return new OnnxExport.Result(to.resolve(from.relativize(r.model())), to.resolve(from.relativize(r.labels())),
                to.resolve(from.relativize(r.checkFile())), r.report(), r.opset(), r.split(), r.bytes(), r.sha256());
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
