package dev.tether.engine.loop;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Small tools for the tool-loop tests. */
final class LoopTools {

    private LoopTools() {}

    @ToolInfo(name = "add", description = "Adds two integers.")
    public static final class Add {
        public Map<String, Object> run(@Param(description = "first") int a, @Param(description = "second") int b) {
            return Map.of("sum", a + b);
        }
    }

    @ToolInfo(name = "explode", description = "Always fails.")
    public static final class Explode {
        public String run() {
            throw new IllegalStateException("boom");
        }
    }

    @ToolInfo(name = "block", description = "Blocks until interrupted.")
    public static final class Block {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        public String run() {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
            }
        }
    }
}
