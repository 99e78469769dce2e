package dev.tether.server.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Summarises soak samples: first vs last minute, least-squares slopes per minute, and a verdict line. */
final class SoakReport {

    /** Heap after GC may grow this much from the first to the last minute and still count as flat. */
    private static final double HEAP_TOLERANCE_MB = 8;

    private SoakReport() {}

    static void print(List<SoakBench.Sample> samples) {
        double end = samples.getLast().seconds();
        List<SoakBench.Sample> first =
                samples.stream().filter(s -> s.seconds() < 60).toList();
        List<SoakBench.Sample> last =
                samples.stream().filter(s -> s.seconds() > end - 60).toList();
        double heapFirst = mean(first, SoakBench.Sample::heapMb);
        double heapLast = mean(last, SoakBench.Sample::heapMb);
        double rssFirst = mean(first, SoakBench.Sample::rssMb);
        double rssLast = mean(last, SoakBench.Sample::rssMb);
        double heapSlope = slope(samples, SoakBench.Sample::heapMb);
        double rssSlope = slope(samples, SoakBench.Sample::rssMb);
        SoakBench.Sample s = samples.getLast();
        System.out.printf(
                Locale.ROOT,
                "heap after GC: first minute %.1f MB, last minute %.1f MB, slope %+.2f MB/min%n",
                heapFirst,
                heapLast,
                heapSlope);
        System.out.printf(
                Locale.ROOT,
                "process RSS:   first minute %.1f MB, last minute %.1f MB, slope %+.2f MB/min%n",
                rssFirst,
                rssLast,
                rssSlope);
        System.out.printf(
                Locale.ROOT,
                "threads %d -> %d, open fds %d -> %d; %d chat turns, %d CRUD requests, "
                        + "%d MCP tool calls, %d errors (counts include the warm-up; %.1f min sampled)%n",
                samples.getFirst().threads(),
                s.threads(),
                samples.getFirst().fds(),
                s.fds(),
                s.turns(),
                s.crud(),
                s.mcp(),
                s.errors(),
                end / 60);
        boolean heapFlat = heapLast - heapFirst <= HEAP_TOLERANCE_MB;
        boolean handlesFlat = s.threads() <= samples.getFirst().threads() + 8
                && s.fds() <= samples.getFirst().fds() + 16;
        System.out.printf(
                Locale.ROOT,
                "verdict: %s (heap %s, threads/fds %s, %d errors)%n",
                heapFlat && handlesFlat && s.errors() == 0 ? "FLAT" : "NOT FLAT",
                heapFlat ? "flat" : "grew " + String.format(Locale.ROOT, "%.1f MB", heapLast - heapFirst),
                handlesFlat ? "flat" : "grew",
                s.errors());
    }

    private static double mean(List<SoakBench.Sample> samples, ToDoubleFunction<SoakBench.Sample> value) {
        return samples.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Least-squares slope of value over time, per minute. */
    private static double slope(List<SoakBench.Sample> samples, ToDoubleFunction<SoakBench.Sample> value) {
        double n = samples.size();
        double mx = samples.stream().mapToDouble(SoakBench.Sample::seconds).sum() / n;
        double my = samples.stream().mapToDouble(value).sum() / n;
        double num = 0;
        double den = 0;
        for (SoakBench.Sample s : samples) {
            num += (s.seconds() - mx) * (value.applyAsDouble(s) - my);
            den += (s.seconds() - mx) * (s.seconds() - mx);
        }
        return den == 0 ? 0 : num / den * 60;
    }
}
