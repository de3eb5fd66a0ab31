package io.github.emotion4j.spark;

import io.github.emotion4j.core.Modality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The Spark job: reads a table of media paths, scores each partition with its own recognizer
 * ({@link MediaScorer}) and writes {@link ScoreTable}'s columns as Parquet or CSV.
 *
 * <pre>
 * spark-submit --class io.github.emotion4j.spark.EmotionSparkJob emotion4j-spark.jar \
 *     --input media.csv --output scores [--input-format csv|parquet|files] [--format parquet|csv] ...
 * </pre>
 *
 * {@link Options#USAGE} lists every option. The static methods are the same steps for use from other
 * Spark programs: {@link #readInputs}, {@link #score}, {@link #write}.
 */
public final class EmotionSparkJob {
    private EmotionSparkJob() {
    }

    /** How the input is laid out. */
    public enum InputFormat {
        /** A CSV file or folder with a header line and a {@code path} column. */
        CSV,
        /** A Parquet table with a string {@code path} column. */
        PARQUET,
        /** A folder: every file below it (recursively) is an input; {@code --glob} filters the names. */
        FILES
    }

    /** How the scores are written. */
    public enum OutputFormat {
        /** Typed columns ({@link ScoreTable#SCHEMA}). */
        PARQUET,
        /** A header line, then cells formatted as the CSV writer formats them. */
        CSV
    }

    /** What one run did. */
    public record Summary(long inputs, long rows, long failedInputs, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d inputs, %d rows, %d failed, %.1f s", inputs, rows, failedInputs,
                    seconds);
        }
    }

    /**
     * The command line.
     *
     * @param input       the input table or folder
     * @param inputFormat its layout
     * @param glob        a file name filter for {@link InputFormat#FILES} ({@code *.mp4}), or {@code null}
     * @param output      the output folder
     * @param format      the output format
     * @param overwrite   whether to replace an existing output
     * @param partitions  how many partitions to score in (they share one recognizer per executor); 0: the default parallelism
     * @param recognizer  the recognizer settings
     */
    public record Options(String input, InputFormat inputFormat, String glob, String output, OutputFormat format,
                          boolean overwrite, int partitions, RecognizerSettings recognizer) {
        /** The options, for {@code --help} and errors. */
        public static final String USAGE = String.join("\n",
                "usage: EmotionSparkJob --input PATH --output DIR [options]",
                "  --input PATH            a CSV (header, 'path' column), a Parquet table ('path' column) or a folder",
                "  --input-format FORMAT   csv | parquet | files (default: csv for *.csv, parquet for *.parquet, else files)",
                "  --glob PATTERN          with files: only names matching, e.g. *.mp4",
                "  --output DIR            the output folder (Spark writes part files into it)",
                "  --format FORMAT         parquet (default) | csv",
                "  --overwrite             replace an existing output folder",
                "  --partitions N          partitions to score in; one recognizer per executor serves them all (default: default parallelism)",
                "  --modalities LIST       e.g. audio,vision (default: every modality on the classpath)",
                "  --fusion NAME           probability | late | product | attention | moe",
                "  --device DEVICE         auto | cpu | gpu | gpu:N",
                "  --option KEY=VALUE      a module option, e.g. vision.fps=4 (repeatable)",
                "An optional 'transcript' column (text, or a .srt/.vtt/.txt path) is passed with each input.");

        /** Checks the combination. */
        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(inputFormat, "inputFormat");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(recognizer, "recognizer");
            if (partitions < 0) {
                throw new IllegalArgumentException("--partitions must be positive, not " + partitions);
            }
            if (glob != null && inputFormat != InputFormat.FILES) {
                throw new IllegalArgumentException("--glob applies to --input-format files only");
            }
        }

        /**
         * Parses the command line.
         *
         * @throws IllegalArgumentException for an unknown option, a missing value or a bad one (the message
         *                                  says which)
         */
        public static Options parse(String... args) {
            Map<String, String> single = new LinkedHashMap<>();
            Map<String, String> moduleOptions = new LinkedHashMap<>();
            boolean overwrite = false;
            List<String> known = List.of("--input", "--input-format", "--glob", "--output", "--format",
                    "--partitions", "--modalities", "--fusion", "--device");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--overwrite")) {
                    overwrite = true;
                    continue;
                }
                if (!a.equals("--option") && !known.contains(a)) {
                    throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
                }
                String v = args[++i];
                if (a.equals("--option")) {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--option wants KEY=VALUE, not '" + v + "'");
                    }
                    if (moduleOptions.putIfAbsent(v.substring(0, eq), v.substring(eq + 1)) != null) {
                        throw new IllegalArgumentException("option " + v.substring(0, eq) + " given twice");
                    }
                } else if (single.putIfAbsent(a, v) != null) {
                    throw new IllegalArgumentException(a + " given twice");
                }
            }
            String input = single.get("--input");
            String output = single.get("--output");
            if (input == null || output == null) {
                throw new IllegalArgumentException("--input and --output are required\n" + USAGE);
            }
            InputFormat inputFormat = single.containsKey("--input-format")
                    ? parseEnum(InputFormat.class, "--input-format", single.get("--input-format"))
                    : guess(input);
            OutputFormat format = single.containsKey("--format")
                    ? parseEnum(OutputFormat.class, "--format", single.get("--format")) : OutputFormat.PARQUET;
            int partitions = 0;
            if (single.containsKey("--partitions")) {
                try {
                    partitions = Integer.parseInt(single.get("--partitions"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--partitions wants a number, not '"
                            + single.get("--partitions") + "'", e);
                }
                if (partitions == 0) {
                    throw new IllegalArgumentException("--partitions must be positive");
                }
            }
            List<Modality> modalities = new ArrayList<>();
            if (single.containsKey("--modalities")) {
                for (String m : single.get("--modalities").split(",")) {
                    modalities.add(Modality.parse(m.strip()));
                }
            }
            RecognizerSettings settings = new RecognizerSettings(modalities, moduleOptions, single.get("--device"),
                    single.get("--fusion"));
            return new Options(input, inputFormat, single.get("--glob"), output, format, overwrite, partitions,
                    settings);
        }

        private static InputFormat guess(String input) {
            String lower = input.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv")) {
                return InputFormat.CSV;
            } else if (lower.endsWith(".parquet")) {
                return InputFormat.PARQUET;
            }
            return InputFormat.FILES;
        }

        private static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " is one of "
                        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", not '" + value + "'", e);
            }
        }
    }

    /**
     * Reads the inputs as a table with a string {@code path} column (and {@code transcript} when the input
     * has one). Nothing is read from the media here: a folder listing reads names and no contents.
     *
     * @throws IllegalArgumentException when a table has no {@code path} column
     */
    public static Dataset<Row> readInputs(SparkSession spark, String input, InputFormat format, String glob) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(input, "input");
        Dataset<Row> table = switch (Objects.requireNonNull(format, "format")) {
            case CSV -> spark.read().option("header", "true").csv(input);
            case PARQUET -> spark.read().parquet(input);
            case FILES -> {
                var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
                if (glob != null) {
                    reader = reader.option("pathGlobFilter", glob);
                }
                // only the path column is selected, so binaryFile reads no file contents
                yield reader.load(input).select("path");
            }
        };
        List<String> columns = List.of(table.columns());
        if (!columns.contains("path")) {
            throw new IllegalArgumentException("the input " + input + " has no 'path' column; columns: " + columns);
        }
        List<Column> keep = new ArrayList<>(List.of(functions.col("path").cast("string").alias("path")));
        if (columns.contains("transcript")) {
            keep.add(functions.col("transcript").cast("string").alias("transcript"));
        }
        return table.select(keep.toArray(Column[]::new));
    }

    /**
     * Scores the inputs: spreads them round-robin over {@code partitions} partitions (0: the default
     * parallelism) and maps each partition with a {@link MediaScorer}. Lazy, like every Spark transformation.
     */
    public static Dataset<Row> score(Dataset<Row> inputs, RecognizerSettings settings, int partitions) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(settings, "settings");
        SparkSession spark = inputs.sparkSession();
        int n = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        return inputs.repartition(n).mapPartitions(new MediaScorer(settings, conf), Encoders.row(ScoreTable.SCHEMA));
    }

    /** Writes the scores: Parquet with typed columns, or CSV with a header and the CSV writer's formatting. */
    public static void write(Dataset<Row> scores, String output, OutputFormat format, boolean overwrite) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(output, "output");
        SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
        switch (Objects.requireNonNull(format, "format")) {
            case PARQUET -> scores.write().mode(mode).parquet(output);
            case CSV -> ScoreTable.asCsvStrings(scores).write().mode(mode).option("header", "true")
                    .option("escape", "\"").csv(output);
            default -> throw new IllegalArgumentException("format " + format);
        }
    }

    /** Reads, scores and writes; counts from the scored rows, which are kept (memory and disk) for that. */
    public static Summary run(SparkSession spark, Options options) {
        long t0 = System.nanoTime();
        Dataset<Row> inputs = readInputs(spark, options.input(), options.inputFormat(), options.glob());
        Dataset<Row> scores = score(inputs, options.recognizer(), options.partitions())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            write(scores, options.output(), options.format(), options.overwrite());
            long rows = scores.count();
            long files = scores.select("file").distinct().count();
            long failed = scores.filter(functions.col(ScoreTable.ERROR).isNotNull()).count();
            return new Summary(files, rows, failed, (System.nanoTime() - t0) / 1e9);
        } finally {
            scores.unpersist();
        }
    }

    /** Runs the job in the session spark-submit configures; exits with 2 on bad arguments. */
    public static void main(String[] args) {
        Options options;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println(Options.USAGE);
                return;
            }
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("emotion4j").getOrCreate();
        try {
            Summary s = run(spark, options);
            System.out.println("emotion4j: " + s + " -> " + options.output());
        } finally {
            spark.stop();
            ExecutorRecognizers.closeAll();
        }
    }
}
