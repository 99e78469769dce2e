package dev.tether.pull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Gets a GGUF model from the Hugging Face Hub into {@code dist_root}, where the llama.cpp provider finds it:
 * {@link #plan} asks the hub which file to fetch (failing early, before anything is written), {@link #run}
 * downloads and checks it.
 */
public final class Puller {

    /** The file chosen for a request and where it will live. */
    public record Plan(String repo, HubFile file, Path target) {

        /** The model's name in {@code /models}: the file name without {@code .gguf}. */
        public String model() {
            String name = target.getFileName().toString();
            return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
        }
    }

    private final HubClient hub;
    private final Path distRoot;

    public Puller(HubClient hub, Path distRoot) {
        this.hub = hub;
        this.distRoot = distRoot;
    }

    public Path distRoot() {
        return distRoot;
    }

    public Plan plan(PullRequest request) {
        HubFile file = QuantPicker.pick(request.repo(), hub.files(request.repo()), request.quant());
        return new Plan(request.repo(), file, distRoot.resolve(file.fileName()));
    }

    /** Downloads {@code plan}'s file unless it is there already; every step goes to {@code events}. */
    public PullEvent.Done run(Plan plan, Consumer<PullEvent> events) {
        try {
            if (Files.isRegularFile(plan.target()) && Files.size(plan.target()) == plan.file().size()) {
                events.accept(new PullEvent.Started(plan.repo(), plan.file().path(), plan.file().size(),
                        plan.file().size()));
                return done(plan, false, true, events);
            }
            boolean verified = new Download(hub, plan.repo(), plan.file(), plan.target(), events).run();
            return done(plan, verified, false, events);
        } catch (IOException e) {
            throw new PullException(PullException.Kind.UNAVAILABLE, "write_failed",
                    "cannot write " + Download.partOf(plan.target()) + ": " + e.getMessage(), e);
        }
    }

    private static PullEvent.Done done(Plan plan, boolean verified, boolean present, Consumer<PullEvent> events) {
        PullEvent.Done done = new PullEvent.Done(plan.model(), plan.target(), plan.file().size(), verified, present);
        events.accept(done);
        return done;
    }
}
