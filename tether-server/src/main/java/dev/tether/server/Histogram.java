package dev.tether.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram in seconds with one label; at most {@link #MAX_LABELS} label values, later ones counted
 * as {@code other} (a model or a client may send any name: the series count must stay bounded).
 */
final class Histogram {

    static final int MAX_LABELS = 64;
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private record Series(LongAdder[] buckets, LongAdder count, DoubleAdder sum) {
        Series() {
            this(newAdders(), new LongAdder(), new DoubleAdder());
        }

        private static LongAdder[] newAdders() {
            LongAdder[] adders = new LongAdder[BUCKETS.length];
            for (int i = 0; i < adders.length; i++) {
                adders[i] = new LongAdder();
            }
            return adders;
        }
    }

    private final String name;
    private final String help;
    private final String label;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, String label) {
        this.name = name;
        this.help = help;
        this.label = label;
    }

    void observe(String labelValue, double seconds) {
        String key = series.containsKey(labelValue) || series.size() < MAX_LABELS ? labelValue : "other";
        Series s = series.computeIfAbsent(key, k -> new Series());
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                s.buckets()[i].increment();
            }
        }
        s.count().increment();
        s.sum().add(seconds);
    }

    void write(StringBuilder out) {
        Metrics.header(out, name, "histogram", help);
        new TreeMap<>(series).forEach((value, s) -> {
            String l = label + "=\"" + escape(value) + "\"";
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append(name)
                        .append("_bucket{")
                        .append(l)
                        .append(",le=\"")
                        .append(BUCKETS[i])
                        .append("\"} ")
                        .append(s.buckets()[i].sum())
                        .append('\n');
            }
            out.append(name)
                    .append("_bucket{")
                    .append(l)
                    .append(",le=\"+Inf\"} ")
                    .append(s.count().sum())
                    .append('\n')
                    .append(name)
                    .append("_sum{")
                    .append(l)
                    .append("} ")
                    .append(s.sum().sum())
                    .append('\n')
                    .append(name)
                    .append("_count{")
                    .append(l)
                    .append("} ")
                    .append(s.count().sum())
                    .append('\n');
        });
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
