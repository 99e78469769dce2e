package dev.tether.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.tool.SampleTools;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat loop's {@link Cancellation} stops a running tool call through the registry. */
class ToolCancelTest {

    @Test
    void aCancelInterruptsTheToolThread() throws Exception {
        SampleTools.Sleeper sleeper = new SampleTools.Sleeper();
        try (ToolRegistry r = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(30))
                .add(null, sleeper)
                .build()) {
            Cancellation cancel = new Cancellation();

            CompletableFuture<ToolOutcome> call =
                    CompletableFuture.supplyAsync(() -> r.invoke("sleeper", null, cancel));
            assertThat(sleeper.started.await(5, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();

            assertThat(call.get(5, TimeUnit.SECONDS).error()).isEqualTo("cancelled");
            assertThat(sleeper.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
