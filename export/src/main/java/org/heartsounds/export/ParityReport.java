package org.heartsounds.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the export check measured: ONNX Runtime (fed jetson-inference's preprocessing) against DL4J (fed the training
 * pipeline's DataVec input) on every image of a split.
 *
 * @param images          images compared
 * @param top1Agreements  images whose arg-max class is the same in both
 * @param maxAbsDiff      largest absolute difference of any class probability (NaN when a side produced NaN)
 * @param worstImage      the image with {@code maxAbsDiff} (null when none was compared)
 * @param tolerance       the largest accepted {@code maxAbsDiff}
 * @param resizedImages   images whose size differed from the network input (both sides then resize, differently)
 * @param problems        anything that failed outright (ONNX Runtime could not load or run the model, wrong input or
 *                        output names or shapes)
 */
public record ParityReport(int images, int top1Agreements, double maxAbsDiff, String worstImage, double tolerance,
                           int resizedImages, List<String> problems) {
    public ParityReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing failed, at least one image was compared, all top-1 classes agree and the diff is within tolerance. */
    public boolean passed() {
        return problems.isEmpty() && images > 0 && top1Agreements == images && maxAbsDiff <= tolerance;
    }

    /** Fraction of images with the same top-1 class (0 when none were compared). */
    public double top1Agreement() {
        return images == 0 ? 0 : (double) top1Agreements / images;
    }

    /** One line with the numbers, e.g. for the console and the error of a failed export. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "ONNX Runtime vs DL4J on %d images: top-1 agreement %.2f %% (%d/%d), max abs probability "
                        + "difference %.3e (tolerance %.0e)", images, 100 * top1Agreement(), top1Agreements, images,
                maxAbsDiff, tolerance));
        if (resizedImages > 0) {
            s.append(String.format(Locale.ROOT, "; %d images were not the input size and were resized",
                    resizedImages));
        }
        if (!problems.isEmpty()) {
            s.append("; ").append(String.join("; ", problems));
        }
        return s.append(passed() ? " -- passed" : " -- FAILED").toString();
    }

    /** The numbers as written to export-check.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", passed());
        m.put("images_checked", images);
        m.put("top1_agreements", top1Agreements);
        m.put("top1_agreement", top1Agreement());
        m.put("max_abs_diff", Double.isFinite(maxAbsDiff) ? maxAbsDiff : String.valueOf(maxAbsDiff));
        m.put("tolerance", tolerance);
        m.put("worst_image", worstImage);
        m.put("resized_images", resizedImages);
        m.put("problems", problems);
        return m;
    }
}
