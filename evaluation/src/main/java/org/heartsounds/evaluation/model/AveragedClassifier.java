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
            if (m.multilabel() != first.multilabel()) {
                throw new BadInputException(where, "is " + (m.multilabel() ? "" : "not ") + "multi-label, unlike "
                        + "the first model of the ensemble");
            }
        }
        return new AveragedClassifier(members);
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
