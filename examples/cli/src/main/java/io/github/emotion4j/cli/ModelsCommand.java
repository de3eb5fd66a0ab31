package io.github.emotion4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.fusion.FusionProvider;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.writers.PredictionJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emotion4j models}: the bundled and configured models with their cards, and the modules found. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists the bundled models (and --model folders): id, version, modality, task, labels, licence, "
                + "source and the metrics measured on their cards; and the modality and fusion modules on the classpath.")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Also list a model folder (e.g. one written by train-head). Repeatable.")
    List<Path> folders = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClassLoader cl = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ModelsCommand.class.getClassLoader();
        Map<String, ModelCard> cards = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ModelCatalog.bundled(cl, problems).forEach((id, c) -> {
            cards.put(id, c);
            origin.put(id, "bundled");
        });
        for (Path f : folders) {
            ModelCard c = RecognizerOptions.readCard(f);
            cards.put(f.toString(), c);
            origin.put(f.toString(), f.toString());
        }
        List<ModalityAnalyzerProvider> providers = new ArrayList<>();
        ServiceLoader.load(ModalityAnalyzerProvider.class, cl).forEach(providers::add);
        List<FusionProvider> fusions = new ArrayList<>();
        ServiceLoader.load(FusionProvider.class, cl).forEach(fusions::add);
        if (json) {
            ObjectNode root = PredictionJson.mapper().createObjectNode();
            ArrayNode models = root.putArray("models");
            cards.forEach((key, c) -> {
                ObjectNode n = models.addObject();
                n.put("id", c.id());
                n.put("version", c.version());
                n.put("modality", ModelCatalog.modalities(c));
                n.put("task", c.task());
                ArrayNode labels = n.putArray("labels");
                c.labels().forEach(labels::add);
                n.put("license", c.license());
                n.put("source", c.source());
                n.put("trainingData", c.trainingData());
                ObjectNode metrics = n.putObject("metrics");
                c.metrics().forEach(metrics::put);
                n.put("origin", origin.get(key));
            });
            ArrayNode mods = root.putArray("modalityModules");
            providers.forEach(p -> mods.addObject().put("name", p.name()).put("modality", p.modality().word()).put("rank", p.rank()));
            ArrayNode fus = root.putArray("fusionStrategies");
            fus.add("probability");
            fus.add("late");
            fus.add("product");
            fusions.forEach(f -> fus.add(f.name()));
            ArrayNode bad = root.putArray("unreadableCards");
            problems.forEach(bad::add);
            out.println(PredictionJson.mapper().writeValueAsString(root));
            return 0;
        }
        out.println("Modality modules on the classpath:");
        if (providers.isEmpty()) {
            out.println("  (none)");
        }
        providers.forEach(p -> out.printf("  %-8s %s%n", p.modality().word(), p.name()));
        List<String> fusionNames = new ArrayList<>(List.of("probability", "late", "product"));
        fusions.forEach(f -> fusionNames.add(f.name()));
        out.println("Fusion strategies: " + String.join(", ", fusionNames));
        out.println();
        out.println("Models:");
        if (cards.isEmpty()) {
            out.println("  (none on the classpath)");
        }
        cards.forEach((key, c) -> {
            out.printf("  %s %s  [%s, %s]%s%n", c.id(), c.version(), ModelCatalog.modalities(c), c.task(),
                    origin.get(key).equals("bundled") ? "" : "  from " + origin.get(key));
            if (!c.labels().isEmpty()) {
                out.println("    labels:   " + String.join(", ", c.labels()));
            }
            out.println("    licence:  " + orDash(c.license()));
            out.println("    source:   " + orDash(c.source()));
            if (!c.trainingData().isEmpty()) {
                out.println("    trained:  " + c.trainingData());
            }
            List<String> all = ModelCatalog.metrics(c);
            List<String> m = ModelCatalog.headline(c, 6);
            out.println("    measured: " + (m.isEmpty() ? "-" : String.join("  ", m))
                    + (all.size() > m.size() ? "  (" + all.size() + " figures on the card; all with --json)" : ""));
        });
        problems.forEach(p -> out.println("  unreadable card " + p));
        return 0;
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
