package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.core.internal.AhoCorasick;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.MetricSample;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The fast path for text indicators: one Aho-Corasick pass over each item of evidence finds which
 * expressions' required literals occur in it, so each expression then runs only on its candidate lines
 * instead of on every line.
 *
 * <p>A {@link Plan} is built once per engine from all text indicators; an index is built per analysis, in
 * parallel for large evidence, and registered for the bundle while the patterns run.
 */
final class MatchIndex {

    /** Which expressions have literals, and the automaton over all of them. */
    static final class Plan {
        private final Map<SafeRegex, Integer> slots = new IdentityHashMap<>();
        private final int[] literalToSlot;
        private final AhoCorasick automaton;

        Plan(List<SafeRegex> expressions) {
            List<String> literals = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (SafeRegex r : expressions) {
                if (slots.containsKey(r)) {
                    continue;
                }
                Optional<List<String>> lits = r.requiredLiterals();
                if (lits.isEmpty()) {
                    continue;
                }
                int slot = slots.size();
                slots.put(r, slot);
                for (String l : lits.get()) {
                    literals.add(l);
                    owner.add(slot);
                }
            }
            this.literalToSlot = owner.stream().mapToInt(Integer::intValue).toArray();
            this.automaton = new AhoCorasick(literals);
        }

        /** Expressions the plan can rule out lines for. */
        int coveredExpressions() {
            return slots.size();
        }

        /** Indexes every item of the bundle; uses all cores when the bundle is large. */
        MatchIndex index(EvidenceBundle bundle) {
            List<Evidence> items = bundle.items();
            BitSet[] candidates = new BitSet[items.size()];
            String[] texts = new String[items.size()];
            IntStream range = IntStream.range(0, items.size());
            if (items.size() >= PARALLEL_THRESHOLD) {
                range = range.parallel();
            }
            range.forEach(i -> {
                Evidence e = items.get(i);
                if (e instanceof CollectionGap || e instanceof MetricSample) {
                    return;
                }
                String text = MatchText.of(e.text());
                texts[i] = text;
                if (!isAscii(text)) {
                    return; // no entry: every expression stays a candidate for this item
                }
                BitSet literals = new BitSet();
                automaton.scan(text.length() > SafeRegex.MAX_INPUT ? text.substring(0, SafeRegex.MAX_INPUT) : text, literals);
                BitSet slotsHit = new BitSet(slots.size());
                for (int l = literals.nextSetBit(0); l >= 0; l = literals.nextSetBit(l + 1)) {
                    slotsHit.set(literalToSlot[l]);
                }
                candidates[i] = slotsHit;
            });
            Map<Evidence, BitSet> byItem = new IdentityHashMap<>(items.size() * 2);
            Map<Evidence, String> normalised = new IdentityHashMap<>();
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i] != null) {
                    byItem.put(items.get(i), candidates[i]);
                }
                if (texts[i] != null && texts[i] != items.get(i).text()) {
                    normalised.put(items.get(i), texts[i]);
                }
            }
            return new MatchIndex(this, byItem, normalised);
        }
    }

    /** Bundles at least this large are indexed and matched on all cores. */
    static final int PARALLEL_THRESHOLD = 4096;

    private static final Map<EvidenceBundle, MatchIndex> ACTIVE = new ConcurrentHashMap<>();

    private final Plan plan;
    private final Map<Evidence, BitSet> candidates;

    private final Map<Evidence, String> normalised;

    private MatchIndex(Plan plan, Map<Evidence, BitSet> candidates, Map<Evidence, String> normalised) {
        this.plan = plan;
        this.candidates = candidates;
        this.normalised = normalised;
    }

    /** The item's text in the form patterns match, computed once per analysis. */
    String text(Evidence item) {
        String t = normalised.get(item);
        return t != null ? t : item.text();
    }

    /** False only when the expression cannot match this item's text. */
    boolean mayMatch(Evidence item, SafeRegex regex) {
        Integer slot = plan.slots.get(regex);
        if (slot == null) {
            return true;
        }
        BitSet hit = candidates.get(item);
        return hit == null || hit.get(slot);
    }

    /** True when the item's text is ASCII: indexed items are, the others have no entry. */
    boolean ascii(Evidence item) {
        return candidates.containsKey(item);
    }

    /** The index registered for this bundle while the engine runs its patterns. */
    static Optional<MatchIndex> active(EvidenceBundle bundle) {
        return Optional.ofNullable(ACTIVE.get(bundle));
    }

    /** Registers the index for the bundle until the returned handle is closed. */
    AutoCloseable activate(EvidenceBundle bundle) {
        ACTIVE.put(bundle, this);
        return () -> ACTIVE.remove(bundle, this);
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
