package dev.tether.pull;

import dev.tether.engine.llamacpp.LocalEngine;
import java.io.PrintStream;
import java.util.Locale;

/** {@code tether pull --list}: one line per GGUF file, then the verdict and why on the line below it. */
final class ListingPrinter {

    private ListingPrinter() {}

    static void print(Puller.Listing listing, RunCheck check, PrintStream out) {
        LocalEngine engine = check.engine();
        out.println(listing.repo() + " (engine here: " + engine.name()
                + (engine.version().isBlank() ? "" : " " + engine.version()) + ")");
        for (RunCheck.Checked c : check.check(listing)) {
            Puller.Choice choice = c.choice();
            StringBuilder line = new StringBuilder("  ")
                    .append(choice.file().path())
                    .append("  ")
                    .append(ProgressBar.size(choice.file().size()));
            c.summary()
                    .ifPresent(h -> line.append("  ")
                            .append(h.architecture())
                            .append(' ')
                            .append(count(h.parameters()))
                            .append(' ')
                            .append(h.quantization())
                            .append("  context ")
                            .append(h.contextLength()));
            if (listing.chosen().filter(f -> f.equals(choice.file())).isPresent()) {
                line.append("  (default)");
            }
            if (choice.downloaded()) {
                line.append("  (downloaded)");
            }
            out.println(line);
            if (choice.split()) {
                out.println("    split into parts: not supported");
            }
            c.verdict().ifPresent(v -> out.println("    " + v.kind().wireName() + ": " + v.reason()));
        }
    }

    /** 4022468096 → {@code 4.0B}. */
    static String count(long parameters) {
        if (parameters >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", parameters / 1e9);
        }
        if (parameters >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", parameters / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fk", parameters / 1e3);
    }
}
