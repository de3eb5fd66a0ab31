package io.github.emotion4j.cli;

import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the model cards bundled on the classpath (every {@code io/github/emotion4j/models/<id>/model.properties},
 * in jars and in class folders). Stateless.
 */
final class ModelCatalog {
    private ModelCatalog() {
    }

    /** The bundled cards by id, sorted by id; cards that cannot be read are reported to {@code problems}. */
    static Map<String, ModelCard> bundled(ClassLoader loader, List<String> problems) throws IOException {
        Map<String, String> resources = new TreeMap<>();
        Enumeration<URL> roots = loader.getResources(ModelLocator.CLASSPATH_ROOT);
        while (roots.hasMoreElements()) {
            URL root = roots.nextElement();
            if (root.getProtocol().equals("jar")) {
                URLConnection c = root.openConnection();
                c.setUseCaches(false);
                if (c instanceof JarURLConnection jc) {
                    try (JarFile jar = new JarFile(jc.getJarFileURL().getPath().replace("%20", " "))) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            add(resources, entries.nextElement().getName());
                        }
                    }
                }
            } else if (root.getProtocol().equals("file")) {
                Path dir;
                try {
                    dir = Path.of(root.toURI());
                } catch (URISyntaxException e) {
                    continue;
                }
                Path base = dir;
                for (int i = 0; i < 4; i++) {
                    base = base.getParent();
                }
                Path classRoot = base;
                try (Stream<Path> s = Files.walk(dir, 2)) {
                    s.filter(p -> p.getFileName().toString().equals(ModelCard.FILE_NAME))
                            .forEach(p -> add(resources, classRoot.relativize(p).toString().replace('\\', '/')));
                }
            }
        }
        Map<String, ModelCard> cards = new TreeMap<>();
        for (Map.Entry<String, String> e : resources.entrySet()) {
            try (InputStream in = loader.getResourceAsStream(e.getValue())) {
                if (in != null) {
                    cards.put(e.getKey(), ModelCard.read(in, "classpath:" + e.getValue()));
                }
            } catch (ModelLoadException ex) {
                problems.add(e.getKey() + ": " + ex.getMessage());
            }
        }
        return cards;
    }

    private static void add(Map<String, String> resources, String name) {
        if (name.startsWith(ModelLocator.CLASSPATH_ROOT) && name.endsWith("/" + ModelCard.FILE_NAME)) {
            String id = name.substring(ModelLocator.CLASSPATH_ROOT.length(), name.length() - ModelCard.FILE_NAME.length() - 1);
            if (!id.isEmpty() && !id.contains("/")) {
                resources.put(id, name);
            }
        }
    }

    /** The modality words of a card: its {@code modalities} list (fusion models) or its modality. */
    static String modalities(ModelCard card) {
        return card.property("modalities").filter(m -> card.property("modality").isEmpty())
                .map(m -> m.replace(" ", "").toLowerCase(java.util.Locale.ROOT)).orElse(card.modality().word());
    }

    /** The metrics of a card as short text, e.g. {@code ck48.accuracy=0.886}. */
    static List<String> metrics(ModelCard card) {
        List<String> out = new ArrayList<>();
        card.metrics().forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /**
     * The headline metrics of a card: its accuracy and macro-F1 figures (for a fusion model, those of
     * its own strategy with all modalities), at most {@code max}.
     */
    static List<String> headline(ModelCard card, int max) {
        String own = card.id().startsWith("fusion-") ? "." + card.id().substring("fusion-".length()) + ".all." : null;
        List<String> out = new ArrayList<>();
        card.metrics().forEach((k, v) -> {
            boolean figure = k.endsWith(".accuracy") || k.endsWith(".macroF1") || k.endsWith("MacroF1");
            if (figure && (own == null || k.contains(own)) && out.size() < max) {
                out.add(k + "=" + v);
            }
        });
        return out;
    }
}
