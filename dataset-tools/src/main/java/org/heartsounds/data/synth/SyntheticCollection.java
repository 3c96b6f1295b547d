package org.heartsounds.data.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.data.audio.WavWriter;
import org.heartsounds.data.synth.SyntheticHeartSounds.Condition;

/**
 * A seeded synthetic clinical collection for multi-label work: patients with zero, one or two valve lesions among
 * AS, MR, MS and MVP (label {@code N}, "no finding", for none), each recorded at two to four auscultation sites
 * (aortic, pulmonic, tricuspid, mitral, as CirCor 2022 lists them), with a CSV manifest ({@code path,label,group,
 * site}; several labels joined by {@code ;}, the patient as the group).
 *
 * <p><b>Who has what</b> (per patient, drawn once): no finding 35 %, MR 20 %, AS 14 %, MVP 8 %, MS 5 %, AS+MR 8 %,
 * MS+MR 6 % (rheumatic disease), MVP+MR 4 %. So MR is common and mostly co-occurs, MS is rare and mostly with MR,
 * and a third of the patients have no lesion: imbalance and co-occurrence as in clinical collections.
 *
 * <p><b>Where it is heard.</b> Each lesion's murmur ({@link HeartSoundModel}) is scaled by the patient's severity
 * (0.6-1.2, drawn once per lesion) times the site's audibility: AS 1.0 at the aortic site, 0.7 pulmonic, 0.5 mitral,
 * 0.4 tricuspid; MR 1.0 mitral, 0.6 tricuspid, 0.4 aortic and pulmonic; MS 1.0 mitral, 0.5 tricuspid, 0.3 elsewhere;
 * MVP 1.0 mitral, 0.6 tricuspid, 0.4 elsewhere. A recording is labelled with the patient's lesions whatever its site
 * (as clinical labels come from echocardiography, not from the recording), so some recordings barely carry their
 * labels: per-patient decisions from all sites are the honest target.
 *
 * <p>Deterministic: each recording has its own random stream derived from (seed, patient, site).
 */
public final class SyntheticCollection {
    /** Auscultation sites. */
    public enum Site {
        AV, PV, TV, MV
    }

    /** The lesions the collection labels, and the "no finding" label. */
    public static final List<Condition> LESIONS = List.of(Condition.AS, Condition.MR, Condition.MS, Condition.MVP);
    public static final String NO_FINDING = Condition.N.name();

    private static final double[][] AUDIBILITY = {
            // AV   PV   TV   MV
            {1.0, 0.7, 0.4, 0.5}, // AS
            {0.4, 0.4, 0.6, 1.0}, // MR
            {0.3, 0.3, 0.5, 1.0}, // MS
            {0.4, 0.4, 0.6, 1.0}, // MVP
    };
    /** Cumulative shares of the lesion profiles, in the order of {@link #PROFILES}. */
    private static final double[] SHARES = {0.35, 0.20, 0.14, 0.08, 0.05, 0.08, 0.06, 0.04};
    private static final List<Set<Condition>> PROFILES = List.of(Set.of(), Set.of(Condition.MR), Set.of(Condition.AS),
            Set.of(Condition.MVP), Set.of(Condition.MS), Set.of(Condition.AS, Condition.MR),
            Set.of(Condition.MS, Condition.MR), Set.of(Condition.MVP, Condition.MR));

    private SyntheticCollection() {
    }

    /**
     * What to generate.
     *
     * @param patients      number of patients, 1..100000
     * @param minSites      fewest recordings per patient, 1..4
     * @param maxSites      most recordings per patient, minSites..4
     * @param minSeconds    shortest recording
     * @param maxSeconds    longest recording
     * @param sampleRate    Hz
     * @param seed          random seed
     */
    public record Spec(int patients, int minSites, int maxSites, double minSeconds, double maxSeconds,
                       int sampleRate, long seed) {
        public Spec {
            if (patients < 1 || patients > 100_000) {
                throw new IllegalArgumentException("patients must be in [1, 100000], got " + patients);
            }
            if (minSites < 1 || maxSites > Site.values().length || minSites > maxSites) {
                throw new IllegalArgumentException("sites per patient must satisfy 1 <= min <= max <= 4, got "
                        + minSites + ".." + maxSites);
            }
            if (!(minSeconds > 0) || maxSeconds < minSeconds || maxSeconds > 600) {
                throw new IllegalArgumentException("recording length must satisfy 0 < min <= max <= 600 s");
            }
            if (sampleRate < 2000 || sampleRate > 192_000) {
                throw new IllegalArgumentException("sample rate must be in [2000, 192000], got " + sampleRate);
            }
        }

        /** 2-4 recordings of 3-5 s per patient at 4 kHz. */
        public static Spec of(int patients, long seed) {
            return new Spec(patients, 2, 4, 3.0, 5.0, 4000, seed);
        }
    }

    /**
     * One patient.
     *
     * @param id       {@code p0001}, ...
     * @param lesions  its lesions (empty: no finding)
     * @param severity each lesion's loudness factor
     * @param sites    where it was recorded, in {@link Site} order
     */
    public record Patient(String id, Set<Condition> lesions, Map<Condition, Double> severity, List<Site> sites) {
        public Patient {
            lesions = lesions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lesions));
            severity = Map.copyOf(severity);
            sites = List.copyOf(sites);
        }

        /** The manifest's labels: the lesions in {@link Condition} order joined by ';', or {@code N}. */
        public String labels() {
            if (lesions.isEmpty()) {
                return NO_FINDING;
            }
            return EnumSet.copyOf(lesions).stream().map(Enum::name).collect(Collectors.joining(";"));
        }
    }

    /** The patients of {@code spec}, drawn from the seed alone. */
    public static List<Patient> patients(Spec spec) {
        List<Patient> out = new ArrayList<>(spec.patients());
        for (int p = 1; p <= spec.patients(); p++) {
            Rng rng = new Rng(Rng.derive(spec.seed(), 1000, p));
            double u = rng.uniform();
            int profile = 0;
            double cumulative = SHARES[0];
            while (u >= cumulative && profile < SHARES.length - 1) {
                profile++;
                cumulative += SHARES[profile];
            }
            Set<Condition> lesions = PROFILES.get(profile);
            Map<Condition, Double> severity = new EnumMap<>(Condition.class);
            for (Condition c : LESIONS) {
                if (lesions.contains(c)) {
                    severity.put(c, rng.uniform(0.6, 1.2));
                }
            }
            int count = spec.minSites() + (int) Math.floor(rng.uniform() * (spec.maxSites() - spec.minSites() + 1));
            List<Site> all = new ArrayList<>(List.of(Site.values()));
            for (int i = all.size() - 1; i > 0; i--) {
                int j = (int) Math.floor(rng.uniform() * (i + 1));
                Site t = all.get(i);
                all.set(i, all.get(j));
                all.set(j, t);
            }
            List<Site> sites = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
            sites.sort(null);
            out.add(new Patient(String.format(Locale.ROOT, "p%04d", p), lesions, severity, sites));
        }
        return out;
    }

    /** The recording of {@code patient} at {@code site}. */
    public static SyntheticHeartSounds.Recording synthesize(Patient patient, Site site, Spec spec) {
        Map<Condition, Double> scaled = new EnumMap<>(Condition.class);
        for (Map.Entry<Condition, Double> e : patient.severity().entrySet()) {
            scaled.put(e.getKey(), e.getValue() * AUDIBILITY[LESIONS.indexOf(e.getKey())][site.ordinal()]);
        }
        int index = Integer.parseInt(patient.id().substring(1));
        Rng rng = new Rng(Rng.derive(spec.seed(), 2000 + site.ordinal(), index));
        Condition label = patient.lesions().isEmpty() ? Condition.N
                : EnumSet.copyOf(patient.lesions()).iterator().next();
        return HeartSoundModel.generate(label, scaled, spec.sampleRate(), spec.minSeconds(), spec.maxSeconds(), rng);
    }

    /**
     * Writes every recording as {@code <patient>/<patient>_<site>.wav} under {@code outDir} and the manifest
     * {@code manifest.csv} (paths relative to it) with columns {@code path,label,group,site}; returns the manifest.
     */
    public static Path write(Path outDir, Spec spec) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        StringBuilder csv = new StringBuilder("path,label,group,site\n");
        for (Patient p : patients(spec)) {
            for (Site site : p.sites()) {
                String rel = p.id() + "/" + p.id() + "_" + site + ".wav";
                Path file = outDir.resolve(rel);
                Files.createDirectories(file.getParent());
                SyntheticHeartSounds.Recording r = synthesize(p, site, spec);
                AtomicFiles.writeBytes(file, WavWriter.pcm16Bytes(r.samples(), r.sampleRate()));
                csv.append(rel).append(',').append(p.labels()).append(',').append(p.id()).append(',').append(site)
                        .append('\n');
            }
        }
        Path manifest = outDir.resolve("manifest.csv");
        AtomicFiles.writeString(manifest, csv.toString());
        return manifest;
    }
}
