package org.heartsounds.evaluation.explain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.Predictions;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Examples for the HTML report, each with its Grad-CAM overlay for the predicted class: per true class, the correct
 * windows with the highest and the lowest confidence and every misclassified window (up to {@link #MAX_ERRORS}, most
 * confident errors first), plus a few plain spectrograms per class from the training split.
 *
 * @param perKind         correct examples of each kind (highest, lowest confidence) per class
 * @param classes         one section per class, in the model's order
 * @param errorsLeftOut   misclassified windows beyond {@link #MAX_ERRORS} (listed in metrics.json, not drawn)
 * @param trainingSamples training-split spectrograms, a few per class
 * @param layer           the explained vertex
 * @param seconds         wall time of making the gallery
 */
public record Gallery(int perKind, List<ClassSection> classes, int errorsLeftOut, List<Sample> trainingSamples,
                      String layer, double seconds) {
    /** Misclassified windows drawn at most. */
    public static final int MAX_ERRORS = 60;
    /** Overlay size in the report. */
    public static final int OVERLAY_WIDTH = 400;
    public static final int OVERLAY_HEIGHT = 330;

    public Gallery {
        classes = List.copyOf(classes);
        trainingSamples = List.copyOf(trainingSamples);
    }

    /** One class's examples. */
    public record ClassSection(String className, List<Item> mostConfident, List<Item> leastConfident,
                               List<Item> misclassified) {
        public ClassSection {
            mostConfident = List.copyOf(mostConfident);
            leastConfident = List.copyOf(leastConfident);
            misclassified = List.copyOf(misclassified);
        }
    }

    /**
     * What a report needs to draw a gallery besides the evaluated windows.
     *
     * @param training training-split windows for the samples (may be empty)
     * @param axes     what the images' axes mean
     * @param perKind  correct examples of each kind per class
     */
    public record Request(List<ImageEntry> training, SpectrogramAxes axes, int perKind) {
        /** Default number of correct examples of each kind per class. */
        public static final int DEFAULT_PER_KIND = 3;

        public Request {
            training = List.copyOf(training);
            if (perKind < 1) {
                throw new IllegalArgumentException("examples per kind must be >= 1, got " + perKind);
            }
        }
    }

    /** One explained window. */
    public record Item(String file, String trueClass, String predictedClass, double[] probabilities,
                       byte[] overlayPng, double peakSeconds) {
    }

    /** One training spectrogram as it is on disk. */
    public record Sample(String className, String file, byte[] png) {
    }

    /**
     * @param network     the trained network (DL4J)
     * @param images      the evaluated windows, in the order of {@code predictions}
     * @param datasetLabels the dataset's labels.txt (what the entries' label indices refer to)
     * @param predictions the network's predictions on {@code images} (model class order)
     * @param training    training-split windows for the samples (may be empty)
     * @param axes        what the images' axes mean
     * @param perKind     correct examples of each kind per class (0: none)
     */
    public static Gallery build(ComputationGraph network, List<ImageEntry> images, List<String> datasetLabels,
                                Predictions predictions, List<ImageEntry> training, SpectrogramAxes axes,
                                int perKind, int height, int width) {
        long start = System.nanoTime();
        if (images.size() != predictions.size()) {
            throw new IllegalArgumentException(images.size() + " images for " + predictions.size() + " predictions");
        }
        GradCam cam = GradCam.builder().setNetwork(network).build();
        List<String> names = predictions.classNames();
        int[] predicted = predictions.predictedLabels();
        int[] truth = predictions.trueLabels();
        double[][] p = predictions.probabilities();
        List<ClassSection> sections = new ArrayList<>();
        int left = 0;
        List<Integer> allErrors = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] != truth[i]) {
                allErrors.add(i);
            }
        }
        allErrors.sort(Comparator.comparingDouble((Integer i) -> -p[i][predicted[i]]));
        if (allErrors.size() > MAX_ERRORS) {
            left = allErrors.size() - MAX_ERRORS;
            allErrors = allErrors.subList(0, MAX_ERRORS);
        }
        for (int c = 0; c < names.size(); c++) {
            final int cls = c;
            List<Integer> correct = new ArrayList<>();
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] == cls && predicted[i] == cls) {
                    correct.add(i);
                }
            }
            correct.sort(Comparator.comparingDouble((Integer i) -> -p[i][cls]).thenComparing(i -> i));
            List<Integer> high = correct.subList(0, Math.min(perKind, correct.size()));
            List<Integer> low = new ArrayList<>(correct.subList(Math.max(high.size(),
                    correct.size() - perKind), correct.size()));
            java.util.Collections.reverse(low);
            List<Integer> wrong = allErrors.stream().filter(i -> truth[i] == cls).toList();
            sections.add(new ClassSection(names.get(c), explain(cam, high, images, datasetLabels, predictions, axes,
                    height, width), explain(cam, low, images, datasetLabels, predictions, axes, height, width),
                    explain(cam, wrong, images, datasetLabels, predictions, axes, height, width)));
        }
        List<Sample> samples = samples(training, datasetLabels, perKind);
        return new Gallery(perKind, sections, left, samples, cam.layer(), (System.nanoTime() - start) / 1e9);
    }

    private static List<Item> explain(GradCam cam, List<Integer> which, List<ImageEntry> images,
                                      List<String> datasetLabels, Predictions predictions, SpectrogramAxes axes,
                                      int height, int width) {
        if (which.isEmpty()) {
            return List.of();
        }
        List<ImageEntry> entries = which.stream().map(images::get).toList();
        INDArray input = ImageTensors.load(entries, datasetLabels, height, width).features();
        int[] predicted = predictions.predictedLabels();
        int[] classes = which.stream().mapToInt(i -> predicted[i]).toArray();
        List<ClassActivationMap> maps = cam.explain(input, classes);
        List<Item> items = new ArrayList<>();
        List<String> names = predictions.classNames();
        for (int k = 0; k < which.size(); k++) {
            int i = which.get(k);
            double[] probs = predictions.probabilities()[i];
            String title = String.format(Locale.ROOT, "%s: %s %.2f", predictions.items().get(i),
                    names.get(predicted[i]), probs[predicted[i]]);
            int[] rgb = rgb(entries.get(k).path(), height, width);
            byte[] png = CamOverlay.png(title, rgb, maps.get(k), axes, List.of(), OVERLAY_WIDTH, OVERLAY_HEIGHT);
            double[] profile = maps.get(k).timeProfile();
            int peak = 0;
            for (int col = 1; col < profile.length; col++) {
                peak = profile[col] > profile[peak] ? col : peak;
            }
            items.add(new Item(predictions.items().get(i), names.get(predictions.trueLabels()[i]),
                    names.get(predicted[i]), probs, png, (peak + 0.5) / profile.length * axes.seconds()));
        }
        return items;
    }

    private static List<Sample> samples(List<ImageEntry> training, List<String> datasetLabels, int perClass) {
        List<Sample> out = new ArrayList<>();
        for (int c = 0; c < datasetLabels.size(); c++) {
            int taken = 0;
            for (ImageEntry e : training) {
                if (e.label() == c && taken < perClass) {
                    try {
                        out.add(new Sample(datasetLabels.get(c), e.path().getFileName().toString(),
                                Files.readAllBytes(e.path())));
                    } catch (IOException ex) {
                        throw new BadInputException(e.path(), "cannot read: " + ex.getMessage(), ex);
                    }
                    taken++;
                }
            }
        }
        return out;
    }

    /** The PNG's pixels as packed 0xRRGGBB, row-major (the size was checked when the tensors were loaded). */
    static int[] rgb(Path png, int height, int width) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            if (img == null || img.getWidth() != width || img.getHeight() != height) {
                throw new BadInputException(png, "is not a " + width + "x" + height + " PNG");
            }
            int[] rgb = img.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
            return rgb;
        } catch (IOException e) {
            throw new BadInputException(png, "cannot read: " + e.getMessage(), e);
        }
    }
}
