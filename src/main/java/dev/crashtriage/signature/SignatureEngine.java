package dev.crashtriage.signature;

import dev.crashtriage.input.LiteralScreen;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue compiled for matching: every line pattern of every signature behind one literal
 * prefilter (a {@link LiteralScreen} over their required literals), so a line costs one pass
 * of the screen plus only the regexes whose literal it contains. One {@link Evaluation} per
 * (input, host) stream.
 */
public final class SignatureEngine {
    private final SignatureCatalog catalog;
    private final List<Signature> signatures;
    /** Patterns matched while streaming: lines selections of host/boot scope and all version patterns. */
    final PatternSlot[] slots;
    final LiteralScreen screen;
    /** Slots with no literal the screen can use: their pattern runs on every record. */
    final int[] alwaysRun;
    /** Number of streamed lines selections (their state index range). */
    final int linesSelections;
    final int versionSelections;
    /** Each streamed lines selection's and each version selection's index into the stream state. */
    final java.util.IdentityHashMap<Selection, Integer> stateIndex = new java.util.IdentityHashMap<>();

    /**
     * One pattern of one selection.
     *
     * @param selectionIndex index of its selection's state (lines or version, per {@code version})
     */
    record PatternSlot(LinePattern pattern, boolean kernelOnly, boolean version, int selectionIndex, Selection.Lines lines) {
    }

    public SignatureEngine(SignatureCatalog catalog) {
        this.catalog = catalog;
        this.signatures = catalog.signatures();
        List<PatternSlot> slotList = new ArrayList<>();
        int lines = 0;
        int versions = 0;
        for (Signature s : signatures) {
            for (Selection sel : s.selections().values()) {
                if (sel instanceof Selection.Lines l && l.streamed(s.scope())) {
                    for (LinePattern p : l.patterns()) {
                        for (LinePattern alt : p.alternatives()) {
                            slotList.add(new PatternSlot(alt, l.kernelOnly(), false, lines, l));
                        }
                    }
                    stateIndex.put(l, lines);
                    lines++;
                } else if (sel instanceof Selection.Version v) {
                    if (v.pattern() != null) {
                        // versions also come from non-kernel lines (a pasted `ethtool -i`), so no kernel_only here
                        slotList.add(new PatternSlot(v.pattern(), false, true, versions, null));
                    }
                    stateIndex.put(v, versions);
                    versions++;
                }
            }
        }
        this.slots = slotList.toArray(new PatternSlot[0]);
        this.linesSelections = lines;
        this.versionSelections = versions;
        List<String> literals = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Integer> always = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            List<String> req = slots[i].pattern().required();
            if (req == null || req.stream().anyMatch(l -> l.length() < LiteralScreen.MIN_LENGTH)) {
                // a short literal: pattern, which the screen does not index
                always.add(i);
            } else {
                for (String lit : req) {
                    literals.add(lit);
                    ids.add(i);
                }
            }
        }
        this.screen = new LiteralScreen(literals, ids.stream().mapToInt(Integer::intValue).toArray());
        this.alwaysRun = always.stream().mapToInt(Integer::intValue).toArray();
    }

    public SignatureCatalog catalog() {
        return catalog;
    }

    List<Signature> signatures() {
        return signatures;
    }

    /** How many patterns run on every line for want of a literal (shown by diagnostics and tests). */
    public int unfilteredPatterns() {
        return alwaysRun.length;
    }

    public int patternCount() {
        return slots.length;
    }

    public Evaluation start() {
        return new Evaluation(this);
    }

    /** A matcher for one thread (it keeps scratch arrays); the engine itself is shared. */
    public Matcher matcher() {
        return new Matcher(this);
    }

    /**
     * The stateless step: which patterns a record satisfies, with no stream state, so it can run on
     * another thread than the stream's {@link Evaluation} (the pipeline runs it on the reading thread).
     * The result, in the order the combine step must see it, lists the slots whose line pattern matched
     * and the version slots whose literal was found (their first-seen rule is stream state, so the combine
     * step decides whether to run them).
     */
    public static final class Matcher implements LiteralScreen.Hits {
        private static final int[] NONE = new int[0];
        private final SignatureEngine engine;
        private final int[] stamp;
        private final int[] candidates;
        private int candidateCount;
        private int generation;

        Matcher(SignatureEngine engine) {
            this.engine = engine;
            this.stamp = new int[engine.slots.length];
            this.candidates = new int[engine.slots.length];
        }

        /** The slots for the combine step; an empty array (shared) for the common line that holds no literal. */
        public int[] match(LogRecord record) {
            if (engine.slots.length == 0) {
                return NONE;
            }
            String text = record.text();
            if (++generation == 0) {
                java.util.Arrays.fill(stamp, 0);
                generation = 1;
            }
            candidateCount = 0;
            engine.screen.scan(text, this);
            for (int id : engine.alwaysRun) {
                hit(id);
            }
            if (candidateCount == 0) {
                return NONE;
            }
            int kept = 0;
            for (int k = 0; k < candidateCount; k++) {
                PatternSlot slot = engine.slots[candidates[k]];
                if (slot.kernelOnly() && !record.kernel()) {
                    continue;
                }
                if (slot.version() || slot.pattern().matches(text)) {
                    candidates[kept++] = candidates[k];
                }
            }
            return kept == 0 ? NONE : java.util.Arrays.copyOf(candidates, kept);
        }

        @Override
        public void hit(int id) {
            if (stamp[id] != generation) {
                stamp[id] = generation;
                candidates[candidateCount++] = id;
            }
        }
    }

    /**
     * The state of all signatures over one stream: bounded whatever the stream's length. Its
     * {@link #combine} is the stateful step (counts, windows, first versions, evidence).
     */
    public static final class Evaluation {
        private final SignatureEngine engine;
        private final StreamState state;
        private Matcher ownMatcher;
        /** Used only when the caller does not pass the boot (tests with hand-built extractions). */
        private dev.crashtriage.kernel.BootTracker ownBoots;

        Evaluation(SignatureEngine engine) {
            this.engine = engine;
            this.state = new StreamState(engine.linesSelections, engine.versionSelections);
        }

        /** Reads a record, deciding its boot with the kernel layer's boot model. */
        public void accept(LogRecord record) {
            if (ownBoots == null) {
                ownBoots = new dev.crashtriage.kernel.BootTracker();
            }
            ownBoots.accept(record);
            accept(record, ownBoots.current());
        }

        /**
         * Reads a record whose boot the caller knows ({@link dev.crashtriage.kernel.IncidentExtractor#currentBoot()}
         * after the extractor has seen it): boot-scoped counts then split exactly where the incidents' boots do.
         * Match and combine on this thread.
         */
        public void accept(LogRecord record, int boot) {
            if (ownMatcher == null) {
                ownMatcher = engine.matcher();
            }
            combine(record, boot, ownMatcher.match(record));
        }

        /** The stateful step, for every record in stream order, with what {@link Matcher#match} found in it. */
        public void combine(LogRecord record, int boot, int[] matched) {
            state.beginRecord(record, boot);
            for (int id : matched) {
                PatternSlot slot = engine.slots[id];
                if (slot.version()) {
                    state.versionCandidate(slot, record);
                } else {
                    state.lineMatched(slot.selectionIndex(), slot.lines(), record);
                }
            }
        }

        public List<Finding> finish(Extraction extraction) {
            return new FindingBuilder(engine, state, extraction).findings();
        }
    }
}
