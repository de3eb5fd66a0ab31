package io.github.emotion4j.spark;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one partition of input rows (a string column {@code path}, optionally {@code transcript}) into
 * {@link ScoreTable} rows.
 *
 * <p><b>One recognizer per executor.</b> {@link #call} takes the executor JVM's shared recognizer
 * ({@link ExecutorRecognizers}): the first partition with at least one row builds it, every later or
 * concurrent partition on that executor uses it (a recognizer is thread-safe), and it is closed when the
 * job ends (the driver's {@link ExecutorRecognizers#closeAll()} in local mode, the executor's shutdown
 * hook on a cluster). An empty partition builds none.
 *
 * <p><b>Failed inputs are rows.</b> An input that cannot be read or decoded (a corrupt, truncated,
 * unsupported or missing file; a remote file that cannot be copied) gives one row with {@code error} set
 * ({@link ScoreTable#error}); the job goes on. A recognizer that cannot be built (a missing model, a bad
 * option, a demanded but absent GPU) fails the task: that is the job's configuration, not an input.
 *
 * <p>Inputs on a remote Hadoop file system are copied to a local temporary file first ({@link InputFile}),
 * with the driver's Hadoop configuration when one was broadcast.
 */
public final class MediaScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MediaScorer.class);

    private final RecognizerSettings settings;
    private final Broadcast<SerializableConfiguration> hadoopConf;

    /**
     * @param settings   how to build each partition's recognizer
     * @param hadoopConf the driver's Hadoop configuration, for inputs on remote file systems; {@code null}:
     *                   a default configuration on each executor
     */
    public MediaScorer(RecognizerSettings settings, Broadcast<SerializableConfiguration> hadoopConf) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hadoopConf = hadoopConf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> inputs) throws ModelLoadException {
        if (!inputs.hasNext()) {
            return Collections.emptyIterator();
        }
        EmotionRecognizer recognizer = ExecutorRecognizers.get(settings);
        TaskContext task = TaskContext.get();
        LOG.debug("partition {}: scoring with the executor's recognizer", task == null ? "-" : task.partitionId());
        return new Scoring(inputs, recognizer, hadoopConf == null ? null : hadoopConf.value().value());
    }

    /** Scores lazily, one input at a time, with the executor's shared recognizer. */
    private static final class Scoring implements Iterator<Row> {
        private final Iterator<Row> inputs;
        private final EmotionRecognizer recognizer;
        private final Configuration conf;
        private final Deque<Row> pending = new ArrayDeque<>();
        private boolean done;

        Scoring(Iterator<Row> inputs, EmotionRecognizer recognizer, Configuration conf) {
            this.inputs = inputs;
            this.recognizer = recognizer;
            this.conf = conf;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !done) {
                if (inputs.hasNext()) {
                    pending.addAll(score(inputs.next()));
                } else {
                    done = true;
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.removeFirst();
        }

        private List<Row> score(Row input) {
            String path = string(input, "path");
            if (path == null || path.isBlank()) {
                return List.of(ScoreTable.error(path, "IllegalArgumentException: the input row has no path"));
            }
            String transcript = input.schema() != null && List.of(input.schema().fieldNames()).contains("transcript")
                    ? string(input, "transcript") : null;
            try (InputFile media = InputFile.fetch(path, conf);
                 InputFile transcriptFile = isTranscriptFile(transcript) ? InputFile.fetch(transcript, conf) : null) {
                MediaInput in = MediaInput.ofFile(media.local());
                if (transcriptFile != null) {
                    in = in.withTranscript(transcriptFile.local());
                } else if (transcript != null && !transcript.isBlank()) {
                    in = in.withTranscript(transcript);
                }
                return ScoreTable.rows(path, recognizer.predict(in));
            } catch (InterruptedIOException e) {
                // the task is being killed: let Spark end it rather than record an error row
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scoring " + path, e);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot score {}: {}", path, e.toString());
                return List.of(ScoreTable.error(path, e));
            }
        }

        private static boolean isTranscriptFile(String transcript) {
            if (transcript == null) {
                return false;
            }
            String t = transcript.strip().toLowerCase(Locale.ROOT);
            return t.endsWith(".srt") || t.endsWith(".vtt") || t.endsWith(".txt");
        }

        private static String string(Row row, String column) {
            int i = row.schema() == null ? 0 : row.fieldIndex(column);
            return row.isNullAt(i) ? null : String.valueOf(row.get(i));
        }
    }
}
