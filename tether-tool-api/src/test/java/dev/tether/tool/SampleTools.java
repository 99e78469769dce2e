package dev.tether.tool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Tools written the way a tool author would, for the registry tests. */
public final class SampleTools {

    private SampleTools() {}

    enum Unit {
        METRIC,
        IMPERIAL
    }

    @ToolInfo(name = "forecast_like", description = "Every parameter kind.", openWorld = true)
    public static final class Everything {
        public Map<String, Object> run(
                @Param(description = "A place") String place,
                @Param(description = "How many days", defaultValue = "3", minimum = 1, maximum = 16) int days,
                @Param(description = "Units", defaultValue = "metric") Unit units,
                @Param(
                                description = "Detail",
                                defaultValue = "short",
                                allowed = {"short", "long"})
                        String detail,
                @Param(description = "Ratio", defaultValue = "0.5") Double ratio,
                @Param(description = "Flags", defaultValue = "[]") List<String> flags,
                @Param(description = "Verbose", defaultValue = "false") boolean verbose) {
            return Map.of(
                    "place",
                    place,
                    "days",
                    days,
                    "units",
                    units.name(),
                    "detail",
                    detail,
                    "ratio",
                    ratio,
                    "flags",
                    flags,
                    "verbose",
                    verbose);
        }
    }

    @ToolInfo(name = "fails", description = "Throws what it is told.")
    public static final class Fails {
        public String run(@Param(description = "tool or crash") String how) {
            if (how.equals("tool")) {
                throw new ToolException("the place is unknown");
            }
            throw new IllegalStateException("disk on fire");
        }
    }

    @ToolInfo(name = "sleeper", description = "Blocks until interrupted.")
    public static final class Sleeper {
        public final CountDownLatch started = new CountDownLatch(1);
        public final CountDownLatch interrupted = new CountDownLatch(1);

        public String run() {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "woke";
            } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
            }
        }
    }

    @ToolInfo(name = "needs_key", description = "Unavailable without a key.")
    public static final class NeedsKey {
        public NeedsKey(ToolContext context) {
            context.env("SAMPLE_KEY").orElseThrow(() -> new ToolUnavailableException("SAMPLE_KEY is not set"));
        }

        public String run() {
            return "ok";
        }
    }

    @ToolInfo(name = "configured", description = "Reads its args.", destructive = true, readOnly = false)
    public static final class Configured {
        private final String greeting;

        public Configured(ToolContext context) {
            this.greeting = context.args().get("greeting").asString().orElse("hello");
        }

        public String run(@Param(description = "who") String name) {
            return greeting + " " + name;
        }
    }

    /** Not a tool: no annotation. */
    public static final class NotATool {
        public String run() {
            return "";
        }
    }
}
