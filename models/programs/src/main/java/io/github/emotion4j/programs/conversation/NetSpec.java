package io.github.emotion4j.programs.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of one context network, as {@code DialogueContextModel} reads it from the card
 * ({@code net.<name>.*}): hidden width, same-speaker and other-speaker attention heads, identity
 * masking, the dialogue GRU (optionally bidirectional) and the label-transition term.
 *
 * @param name            tensor prefix
 * @param role            {@code context}, {@code bidirectional} or {@code baseline}
 * @param hidden          hidden width (projection, attention, GRU, classifier hidden layer)
 * @param sameHeads       heads that see the same speaker's turns
 * @param otherHeads      heads that see the other speakers' turns
 * @param identityMasking false: every head sees every turn in the window
 * @param gru             the dialogue-level GRU
 * @param bidirectional   a backward GRU too, attention both ways
 * @param transition      the label-transition term
 */
record NetSpec(String name, String role, int hidden, int sameHeads, int otherHeads, boolean identityMasking,
               boolean gru, boolean bidirectional, boolean transition) {

    int heads() {
        return sameHeads + otherHeads;
    }

    NetSpec named(String newName, String newRole) {
        return new NetSpec(newName, newRole, hidden, sameHeads, otherHeads, identityMasking, gru, bidirectional, transition);
    }

    /** A short key for file names and tables. */
    String key() {
        return "h" + hidden + "-s" + sameHeads + "o" + otherHeads + (identityMasking ? "" : "-nomask") + (gru ? "-gru" : "")
                + (bidirectional ? "-bi" : "") + (transition ? "-tr" : "");
    }

    Map<String, String> cardKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        String p = "net." + name + ".";
        m.put(p + "role", role);
        m.put(p + "hidden", Integer.toString(hidden));
        m.put(p + "sameHeads", Integer.toString(sameHeads));
        m.put(p + "otherHeads", Integer.toString(otherHeads));
        m.put(p + "identityMasking", Boolean.toString(identityMasking));
        m.put(p + "gru", Boolean.toString(gru));
        m.put(p + "bidirectional", Boolean.toString(bidirectional));
        m.put(p + "labelTransition", Boolean.toString(transition));
        return m;
    }

    /** Tensor shapes of this net for input width {@code d} and {@code k} labels. */
    Map<String, int[]> shapes(int d, int k) {
        Map<String, int[]> s = new LinkedHashMap<>();
        int h = hidden;
        String p = name + ".";
        s.put(p + "proj.weight", new int[] {d, h});
        s.put(p + "proj.bias", new int[] {h});
        int width = h;
        if (heads() > 0) {
            for (String n : new String[] {"query", "key", "value", "out"}) {
                s.put(p + n + ".weight", new int[] {h, h});
                s.put(p + n + ".bias", new int[] {h});
            }
            width += h;
        }
        int gin = width;
        if (gru) {
            for (String g : bidirectional ? new String[] {"gru.", "grub."} : new String[] {"gru."}) {
                s.put(p + g + "wi", new int[] {gin, 3 * h});
                s.put(p + g + "wh", new int[] {h, 3 * h});
                s.put(p + g + "bi", new int[] {3 * h});
                s.put(p + g + "bh", new int[] {3 * h});
                width += h;
            }
        }
        s.put(p + "hidden.weight", new int[] {width, h});
        s.put(p + "hidden.bias", new int[] {h});
        s.put(p + "classifier.weight", new int[] {h, k});
        s.put(p + "classifier.bias", new int[] {k});
        if (transition) {
            s.put(p + "transition.same", new int[] {k + 1, k});
            s.put(p + "transition.other", new int[] {k + 1, k});
        }
        return s;
    }
}
