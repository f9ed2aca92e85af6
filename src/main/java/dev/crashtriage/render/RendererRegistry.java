package dev.crashtriage.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Output format name to renderer: the one place a new format is added. */
public final class RendererRegistry {
    private static final Map<String, Supplier<Renderer>> RENDERERS = new LinkedHashMap<>();

    static {
        RENDERERS.put("text", TextRenderer::new);
        RENDERERS.put("json", JsonRenderer::new);
    }

    private RendererRegistry() {
    }

    public static Set<String> names() {
        return RENDERERS.keySet();
    }

    public static Renderer forName(String name) {
        Supplier<Renderer> s = RENDERERS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown output format '" + name + "' (known: "
                    + String.join(", ", RENDERERS.keySet()) + ")");
        }
        return s.get();
    }
}
