package dev.crashtriage.render;

/**
 * How output looks.
 *
 * @param color       use ANSI colour (only ever true for text on a terminal)
 * @param toolVersion the crashtriage version to report
 * @param verbose     show more evidence and every frame
 */
public record RenderOptions(boolean color, String toolVersion, boolean verbose) {
}
