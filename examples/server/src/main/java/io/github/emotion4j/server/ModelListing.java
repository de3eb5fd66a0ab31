package io.github.emotion4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.fusion.FusionProvider;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.writers.PredictionJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The body of {@code GET /v1/models}: the models the server's recognizer runs, and the fusion models a
 * request may choose, with the fields of their cards (id, version, modality, task, labels, licence,
 * source) as {@code emotion4j models --json} prints them, plus SHA-256, engine and device.
 */
final class ModelListing {
    private ModelListing() {
    }

    static ObjectNode of(EmotionRecognizer recognizer) {
        ObjectNode root = PredictionJson.mapper().createObjectNode();
        ArrayNode modalities = root.putArray("modalities");
        recognizer.modalities().forEach(m -> modalities.add(m.word()));
        ArrayNode models = root.putArray("models");
        Set<String> seen = new LinkedHashSet<>();
        for (ModelInfo info : recognizer.models()) {
            if (!seen.add(info.id())) {
                continue;
            }
            ObjectNode n = models.addObject();
            Optional<ModelCard> card = card(info.id());
            card(n, info.id(), info.version(), card);
            n.put("sha256", info.sha256());
            n.put("engine", info.engine());
            n.put("device", info.device());
            n.put("use", "analysis");
        }
        List<String> fusions = new ArrayList<>(List.of("probability", "late", "product"));
        for (FusionProvider p : ServiceLoader.load(FusionProvider.class)) {
            fusions.add(p.name());
            String id = "fusion-" + p.name();
            Optional<ModelCard> card = card(id);
            if (card.isPresent() && seen.add(id)) {
                ObjectNode n = models.addObject();
                card(n, id, card.get().version(), card);
                n.put("use", "fusion=" + p.name());
            }
        }
        ArrayNode fus = root.putArray("fusionStrategies");
        fusions.forEach(fus::add);
        root.put("defaultFusion", recognizer.fusion().name());
        return root;
    }

    private static void card(ObjectNode n, String id, String version, Optional<ModelCard> card) {
        n.put("id", id);
        n.put("version", version);
        card.ifPresent(c -> {
            n.put("modality", modalities(c));
            n.put("task", c.task());
            ArrayNode labels = n.putArray("labels");
            c.labels().forEach(labels::add);
            n.put("license", c.license());
            n.put("source", c.source());
            n.put("trainingData", c.trainingData());
        });
    }

    /** The bundled card of a model, when its id names one on the classpath. */
    private static Optional<ModelCard> card(String id) {
        String resource = ModelLocator.CLASSPATH_ROOT + id + "/" + ModelCard.FILE_NAME;
        try (InputStream in = ModelListing.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(ModelCard.read(in, "classpath:" + resource));
        } catch (IOException | ModelLoadException e) {
            return Optional.empty();
        }
    }

    private static String modalities(ModelCard card) {
        return card.property("modalities").filter(m -> card.property("modality").isEmpty())
                .map(m -> m.replace(" ", "").toLowerCase(java.util.Locale.ROOT)).orElse(card.modality().word());
    }

}
