package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a network is trained on a prepared dataset ({@code heartsounds train}, {@code heartsounds cv}).
 *
 * @param out            the run folder (created; a folder holding another run is refused unless resumed)
 * @param epochs         maximum number of epochs
 * @param batchSize      minibatch size
 * @param optimizer      {@code adam} or {@code sgd} (Nesterov momentum)
 * @param learningRate   peak learning rate
 * @param momentum       SGD momentum (ignored by Adam)
 * @param weightDecay    decoupled weight decay (DL4J {@code WeightDecay}), 0 = none
 * @param schedule       learning-rate schedule over the epochs: {@code cosine} to 0, {@code step} (×0.1 at 50 % and
 *                       75 % of the epochs) or {@code constant}
 * @param warmupEpochs   epochs of linear warm-up before the schedule (0 = none)
 * @param freeze         how much of the network below the head is frozen
 * @param pretrained     {@code none} (random initialisation), a file ({@code .onnx}, {@code .pth},
 *                       {@code .pth.tar}) or a cached catalogue name ({@code resnet18-imagenet})
 * @param classWeights   per-class weights of the training loss ({@link ClassWeights}: none, balanced from the
 *                       training split's window counts, or a list in labels.txt order)
 * @param earlyStopping  stopping and model selection, on the validation split only
 * @param augment        training-only spectrogram augmentation (off by default)
 * @param progressEvery  iterations between progress lines (0 = none)
 * @param fastPath       use DL4J's oneDNN layer helpers (CPU)
 * @param evalBatchSize  minibatch size for validation and test inference
 * @param task           {@code multiclass} (one label per recording, softmax and cross-entropy; the default) or
 *                       {@code multilabel} (every label of a recording, one sigmoid output per label and binary
 *                       cross-entropy; a "no finding" label such as {@code N} is an ordinary label)
 */
public record TrainSpec(String out, int epochs, int batchSize, Optimizer optimizer, double learningRate,
                        double momentum, double weightDecay, Schedule schedule, int warmupEpochs, Freeze freeze,
                        String pretrained, ClassWeights classWeights, EarlyStopping earlyStopping, Augment augment,
                        int progressEvery, boolean fastPath, int evalBatchSize, Task task) {
    public TrainSpec {
        if (out == null || out.isBlank()) {
            out = "runs/train";
        }
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException("train.epochs must be in [1, 10000], got " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("train.batch_size must be in [1, 4096], got " + batchSize);
        }
        if (optimizer == null) {
            optimizer = Optimizer.ADAM;
        }
        if (!(learningRate > 0 && learningRate < 10)) {
            throw new IllegalArgumentException("train.learning_rate must be in (0, 10), got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("train.momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("train.weight_decay must be in [0, 1), got " + weightDecay);
        }
        if (schedule == null) {
            schedule = Schedule.COSINE;
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("train.warmup_epochs must be in [0, epochs), got " + warmupEpochs);
        }
        if (freeze == null) {
            freeze = Freeze.NONE;
        }
        if (pretrained == null || pretrained.isBlank()) {
            pretrained = "none";
        }
        if (classWeights == null) {
            classWeights = ClassWeights.none();
        }
        if (earlyStopping == null) {
            earlyStopping = EarlyStopping.defaults();
        }
        if (augment == null) {
            augment = Augment.defaults();
        }
        if (progressEvery < 0) {
            throw new IllegalArgumentException("train.progress_every must be >= 0, got " + progressEvery);
        }
        if (evalBatchSize < 1 || evalBatchSize > 4096) {
            throw new IllegalArgumentException("train.eval_batch_size must be in [1, 4096], got " + evalBatchSize);
        }
        if (task == null) {
            task = Task.MULTICLASS;
        }
    }

    /** What the network predicts. */
    public enum Task {
        /** One class per recording: softmax outputs, cross-entropy. */
        @JsonProperty("multiclass") MULTICLASS,
        /** Every label of a recording: one sigmoid output per label, binary cross-entropy. */
        @JsonProperty("multilabel") MULTILABEL;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the network predicts every label of a recording ({@code train.task: multilabel}). */
    public boolean multilabel() {
        return task == Task.MULTILABEL;
    }

    public TrainSpec withTask(Task newTask) {
        return new TrainSpec(out, epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                warmupEpochs, freeze, pretrained, classWeights, earlyStopping, augment, progressEvery, fastPath,
                evalBatchSize, newTask);
    }

    public static TrainSpec defaults() {
        return new TrainSpec("runs/train", 20, 16, Optimizer.ADAM, 1e-3, 0.9, 1e-4, Schedule.COSINE, 0,
                Freeze.NONE, "none", ClassWeights.none(), EarlyStopping.defaults(), Augment.defaults(), 10, true,
                64, Task.MULTICLASS);
    }

    public TrainSpec withOut(String newOut) {
        return new TrainSpec(newOut, epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                warmupEpochs, freeze, pretrained, classWeights, earlyStopping, augment, progressEvery, fastPath,
                evalBatchSize, task);
    }

    public TrainSpec withEpochs(int newEpochs) {
        return new TrainSpec(out, newEpochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                Math.min(warmupEpochs, newEpochs - 1), freeze, pretrained, classWeights, earlyStopping, augment,
                progressEvery, fastPath, evalBatchSize, task);
    }

    /** Whether the network starts from random weights. */
    public boolean fromScratch() {
        return "none".equals(pretrained);
    }

    public enum Optimizer {
        @JsonProperty("adam") ADAM,
        @JsonProperty("sgd") SGD
    }

    public enum Schedule {
        @JsonProperty("cosine") COSINE,
        @JsonProperty("step") STEP,
        @JsonProperty("constant") CONSTANT
    }

    /**
     * Freeze policy: everything up to and including this part of ResNet-18 keeps its weights ({@code stem} = conv1,
     * bn1 and the max-pool; {@code layer4} = the whole trunk, so only the head trains and the frozen features are
     * computed once).
     */
    public enum Freeze {
        @JsonProperty("none") NONE,
        @JsonProperty("stem") STEM,
        @JsonProperty("layer1") LAYER1,
        @JsonProperty("layer2") LAYER2,
        @JsonProperty("layer3") LAYER3,
        @JsonProperty("layer4") LAYER4
    }

    /**
     * Early stopping and model selection on the validation split.
     *
     * @param metric    {@code val_loss} (lower is better), or higher is better: {@code val_acc},
     *                  {@code val_balanced_acc} (mean per-class recall), {@code val_macro_f1} (F1 averaged over
     *                  classes), {@code val_macro_auroc} (one-vs-rest AUROC averaged over classes)
     * @param patience  epochs without improvement before stopping (0 = never stop early)
     * @param minDelta  smallest change that counts as an improvement
     */
    public record EarlyStopping(Metric metric, int patience, double minDelta) {
        public EarlyStopping {
            if (metric == null) {
                metric = Metric.VAL_LOSS;
            }
            if (patience < 0) {
                throw new IllegalArgumentException("train.early_stopping.patience must be >= 0, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("train.early_stopping.min_delta must be >= 0, got " + minDelta);
            }
        }

        public static EarlyStopping defaults() {
            return new EarlyStopping(Metric.VAL_LOSS, 6, 0.0);
        }

        /** A validation metric of {@code metrics.csv} that selects the best epoch and decides when to stop. */
        public enum Metric {
            @JsonProperty("val_loss") VAL_LOSS("val_loss"),
            @JsonProperty("val_acc") VAL_ACC("val_acc"),
            @JsonProperty("val_balanced_acc") VAL_BALANCED_ACC("val_balanced_acc"),
            @JsonProperty("val_macro_f1") VAL_MACRO_F1("val_macro_f1"),
            @JsonProperty("val_macro_auroc") VAL_MACRO_AUROC("val_macro_auroc");

            private final String key;

            Metric(String key) {
                this.key = key;
            }

            /** The name in YAML and the {@code metrics.csv} column. */
            public String key() {
                return key;
            }

            /** Whether lower is better (only {@code val_loss}). */
            public boolean minimize() {
                return this == VAL_LOSS;
            }
        }
    }

    /**
     * Training-only augmentation of the normalised spectrogram tensor (width = time, height = frequency). Never
     * applied to validation, test or prediction inputs.
     *
     * @param timeShift   maximum circular shift along time, as a fraction of the width (0 = off)
     * @param timeMasks   number of time masks per image (SpecAugment), each set to the normalised mean (0)
     * @param timeMaskMax maximum width of one time mask, as a fraction of the width
     * @param freqMasks   number of frequency masks per image
     * @param freqMaskMax maximum height of one frequency mask, as a fraction of the height
     * @param mixup       mixup (Zhang et al. 2018) between the training windows of a minibatch: each batch is blended
     *                    with a permutation of itself, images and labels alike, by a weight drawn from
     *                    Beta(mixup, mixup); 0 = off
     */
    public record Augment(double timeShift, int timeMasks, double timeMaskMax, int freqMasks, double freqMaskMax,
                          double mixup) {
        /** Without mixup. */
        public Augment(double timeShift, int timeMasks, double timeMaskMax, int freqMasks, double freqMaskMax) {
            this(timeShift, timeMasks, timeMaskMax, freqMasks, freqMaskMax, 0.0);
        }

        public Augment {
            if (!(mixup >= 0 && mixup <= 10)) {
                throw new IllegalArgumentException("train.augment.mixup (the Beta distribution's alpha; 0 = off) must "
                        + "be in [0, 10], got " + mixup);
            }
            if (!(timeShift >= 0 && timeShift <= 0.5)) {
                throw new IllegalArgumentException("train.augment.time_shift must be in [0, 0.5], got " + timeShift);
            }
            if (timeMasks < 0 || timeMasks > 10 || freqMasks < 0 || freqMasks > 10) {
                throw new IllegalArgumentException("train.augment.time_masks and freq_masks must be in [0, 10], got "
                        + timeMasks + " and " + freqMasks);
            }
            if (!(timeMaskMax >= 0 && timeMaskMax <= 0.5 && freqMaskMax >= 0 && freqMaskMax <= 0.5)) {
                throw new IllegalArgumentException("train.augment.time_mask_max and freq_mask_max must be in "
                        + "[0, 0.5], got " + timeMaskMax + " and " + freqMaskMax);
            }
        }

        public static Augment defaults() {
            return new Augment(0.0, 0, 0.1, 0, 0.1);
        }

        public boolean enabled() {
            return timeShift > 0 || (timeMasks > 0 && timeMaskMax > 0) || (freqMasks > 0 && freqMaskMax > 0)
                    || mixup > 0;
        }
    }
}
