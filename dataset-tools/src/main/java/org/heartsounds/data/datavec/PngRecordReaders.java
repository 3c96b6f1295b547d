package org.heartsounds.data.datavec;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.image.recordreader.ImageRecordReader;
import org.datavec.image.transform.ColorConversionTransform;
import org.bytedeco.opencv.global.opencv_imgproc;

/**
 * DataVec's {@link ImageRecordReader} configured for prepared spectrogram PNGs: labels from the parent folder
 * (jetson-inference's layout) and pixels in **RGB** order. DataVec's {@code NativeImageLoader} decodes to OpenCV's
 * BGR; the {@link ColorConversionTransform} swaps it back, so the tensor equals {@link InputPipeline#pixels}.
 */
public final class PngRecordReaders {
    private PngRecordReaders() {
    }

    public static ImageRecordReader rgb(int height, int width) {
        return new ImageRecordReader(height, width, 3, new ParentPathLabelGenerator(),
                new ColorConversionTransform(opencv_imgproc.COLOR_BGR2RGB));
    }
}
