package dev.crashtriage.kernel;

import dev.crashtriage.input.LiteralScreen;
import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tells, in one pass over a line, which detectors its literals wake, from what each detector declares
 * ({@link Detector#wakeLiterals()}): a detector that declares none is always woken. The extractor shows a line only
 * to the detectors it wakes and to those {@linkplain Detector#holdsOpenState() holding open state}, so an idle
 * detector costs nothing on the lines it could not act on.
 *
 * <p>What a gate says of a line depends only on the line and the detectors' classes in order, so a gate on another
 * thread (the pipeline's reading thread) may answer for an extractor built from the same list ({@link #standard()}
 * for {@link Detectors#standard()}). One gate is used by one thread.
 */
public final class DetectorGate implements LiteralScreen.Hits {
    /** Every detector woken: always a correct answer, never a faster one. */
    public static final long ALL = -1L;

    private final LiteralScreen screen;
    /** Per literal id: the detectors (bits) it wakes. */
    private final long[] wakes;
    /** The detectors that read every line. */
    private final long always;
    /** The {@linkplain Detector#wakeShape() shape tests} declared beside wake literals. */
    private final Shape[] shapes;
    /** The {@linkplain TwoStepDetector two-step detectors}, by index, whose stateless step the gate runs. */
    private final TwoStepDetector[] twoStep;
    private final int detectorCount;
    private long woken;

    /** A gate for extractors built from {@link Detectors#standard()}. */
    public static DetectorGate standard() {
        return new DetectorGate(Detectors.standard());
    }

    DetectorGate(List<Detector> detectors) {
        if (detectors.size() > Long.SIZE) {
            throw new IllegalArgumentException("more detectors than bits in a mask: " + detectors.size());
        }
        List<String> literals = new ArrayList<>();
        List<Long> masks = new ArrayList<>();
        long all = 0;
        List<Shape> shapeList = new ArrayList<>();
        this.detectorCount = detectors.size();
        this.twoStep = new TwoStepDetector[detectors.size()];
        for (int i = 0; i < detectors.size(); i++) {
            if (detectors.get(i) instanceof TwoStepDetector t) {
                twoStep[i] = t;
            }
            List<String> wake = detectors.get(i).wakeLiterals();
            Predicate<String> shape = detectors.get(i).wakeShape();
            if (wake != null && shape != null) {
                shapeList.add(new Shape(1L << i, shape));
            }
            if (wake == null) {
                all |= 1L << i;
                continue;
            }
            for (String l : wake) {
                int at = literals.indexOf(l);
                if (at < 0) {
                    literals.add(l);
                    masks.add(1L << i);
                } else {
                    masks.set(at, masks.get(at) | 1L << i);
                }
            }
        }
        int[] ids = new int[literals.size()];
        this.wakes = new long[literals.size()];
        for (int n = 0; n < ids.length; n++) {
            ids[n] = n;
            wakes[n] = masks.get(n);
        }
        this.screen = new LiteralScreen(literals, ids);
        this.always = all;
        this.shapes = shapeList.toArray(new Shape[0]);
    }

    /** The detectors (bit i for detector i) this line wakes. */
    public long woken(String text) {
        woken = always;
        if (wakes.length > 0) {
            screen.scan(text, this);
        }
        for (Shape s : shapes) {
            if ((woken & s.detector) == 0 && s.test.test(text)) {
                woken |= s.detector;
            }
        }
        return woken;
    }

    /**
     * The stateless step of every {@linkplain TwoStepDetector two-step detector} the line wakes ({@code woken}, from
     * {@link #woken}): entry i is what detector i prepared; null when none prepared anything. An extractor built from
     * the same detectors in order takes the answer in place of running the step itself.
     */
    public Object[] prepare(LogRecord record, long woken) {
        Object[] out = null;
        for (int i = 0; i < detectorCount; i++) {
            TwoStepDetector t = twoStep[i];
            if (t != null && (woken & 1L << i) != 0) {
                Object p = t.prepare(record);
                if (p != null) {
                    if (out == null) {
                        out = new Object[detectorCount];
                    }
                    out[i] = p;
                }
            }
        }
        return out;
    }

    @Override
    public void hit(int id) {
        woken |= wakes[id];
    }

    /** One detector's (bit) shape test. */
    private record Shape(long detector, Predicate<String> test) {
    }
}
