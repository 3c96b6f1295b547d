package org.heartsounds.evaluation.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Do the maps mean something? Two checks in the spirit of Adebayo et al. 2018, "Sanity checks for saliency maps":
 * on synthetic spectrogram-like images whose class evidence is planted in a known time band, most of a trained
 * network's map falls in that band; and the maps of the same network with its weights randomised differ from the
 * trained network's (low rank correlation). Images: 24 mel rows x 32 time columns of Gaussian noise; class
 * "murmur" adds a 2-row tone at a random height within columns [{@value #BAND_FROM}, {@value #BAND_TO}) only, class
 * "normal" has none. The band is a quarter of the window.
 */
class GradCamSanityTest {
    static final int H = 24;
    static final int W = 32;
    static final int BAND_FROM = 16;
    static final int BAND_TO = 24;
    /** Share of the map's mass that must fall in the band (the band is 25 % of the columns). */
    static final double MIN_MASS_IN_BAND = 0.60;
    /** Mean Spearman correlation between trained and randomised maps must stay below this. */
    static final double MAX_RANK_CORRELATION = 0.40;

    private static ComputationGraph trained;
    private static INDArray murmurs;

    @BeforeAll
    static void train() {
        trained = network(7);
        DataSet data = images(256, new Random(1), null);
        for (int epoch = 0; epoch < 12; epoch++) {
            data.shuffle(epoch);
            for (DataSet batch : data.batchBy(32)) {
                trained.fit(batch);
            }
        }
        murmurs = images(24, new Random(2), 1).getFeatures();
    }

    @Test
    void theTrainedNetworkSeparatesTheClasses() {
        DataSet test = images(100, new Random(3), null);
        INDArray p = trained.outputSingle(test.getFeatures());
        int right = 0;
        for (int i = 0; i < 100; i++) {
            right += p.getRow(i).argMax().getInt(0) == test.getLabels().getRow(i).argMax().getInt(0) ? 1 : 0;
        }
        System.out.printf("accuracy %d/100%n", right);
        assertTrue(right >= 95, "accuracy " + right + "/100: the maps below explain a network that works");
    }

    @Test
    void mostOfTheMapFallsInThePlantedBand() {
        List<ClassActivationMap> maps = GradCam.builder().setNetwork(trained).build().explain(murmurs, classes(1));
        double mean = 0;
        double worst = 1;
        for (ClassActivationMap m : maps) {
            double inBand = m.massInColumns(BAND_FROM, BAND_TO);
            mean += inBand / maps.size();
            worst = Math.min(worst, inBand);
            assertEquals(H, m.height());
            assertEquals(W, m.width());
        }
        System.out.printf("planted band: mean mass in band %.3f, worst %.3f%n", mean, worst);
        assertTrue(mean >= MIN_MASS_IN_BAND, "mean mass in the band " + mean + " (worst " + worst + ")");
    }

    @Test
    void randomisedWeightsGiveOtherMaps() {
        List<ClassActivationMap> real = GradCam.builder().setNetwork(trained).build().explain(murmurs, classes(1));
        List<ClassActivationMap> random = GradCam.builder().setNetwork(network(99)).build()
                .explain(murmurs, classes(1));
        SpearmansCorrelation spearman = new SpearmansCorrelation();
        double mean = 0;
        int counted = 0;
        for (int i = 0; i < real.size(); i++) {
            double[] a = real.get(i).flat();
            double[] b = random.get(i).flat();
            if (constant(a) || constant(b)) {
                continue; // an all-zero map has no ranks; it differs from any informative map anyway
            }
            mean += spearman.correlation(a, b);
            counted++;
        }
        mean = counted == 0 ? 0 : mean / counted;
        assertTrue(mean < MAX_RANK_CORRELATION, "mean rank correlation " + mean + " over " + counted + " maps");
        double realBand = real.stream().mapToDouble(m -> m.massInColumns(BAND_FROM, BAND_TO)).average().orElse(0);
        double randomBand = random.stream().mapToDouble(m -> m.massInColumns(BAND_FROM, BAND_TO)).average()
                .orElse(0);
        System.out.printf("randomised: mean Spearman %.3f over %d maps; mass in band trained %.3f, random %.3f%n",
                mean, counted, realBand, randomBand);
        assertTrue(realBand > randomBand + 0.2, "trained " + realBand + " vs random " + randomBand);
    }

    private static boolean constant(double[] a) {
        for (double v : a) {
            if (v != a[0]) {
                return false;
            }
        }
        return true;
    }

    private static int[] classes(int c) {
        int[] out = new int[(int) murmurs.size(0)];
        java.util.Arrays.fill(out, c);
        return out;
    }

    /**
     * @param only class of every image (0 normal, 1 murmur), or null for alternating classes
     */
    static DataSet images(int n, Random rnd, Integer only) {
        float[][][][] x = new float[n][3][H][W];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            int cls = only != null ? only : i % 2;
            y[i][cls] = 1;
            int row = 2 + rnd.nextInt(H - 4);
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    float v = (float) (rnd.nextGaussian() * 0.5);
                    if (cls == 1 && c >= BAND_FROM && c < BAND_TO && (r == row || r == row + 1)) {
                        v += 2f;
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        x[i][ch][r][c] = v;
                    }
                }
            }
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    static ComputationGraph network(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU).updater(new Adam(0.01)).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(H, W, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build(),
                        "conv1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }
}
