package dev.crashtriage.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Output format name to renderer: the one place a new format is added (PMD's RendererFactory does this). A renderer
 * is built only when asked for: a run uses one format, and building them all loaded the JSON writer's classes
 * into every text run. Each name here is the renderer's own {@link Renderer#name()} (RendererRegistryTest).
 */
public final class RendererRegistry {
    private static final Map<String, Supplier<Renderer>> RENDERERS = new LinkedHashMap<>();

    static {
        RENDERERS.put("text", TextRenderer::new);
        RENDERERS.put("json", JsonRenderer::new);
        RENDERERS.put("jsonl", JsonLinesRenderer::new);
        RENDERERS.put("sarif", SarifRenderer::new);
        RENDERERS.put("junit", JunitRenderer::new);
        RENDERERS.put("github", GithubRenderer::new);
        RENDERERS.put("gitlab", GitlabRenderer::new);
        RENDERERS.put("markdown", MarkdownRenderer::new);
    }

    private RendererRegistry() {
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
