package io.github.emotion4j.core.internal;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.WeightedMean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Aligns the modalities' own timelines on time and fuses each stretch with the modalities that
 * overlap it. The stretches are the pieces between all segment boundaries; consecutive pieces
 * with the same inputs are merged. Several segments of one modality over a piece (two faces)
 * are averaged ({@link WeightedMean}, equal weights). Each piece's segment distributions go to
 * the strategy as {@link ModalityEvidence} directly (weight 1, no embedding).
 */
public final class TimelineFusion {
    private static final double MIN_PIECE = 1e-6;

    private TimelineFusion() {
    }

    public static List<Segment> fuse(Map<Modality, ModalityResult> results, FusionStrategy strategy) {
        TreeSet<Double> bounds = new TreeSet<>();
        for (ModalityResult r : results.values()) {
            for (Segment s : r.segments()) {
                bounds.add(s.span().start());
                bounds.add(s.span().end());
            }
        }
        List<Segment> out = new ArrayList<>();
        Double prev = null;
        for (double b : bounds) {
            if (prev != null && b - prev > MIN_PIECE) {
                TimeSpan piece = new TimeSpan(prev, b);
                Map<Modality, EmotionDistribution> present = overlapping(results, piece);
                if (!present.isEmpty()) {
                    append(out, piece, present, strategy);
                }
            }
            prev = b;
        }
        return out;
    }

    private static Map<Modality, EmotionDistribution> overlapping(Map<Modality, ModalityResult> results, TimeSpan piece) {
        Map<Modality, EmotionDistribution> present = new EnumMap<>(Modality.class);
        for (Map.Entry<Modality, ModalityResult> e : results.entrySet()) {
            List<EmotionDistribution> ds = new ArrayList<>();
            for (Segment s : e.getValue().segments()) {
                if (s.span().overlap(piece) > MIN_PIECE) {
                    ds.add(s.distribution());
                }
            }
            if (!ds.isEmpty()) {
                present.put(e.getKey(), mean(ds));
            }
        }
        return present;
    }

    private static EmotionDistribution mean(List<EmotionDistribution> ds) {
        double[] equal = new double[ds.size()];
        Arrays.fill(equal, 1);
        return WeightedMean.distributions(ds, equal);
    }

    private static void append(List<Segment> out, TimeSpan piece, Map<Modality, EmotionDistribution> present,
                               FusionStrategy strategy) {
        if (!out.isEmpty()) {
            Segment last = out.get(out.size() - 1);
            if (Math.abs(last.span().end() - piece.start()) < MIN_PIECE && last.modalities().equals(present)) {
                out.set(out.size() - 1, new Segment(new TimeSpan(last.span().start(), piece.end()),
                        last.distribution(), last.dimensions(), last.modalities(), last.source()));
                return;
            }
        }
        FusionResult f = strategy.fuse(ModalityEvidence.ofDistributions(present));
        out.add(new Segment(piece, f.distribution(), f.distribution().dimensions(), present, "fused"));
    }
}
