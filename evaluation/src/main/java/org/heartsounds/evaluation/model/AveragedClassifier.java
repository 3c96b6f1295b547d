package org.heartsounds.evaluation.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ensemble: the mean of the class probabilities of several models with the same classes (in the same order),
 * input size and task, e.g. the models of one fold trained by different recipes or seeds. The first member's recipe
 * and source stand for the ensemble; closing it closes every member.
 */
public final class AveragedClassifier implements ClassifierModel {
    private final List<ClassifierModel> members;

    private AveragedClassifier(List<ClassifierModel> members) {
        this.members = List.copyOf(members);
    }

    /**
     * The ensemble of {@code members} (at least one; a single member is returned unwrapped).
     *
     * @throws BadInputException naming the member whose classes, input size or task differ from the first's
     */
    public static ClassifierModel of(List<ClassifierModel> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        ClassifierModel first = members.get(0);
        for (ClassifierModel m : members.subList(1, members.size())) {
            String where = m.source() == null ? "ensemble member" : m.source().toString();
            if (!m.labels().equals(first.labels())) {
                throw new BadInputException(where, "has the classes " + m.labels() + ", the first model of the "
                        + "ensemble " + first.labels() + "; average models of the same classes only");
            }
            if (m.inputHeight() != first.inputHeight() || m.inputWidth() != first.inputWidth()) {
                throw new BadInputException(where, "takes " + m.inputWidth() + "x" + m.inputHeight()
                        + " images, the first model of the ensemble " + first.inputWidth() + "x"
                        + first.inputHeight());
            }
            if (m.recipe().isPresent() && first.recipe().isPresent() && !(m.recipe().get().audio().forInference()
                    .equals(first.recipe().get().audio().forInference()) && m.recipe().get().spectrogram().equals(
                    first.recipe().get().spectrogram()))) {
                throw new BadInputException(where, "was trained on other spectrograms than the first model of the "
                        + "ensemble (differing keys: " + String.join(", ", differences(first.recipe().get(),
                        m.recipe().get())) + "); the ensemble feeds every member the same images");
            }
            if (m.multilabel() != first.multilabel()) {
                throw new BadInputException(where, "is " + (m.multilabel() ? "" : "not ") + "multi-label, unlike "
                        + "the first model of the ensemble");
            }
        }
        return new AveragedClassifier(members);
    }

    /**
     * The models at {@code paths}, averaged: each a run folder, a model file, or a cross-validation folder
     * (folds.csv, fold-K/), which adds all its fold models (the k fold models averaged for prediction). DL4J models
     * run through their inference-optimised copies.
     */
    public static ClassifierModel load(List<Path> paths, Recipe fallback) {
        List<ClassifierModel> out = new ArrayList<>();
        try {
            for (Path p : paths) {
                for (Path member : members(p)) {
                    ClassifierModel loaded = ModelLoader.load(member, fallback);
                    out.add(loaded instanceof Dl4jClassifier d ? d.tunedForInference() : loaded);
                }
            }
            return of(out);
        } catch (RuntimeException e) {
            out.forEach(ClassifierModel::close);
            throw e;
        }
    }

    /** {@code path} itself, or the fold-K folders of a cross-validation folder in fold order. */
    private static List<Path> members(Path path) {
        if (!java.nio.file.Files.isRegularFile(path.resolve("folds.csv"))
                || !java.nio.file.Files.isDirectory(path.resolve("fold-0"))) {
            return List.of(path);
        }
        List<Path> folds = new ArrayList<>();
        for (int k = 0; java.nio.file.Files.isDirectory(path.resolve("fold-" + k)); k++) {
            folds.add(path.resolve("fold-" + k));
        }
        return folds;
    }

    private static List<String> differences(Recipe a, Recipe b) {
        List<String> keys = new ArrayList<>(org.heartsounds.core.config.ConfigLoader.differences(
                a.audio().forInference(), b.audio().forInference(), "audio"));
        keys.addAll(org.heartsounds.core.config.ConfigLoader.differences(a.spectrogram(), b.spectrogram(),
                "spectrogram"));
        return keys;
    }

    /** The members, first first. */
    public List<ClassifierModel> members() {
        return members;
    }

    @Override
    public List<String> labels() {
        return members.get(0).labels();
    }

    @Override
    public int inputHeight() {
        return members.get(0).inputHeight();
    }

    @Override
    public int inputWidth() {
        return members.get(0).inputWidth();
    }

    @Override
    public Optional<Recipe> recipe() {
        return members.get(0).recipe();
    }

    @Override
    public boolean multilabel() {
        return members.get(0).multilabel();
    }

    @Override
    public INDArray probabilities(INDArray nchw) {
        checkInput(nchw);
        INDArray sum = members.get(0).probabilities(nchw).dup();
        for (ClassifierModel m : members.subList(1, members.size())) {
            sum.addi(m.probabilities(nchw));
        }
        return sum.divi(members.size());
    }

    @Override
    public Path source() {
        return members.get(0).source();
    }

    @Override
    public String format() {
        return members.get(0).format() + " ensemble of " + members.size();
    }

    @Override
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        members.forEach(m -> out.addAll(m.warnings()));
        return out.stream().distinct().toList();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ClassifierModel m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
