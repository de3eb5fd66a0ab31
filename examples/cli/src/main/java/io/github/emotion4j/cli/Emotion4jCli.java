package io.github.emotion4j.cli;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code emotion4j} command line: {@code analyze}, {@code evaluate}, {@code train-head},
 * {@code models}, {@code serve}, {@code bench} and {@code live}. Run it as {@code java -jar examples/cli/target/emotion4j.jar}.
 *
 * <p>Exit codes: 0 success, 1 a model or engine failed, 2 bad arguments or unreadable input, 3 an
 * {@code analyze} batch in which some files failed.
 */
@Command(name = "emotion4j", mixinStandardHelpOptions = true, versionProvider = Emotion4jCli.Version.class,
        description = "Multimodal emotion recognition: speech, faces and text, fused.",
        subcommands = {AnalyzeCommand.class, EvaluateCommand.class, TrainHeadCommand.class, ModelsCommand.class,
                ServeCommand.class,
                BenchCommand.class, LiveCommand.class, CommandLine.HelpCommand.class})
public final class Emotion4jCli implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line in this JVM (tests and embedding use this).
     *
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Emotion4jCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            e.println("error: " + message(ex));
            if (Boolean.getBoolean("emotion4j.debug")) {
                ex.printStackTrace(e);
            }
            e.flush();
            return isUserError(ex) ? 2 : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean isUserError(Exception ex) {
        return ex instanceof MediaDecodeException || ex instanceof NoSuchFileException
                || ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException
                || ex instanceof java.io.FileNotFoundException;
    }

    private static String message(Exception ex) {
        if (ex instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (ex instanceof ModelLoadException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.toString() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"emotion4j " + EmotionRecognizer.VERSION,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch") + ")"};
        }
    }
}
