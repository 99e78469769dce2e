package dev.tether.pull;

import dev.tether.paths.SafeNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /**
     * A repository's GGUF model files, as a person chooses among them.
     *
     * @param chosen the file {@link #plan} would take for the request (empty when that one is split into parts)
     */
    public record Listing(String repo, List<Choice> files, Optional<HubFile> chosen) {}

    /** One file of a {@link Listing}: whether a pull can take it and whether it is in {@code dist_root} already. */
    public record Choice(HubFile file, boolean split, boolean downloaded) {}

    public Plan plan(PullRequest request) {
        HubFile file = QuantPicker.pick(request.repo(), hub.files(request.repo()), request.quant());
        return new Plan(request.repo(), file, target(file));
    }

    /** The plan for one file of the request's repository, named by its path there (as {@link #list} shows it). */
    public Plan plan(PullRequest request, String path) {
        HubFile file = QuantPicker.byPath(request.repo(), hub.files(request.repo()), path);
        return new Plan(request.repo(), file, target(file));
    }

    /** The repository's GGUF model files and the one a pull of {@code request} would take. */
    public Listing list(PullRequest request) {
        List<HubFile> files = hub.files(request.repo());
        List<Choice> choices = QuantPicker.models(request.repo(), files).stream()
                .map(f -> new Choice(f, QuantPicker.isSplit(f), isPresent(f))).toList();
        Optional<HubFile> chosen;
        try {
            chosen = Optional.of(QuantPicker.pick(request.repo(), files, request.quant()));
        } catch (PullException e) {
            if (!e.code().equals("split_gguf")) {
                throw e;
            }
            chosen = Optional.empty();
        }
        return new Listing(request.repo(), choices, chosen);
    }

    /** Where {@code file} goes in {@code dist_root}; a name that could leave it (on any platform) is refused. */
    private Path target(HubFile file) {
        SafeNames.problem(file.fileName()).ifPresent(why -> {
            throw new PullException(PullException.Kind.BAD_REQUEST, "unsafe_file_name",
                    "refused to download " + file.path() + ": " + why);
        });
        return distRoot.resolve(file.fileName());
    }

    private boolean isPresent(HubFile file) {
        if (!SafeNames.isSafe(file.fileName())) {
            return false;
        }
        Path target = distRoot.resolve(file.fileName());
        try {
            return Files.isRegularFile(target) && Files.size(target) == file.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Downloads {@code plan}'s file unless it is there already; every step goes to {@code events}. */
    public PullEvent.Done run(Plan plan, Consumer<PullEvent> events) {
        try {
            if (isPresent(plan.file())) {
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
