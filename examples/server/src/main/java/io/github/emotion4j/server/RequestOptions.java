package io.github.emotion4j.server;

import io.github.emotion4j.core.Modality;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a request asks of the recognizer: {@code modalities} and {@code fusion} (always allowed) and module
 * options such as {@code vision.fps} (only those the server allows).
 */
record RequestOptions(Optional<Set<Modality>> modalities, Optional<String> fusion, Map<String, String> moduleOptions) {
    static final RequestOptions NONE = new RequestOptions(Optional.empty(), Optional.empty(), Map.of());

    RequestOptions {
        moduleOptions = Map.copyOf(moduleOptions);
    }

    /**
     * Reads query parameters (or JSON fields): {@code modalities=audio,text}, {@code fusion=moe}, and
     * dotted module option keys.
     */
    static RequestOptions parse(Map<String, String> params, Set<String> allowedOptions) throws ApiException {
        Optional<Set<Modality>> modalities = Optional.empty();
        Optional<String> fusion = Optional.empty();
        Map<String, String> module = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            switch (k) {
                case "modalities" -> {
                    Set<Modality> set = EnumSet.noneOf(Modality.class);
                    for (String w : v.split(",")) {
                        if (!w.isBlank()) {
                            try {
                                set.add(Modality.parse(w.strip()));
                            } catch (IllegalArgumentException x) {
                                throw ApiException.badRequest("modalities: " + x.getMessage());
                            }
                        }
                    }
                    if (set.isEmpty()) {
                        throw ApiException.badRequest("modalities names no modality; use audio, vision and/or text");
                    }
                    modalities = Optional.of(set);
                }
                case "fusion" -> {
                    if (v.isEmpty()) {
                        throw ApiException.badRequest("fusion is empty; use probability, late, product, attention or moe");
                    }
                    fusion = Optional.of(v);
                }
                default -> {
                    if (!k.contains(".")) {
                        throw ApiException.badRequest("unknown parameter '" + k + "'; valid: modalities, fusion"
                                + (allowedOptions.isEmpty() ? "" : ", " + String.join(", ", new java.util.TreeSet<>(allowedOptions))));
                    }
                    module.put(k, v);
                }
            }
        }
        return new RequestOptions(modalities, fusion, module);
    }
}
