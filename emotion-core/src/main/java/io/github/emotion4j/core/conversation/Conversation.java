package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered list of utterances with their speakers: a dialogue. Immutable and thread-safe.
 *
 * <pre>{@code
 * Conversation c = Conversation.builder("call-17")
 *         .say("Ann", "Hi!")
 *         .say("Bob", "Hello, what a surprise.", 1.2, 2.0)   // spoken from 1.2 s to 2.0 s of the media
 *         .build();
 * }</pre>
 *
 * <p>Turn numbers are unique; a conversation holds at most {@link #MAX_TURNS} turns unless its
 * builder raises the limit ({@link Builder#maxTurns(int)}), so the work of analysing one stays
 * bounded (it grows linearly with the turns). An empty conversation is allowed: analysing it gives a
 * result without utterances and a warning.
 */
public final class Conversation {
    /** The speaker of utterances whose source names none: they count as one speaker. */
    public static final String UNKNOWN_SPEAKER = "unknown";
    /** Default limit on the turns of one conversation. */
    public static final int MAX_TURNS = 10_000;

    private final String id;
    private final List<Utterance> utterances;
    private final List<String> warnings;

    private Conversation(String id, List<Utterance> utterances, List<String> warnings) {
        this.id = id;
        this.utterances = List.copyOf(utterances);
        this.warnings = List.copyOf(warnings);
    }

    /** A builder for a conversation named {@code "conversation"}. */
    public static Builder builder() {
        return new Builder("conversation");
    }

    /** A builder for a conversation with this id (a dialogue name, a file name). */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** The conversation's id. */
    public String id() {
        return id;
    }

    /** The utterances in order. */
    public List<Utterance> utterances() {
        return utterances;
    }

    /** Number of utterances. */
    public int size() {
        return utterances.size();
    }

    /** Whether there are no utterances. */
    public boolean isEmpty() {
        return utterances.isEmpty();
    }

    /** The speakers in order of their first turn. */
    public List<String> speakers() {
        Set<String> s = new LinkedHashSet<>();
        utterances.forEach(u -> s.add(u.speaker()));
        return List.copyOf(s);
    }

    /** Whether every utterance has a gold label (false when empty). */
    public boolean labelled() {
        return !utterances.isEmpty() && utterances.stream().allMatch(u -> u.label().isPresent());
    }

    /** Whether any utterance has a time span. */
    public boolean timed() {
        return utterances.stream().anyMatch(u -> u.span().isPresent());
    }

    /** What the reader noticed and repaired (e.g. a file that is not valid UTF-8). */
    public List<String> warnings() {
        return warnings;
    }

    /** This conversation with reader warnings added. */
    public Conversation withWarnings(List<String> more) {
        List<String> w = new ArrayList<>(warnings);
        w.addAll(more);
        return new Conversation(id, utterances, w);
    }

    @Override
    public String toString() {
        return "Conversation[" + id + ", " + utterances.size() + " turns, speakers " + speakers() + "]";
    }

    /**
     * Collects utterances; {@link #build()} checks that turn numbers are unique and the turn limit
     * is kept. Not thread-safe.
     */
    public static final class Builder {
        private String id;
        private final List<Utterance> utterances = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private int maxTurns = MAX_TURNS;
        private boolean maxTurnsSet;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** Sets the id. */
        public Builder id(String newId) {
            this.id = Objects.requireNonNull(newId, "id");
            return this;
        }

        /**
         * The most turns allowed (default {@link #MAX_TURNS}); {@link #build()} fails above it. Set once.
         */
        public Builder maxTurns(int max) {
            if (maxTurnsSet) {
                throw new IllegalStateException("maxTurns already set to " + maxTurns);
            }
            if (max < 1) {
                throw new IllegalArgumentException("maxTurns must be >= 1, was " + max);
            }
            maxTurns = max;
            maxTurnsSet = true;
            return this;
        }

        /** Adds an untimed utterance; its turn number is its position. A null or blank speaker is {@link #UNKNOWN_SPEAKER}. */
        public Builder say(String speaker, String text) {
            return add(Utterance.of(utterances.size(), speaker == null ? "" : speaker, Objects.requireNonNull(text, "text")));
        }

        /** Adds an utterance spoken from {@code start} to {@code end} seconds of the media. */
        public Builder say(String speaker, String text, double start, double end) {
            return add(new Utterance(utterances.size(), speaker == null ? "" : speaker, Objects.requireNonNull(text, "text"),
                    Optional.empty(), Optional.of(new TimeSpan(start, end)), 0));
        }

        /** Adds an untimed utterance with a gold label. */
        public Builder say(String speaker, String text, Emotion label) {
            return add(Utterance.of(utterances.size(), speaker == null ? "" : speaker, Objects.requireNonNull(text, "text"))
                    .withLabel(label));
        }

        /** Adds an utterance as it is (its own turn number). */
        public Builder add(Utterance u) {
            utterances.add(Objects.requireNonNull(u, "utterance"));
            return this;
        }

        /** Adds a warning carried by the conversation (readers use it). */
        public Builder warning(String w) {
            warnings.add(Objects.requireNonNull(w, "warning"));
            return this;
        }

        /** Number of utterances added so far. */
        public int size() {
            return utterances.size();
        }

        /**
         * Builds the conversation.
         *
         * @throws IllegalArgumentException when a turn number repeats or there are more than {@link #maxTurns(int)} turns
         */
        public Conversation build() {
            if (utterances.size() > maxTurns) {
                throw new IllegalArgumentException("conversation " + id + " has " + utterances.size()
                        + " turns, more than the limit of " + maxTurns + " (raise it with maxTurns)");
            }
            Set<Integer> seen = new HashSet<>();
            for (Utterance u : utterances) {
                if (!seen.add(u.turn())) {
                    throw new IllegalArgumentException("conversation " + id + ": turn " + u.turn() + " appears twice");
                }
            }
            return new Conversation(id, utterances, warnings);
        }
    }
}
