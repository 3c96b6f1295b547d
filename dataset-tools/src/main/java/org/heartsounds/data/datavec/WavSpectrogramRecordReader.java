package org.heartsounds.data.datavec;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.datavec.api.conf.Configuration;
import org.datavec.api.io.labels.PathLabelGenerator;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataURI;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;

/**
 * A DataVec {@code RecordReader} over WAV files that yields one record per preprocessed window:
 * {@code [NDArrayWritable features [1,3,H,W] (pixel values 0..255, RGB), IntWritable label index]} — the same
 * layout as DataVec's {@code ImageRecordReader} over the PNGs {@code data prepare} writes, and the same pixels.
 * Attach {@link ImageNetNormalization#normalizer()} to the iterator for the network's normalised input.
 *
 * <p>Files come from an {@link InputSplit} labelled by a {@link PathLabelGenerator} (e.g. DataVec's
 * {@code ParentPathLabelGenerator} for folder-per-class data), or from a list of {@link Recording}s (a CSV
 * manifest). Label order is the {@link ClassIndex} — sorted class names — everywhere.
 */
public class WavSpectrogramRecordReader extends BaseRecordReader {
    private final InputPipeline pipeline;
    private final ClassIndex classes;
    private final PathLabelGenerator labelGenerator;
    private List<Item> items = List.of();
    private int fileCursor;
    private Iterator<AudioWindow> windows = java.util.Collections.emptyIterator();
    private Item current;

    private record Item(URI uri, String label) {
    }

    /** Reader for an {@link InputSplit}, labelled by {@code labelGenerator}, over the given classes. */
    public WavSpectrogramRecordReader(InputPipeline pipeline, ClassIndex classes, PathLabelGenerator labelGenerator) {
        this.pipeline = pipeline;
        this.classes = classes;
        this.labelGenerator = labelGenerator;
    }

    /** Reader over manifest recordings (primary label); call {@link #initialize(InputSplit)} with null. */
    public WavSpectrogramRecordReader(InputPipeline pipeline, ClassIndex classes, List<Recording> recordings) {
        this(pipeline, classes, (PathLabelGenerator) null);
        List<Item> list = new ArrayList<>();
        for (Recording r : recordings) {
            list.add(new Item(r.path().toUri(), r.primaryLabel()));
        }
        this.items = List.copyOf(list);
    }

    @Override
    public void initialize(InputSplit split) {
        if (split != null) {
            List<Item> list = new ArrayList<>();
            Iterator<URI> it = split.locationsIterator();
            while (it.hasNext()) {
                URI uri = it.next();
                if (!uri.getPath().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
                    continue;
                }
                if (labelGenerator == null) {
                    throw new IllegalStateException("an InputSplit needs a PathLabelGenerator");
                }
                list.add(new Item(uri, labelGenerator.getLabelForPath(uri).toString()));
            }
            items = List.copyOf(list);
        }
        for (Item item : items) {
            if (!classes.contains(item.label())) {
                throw new BadInputException(Path.of(item.uri()), "unknown class '" + item.label() + "' (known: "
                        + classes.names() + ")");
            }
        }
        reset();
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        initialize(split);
    }

    @Override
    public boolean hasNext() {
        while (!windows.hasNext() && fileCursor < items.size()) {
            current = items.get(fileCursor++);
            Path path = Path.of(current.uri());
            try {
                windows = pipeline.windows(WavReader.read(path)).iterator();
            } catch (IOException e) {
                throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
            }
        }
        return windows.hasNext();
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public Record nextRecord() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        AudioWindow w = windows.next();
        List<Writable> record = List.of(new NDArrayWritable(pipeline.pixels(w)),
                new IntWritable(classes.indexOf(current.label())));
        return new org.datavec.api.records.impl.Record(new ArrayList<>(record),
                new RecordMetaDataURI(current.uri(), WavSpectrogramRecordReader.class));
    }

    @Override
    public List<String> getLabels() {
        return classes.names();
    }

    @Override
    public boolean batchesSupported() {
        return false;
    }

    @Override
    public List<List<Writable>> next(int num) {
        throw new UnsupportedOperationException("batches are not supported; use next()");
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public void reset() {
        fileCursor = 0;
        windows = java.util.Collections.emptyIterator();
        current = null;
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("read WAV files through initialize(InputSplit)");
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        throw new UnsupportedOperationException("loading single windows from metadata is not supported");
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> recordMetaDatas) {
        throw new UnsupportedOperationException("loading single windows from metadata is not supported");
    }

    @Override
    public void close() {
    }

    @Override
    public void setConf(Configuration conf) {
    }

    @Override
    public Configuration getConf() {
        return null;
    }
}
