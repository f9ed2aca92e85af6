package dev.crashtriage.render;

/** A renderer whose declaration (name, extension, may it colour) is given once, at construction. */
abstract class DeclaredRenderer implements Renderer {
    private final String name;
    private final String extension;
    private final boolean mayColor;

    DeclaredRenderer(String name, String extension, boolean mayColor) {
        this.name = name;
        this.extension = extension;
        this.mayColor = mayColor;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String extension() {
        return extension;
    }

    @Override
    public final boolean mayColor() {
        return mayColor;
    }
}
