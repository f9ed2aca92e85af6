package dev.crashtriage.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Output format name to renderer: the one place a new format is added (PMD's RendererFactory does this). */
public final class RendererRegistry {
    private static final Map<String, Supplier<Renderer>> RENDERERS = new LinkedHashMap<>();

    static {
        register(TextRenderer::new);
        register(JsonRenderer::new);
        register(JsonLinesRenderer::new);
        register(SarifRenderer::new);
        register(JunitRenderer::new);
        register(GithubRenderer::new);
        register(GitlabRenderer::new);
        register(MarkdownRenderer::new);
    }

    private RendererRegistry() {
    }

    private static void register(Supplier<Renderer> s) {
        RENDERERS.put(s.get().name(), s);
    }

    public static Set<String> names() {
        return RENDERERS.keySet();
    }

    /** One of each renderer, in registration order: what the shared tests iterate. */
    public static List<Renderer> all() {
        List<Renderer> out = new ArrayList<>();
        for (Supplier<Renderer> s : RENDERERS.values()) {
            out.add(s.get());
        }
        return out;
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
