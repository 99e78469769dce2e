package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.util.List;
import java.util.Map;

/**
 * A server stand-in for the orphan tests, run as its own JVM: loads {@code args[1]} from the dist folder
 * {@code args[0]} on the llama-server {@code args[2]}, prints {@code pid <llama-server pid>}, then waits to be
 * killed ({@code wait}) or exits normally at once ({@code exit}).
 */
public final class OrphanProbe {

    private OrphanProbe() {}

    public static void main(String[] args) throws Exception {
        LlamaCppProvider provider = new LlamaCppProvider(Config.just(ConfigSources.create(Map.of(
                "dist_root",
                args[0],
                "engine",
                "llama-server",
                "llama_server",
                args[2],
                "n_ctx",
                "512",
                "parallel",
                "1",
                "threads",
                "1",
                "log_dir",
                args[0] + "/logs",
                "data_dir",
                args[0] + "/data"))));
        provider.generate(
                new GenerationRequest(
                        args[1],
                        List.of(Message.user("hi")),
                        List.of(),
                        new ChatOptions(2, null, null, 1L, List.of(), null, null),
                        new Cancellation(),
                        null),
                e -> {});
        System.out.println("pid " + provider.workerPid(args[1]).orElseThrow());
        System.out.flush();
        if (args[3].equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        System.exit(0); // the shutdown hook ends the child
    }
}
