package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec.Colormap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * 256-entry RGB lookup tables, packed as {@code 0xRRGGBB}. {@link Colormap#GRAY} is {@code (i, i, i)};
 * {@link Colormap#VIRIDIS} and {@link Colormap#MAGMA} are matplotlib's tables, read from the class-path resources
 * {@code viridis.txt} and {@code magma.txt} next to this class (a {@code #} comment line, then 256 lines of
 * {@code rrggbb} hex, generated from matplotlib). Tables are loaded once; thread-safe.
 */
public final class Colormaps {
    /** Number of entries in every table. */
    public static final int SIZE = 256;

    private static final Map<Colormap, int[]> TABLES = loadAll();

    private Colormaps() {
    }

    /** The table of {@code colormap} (a fresh copy, {@link #SIZE} packed {@code 0xRRGGBB} entries). */
    public static int[] lut(Colormap colormap) {
        return TABLES.get(colormap).clone();
    }

    private static Map<Colormap, int[]> loadAll() {
        Map<Colormap, int[]> tables = new EnumMap<>(Colormap.class);
        for (Colormap c : Colormap.values()) {
            tables.put(c, switch (c) {
                case GRAY -> gray();
                case VIRIDIS -> load("viridis.txt");
                case MAGMA -> load("magma.txt");
            });
        }
        return tables;
    }

    private static int[] gray() {
        int[] lut = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            lut[i] = (i << 16) | (i << 8) | i;
        }
        return lut;
    }

    /** Parses a bundled table; a malformed one is a build defect, reported as {@link IllegalStateException}. */
    static int[] load(String resource) {
        try (InputStream in = Colormaps.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("colormap resource " + resource + " is missing from the class path");
            }
            return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read colormap resource " + resource, e);
        }
    }

    static int[] parse(String name, BufferedReader reader) throws IOException {
        int[] lut = new int[SIZE];
        int count = 0;
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (count == SIZE) {
                throw new IllegalStateException(name + " line " + lineNo + ": more than " + SIZE + " entries");
            }
            if (!s.matches("[0-9a-fA-F]{6}")) {
                throw new IllegalStateException(name + " line " + lineNo + ": expected rrggbb hex, got '" + s + "'");
            }
            lut[count++] = Integer.parseInt(s, 16);
        }
        if (count != SIZE) {
            throw new IllegalStateException(name + ": expected " + SIZE + " entries, found " + count);
        }
        return lut;
    }
}
