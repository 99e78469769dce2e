package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullerTest {

    private static final String REPO = "acme/Tiny-GGUF";
    private static final String Q4 = "Tiny-Q4_K_M.gguf";

    @TempDir
    Path dist;

    private FakeHub hub;
    private byte[] q4;
    private final List<PullEvent> events = new ArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        q4 = randomBytes(3_000_000, 1);
        hub = new FakeHub()
                .file(REPO, Q4, q4)
                .file(REPO, "Tiny-Q8_0.gguf", randomBytes(5_000, 2))
                .file(REPO, "README.md", "# Tiny".getBytes());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private Puller puller(Optional<String> token) {
        return new Puller(new HubClient(URI.create(hub.url()), token, Duration.ofSeconds(5)), dist);
    }

    private PullEvent.Done pull(String spec) {
        return pull(spec, Duration.ofSeconds(5));
    }

    private PullEvent.Done pull(String spec, Duration timeout) {
        Puller puller = new Puller(new HubClient(URI.create(hub.url()), Optional.empty(), timeout), dist);
        return puller.run(puller.plan(PullRequest.parse(spec)), events::add);
    }

    @Test
    void downloadsTheDefaultQuantIntoDistAndVerifiesItsChecksum() throws IOException {
        PullEvent.Done done = pull(REPO);

        assertThat(done.model()).isEqualTo("Tiny-Q4_K_M");
        assertThat(done.verified()).isTrue();
        assertThat(Files.readAllBytes(dist.resolve(Q4))).isEqualTo(q4);
        assertThat(Files.list(dist).map(p -> p.getFileName().toString())).containsExactly(Q4);
        assertThat(events.getFirst()).isEqualTo(new PullEvent.Started(REPO, Q4, q4.length, 0));
        assertThat(events)
                .filteredOn(PullEvent.Progress.class::isInstance)
                .last()
                .satisfies(p ->
                        assertThat(((PullEvent.Progress) p).downloadedBytes()).isEqualTo(q4.length));
        assertThat(events).contains(new PullEvent.Verifying(FakeHub.sha256(q4)));
        assertThat(events.getLast()).isEqualTo(done);
    }

    @Test
    void theQuantAskedForWins() throws IOException {
        PullEvent.Done done = pull(REPO + ":q8_0");

        assertThat(done.path()).isEqualTo(dist.resolve("Tiny-Q8_0.gguf"));
        assertThat(Files.size(done.path())).isEqualTo(5_000);
    }

    @Test
    void resumesFromAPartFileWithARangeRequest() throws IOException {
        Files.write(dist.resolve(Q4 + ".part"), Arrays.copyOf(q4, 1_000_000));

        PullEvent.Done done = pull(REPO + ":Q4_K_M");

        assertThat(done.verified()).isTrue();
        assertThat(Files.readAllBytes(dist.resolve(Q4))).isEqualTo(q4);
        assertThat(dist.resolve(Q4 + ".part")).doesNotExist();
        assertThat(events.getFirst()).isEqualTo(new PullEvent.Started(REPO, Q4, q4.length, 1_000_000));
        assertThat(hub.seen())
                .filteredOn(s -> s.path().startsWith("/cdn/"))
                .extracting(FakeHub.Seen::range)
                .containsExactly("bytes=1000000-");
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws IOException {
        Files.write(dist.resolve(Q4 + ".part"), Arrays.copyOf(q4, 1_000_000));
        hub.ignoreRange(true);

        pull(REPO);

        assertThat(Files.readAllBytes(dist.resolve(Q4))).isEqualTo(q4);
    }

    @Test
    void aStalledDownloadTimesOutKeepsThePartAndTheNextPullResumesIt() throws IOException {
        hub.dropNextDownloadAfter(1_200_000);

        assertThatThrownBy(() -> pull(REPO, Duration.ofSeconds(1)))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("run the pull again to resume");
        assertThat(dist.resolve(Q4)).doesNotExist();
        assertThat(Files.size(dist.resolve(Q4 + ".part"))).isEqualTo(1_200_000);

        PullEvent.Done done = pull(REPO);

        assertThat(done.verified()).isTrue();
        assertThat(Files.readAllBytes(dist.resolve(Q4))).isEqualTo(q4);
        assertThat(hub.seen())
                .filteredOn(s -> s.path().startsWith("/cdn/"))
                .extracting(FakeHub.Seen::range)
                .containsExactly(null, "bytes=1200000-");
    }

    @Test
    void aDownloadRefusedBeforeItsFirstByteLeavesNoPartBehind() throws IOException {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        hub.cdn(REPO, "http://127.0.0.1:" + closed);

        assertThatThrownBy(() -> pull(REPO)).isInstanceOf(PullException.class);
        try (var files = Files.list(dist)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aChecksumMismatchLeavesNoFileUnderTheModelsName() throws IOException {
        hub.publishSha(Q4, "0".repeat(64));

        assertThatThrownBy(() -> pull(REPO))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.code()).isEqualTo("checksum_mismatch"));
        try (var files = Files.list(dist)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileAlreadyThereIsNotDownloadedAgain() {
        pull(REPO);
        int requests = hub.seen().size();
        events.clear();

        PullEvent.Done again = pull(REPO);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(hub.seen().subList(requests, hub.seen().size()))
                .noneMatch(s -> s.path().contains("/resolve/") || s.path().startsWith("/cdn/"));
    }

    @Test
    void anUnknownRepositoryOrQuantIsNotFoundBeforeAnythingIsWritten() throws IOException {
        assertThatThrownBy(() -> puller(Optional.empty()).plan(PullRequest.parse("acme/Nope-GGUF")))
                .isInstanceOfSatisfying(PullException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PullException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("repo_not_found");
                });
        assertThatThrownBy(() -> puller(Optional.empty()).plan(PullRequest.parse(REPO + ":IQ2_XS")))
                .isInstanceOfSatisfying(
                        PullException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo(REPO + " has no IQ2_XS file; it has Tiny-Q4_K_M.gguf, Tiny-Q8_0.gguf"));
        try (var files = Files.list(dist)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileNameThatCouldLeaveDistOnWindowsIsRefusedOnEveryPlatform() throws IOException {
        hub.file(REPO, "..\\..\\x-Q6_K.gguf", randomBytes(1_000, 3)).file(REPO, "nul.Q5_K_M.gguf", randomBytes(10, 4));

        for (String quant : List.of("Q6_K", "Q5_K_M")) {
            assertThatThrownBy(() -> puller(Optional.empty()).plan(PullRequest.parse(REPO + ":" + quant)))
                    .isInstanceOfSatisfying(PullException.class, e -> {
                        assertThat(e.kind()).as(e.getMessage()).isEqualTo(PullException.Kind.UNAVAILABLE);
                        assertThat(e.code()).isEqualTo("bad_file_name");
                    });
        }
        assertThatThrownBy(() -> puller(Optional.empty()).plan(PullRequest.parse(REPO), "..\\..\\x-Q6_K.gguf"))
                .hasMessageContaining("..\\..\\x-Q6_K.gguf")
                .hasMessageContaining("the name contains a path separator");
        assertThat(puller(Optional.empty()).list(PullRequest.parse(REPO)).files())
                .hasSize(4);
        try (var files = Files.list(dist)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aGatedRepositoryAsksForHfTokenAndTheTokenIsSent() {
        hub.requireToken("hf_secret");

        assertThatThrownBy(() -> puller(Optional.empty()).plan(PullRequest.parse(REPO)))
                .isInstanceOfSatisfying(PullException.class, e -> {
                    assertThat(e.code()).isEqualTo("repo_not_accessible");
                    assertThat(e.getMessage()).contains("set HF_TOKEN");
                });

        Puller withToken = puller(Optional.of("hf_secret"));
        withToken.run(withToken.plan(PullRequest.parse(REPO)), events::add);

        assertThat(dist.resolve(Q4)).exists();
        assertThat(hub.seen())
                .filteredOn(s -> !s.path().startsWith("/cdn/"))
                .last()
                .extracting(FakeHub.Seen::authorization)
                .isEqualTo("Bearer hf_secret");
    }

    @Test
    void aSecondPullOfTheSameFileIsRefusedWhileTheFirstHoldsThePart() throws IOException {
        Puller puller = puller(Optional.empty());
        Puller.Plan plan = puller.plan(PullRequest.parse(REPO));
        List<Throwable> second = new ArrayList<>();
        puller.run(plan, event -> {
            if (event instanceof PullEvent.Started && second.isEmpty()) {
                try {
                    puller.run(plan, e -> {});
                } catch (PullException e) {
                    second.add(e);
                }
            }
        });

        assertThat(second)
                .singleElement()
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.code()).isEqualTo("pull_in_progress"));
        assertThat(Files.readAllBytes(dist.resolve(Q4))).isEqualTo(q4);
    }

    @Test
    void aListingShowsTheModelFilesTheDefaultAndWhatIsDownloadedAlready() {
        hub.file(REPO, "big/Tiny-F16-00001-of-00002.gguf", randomBytes(10, 3))
                .file(REPO, "mmproj-Tiny-F16.gguf", randomBytes(10, 4));
        Puller puller = puller(Optional.empty());
        puller.run(puller.plan(PullRequest.parse(REPO + ":Q8_0")), events::add);

        Puller.Listing listing = puller.list(PullRequest.parse(REPO));

        assertThat(listing.files())
                .extracting(c -> c.file().path(), Puller.Choice::split, Puller.Choice::downloaded)
                .containsExactlyInAnyOrder(
                        tuple(Q4, false, false),
                        tuple("Tiny-Q8_0.gguf", false, true),
                        tuple("big/Tiny-F16-00001-of-00002.gguf", true, false));
        assertThat(listing.chosen()).map(HubFile::path).hasValue(Q4);
        assertThat(puller.list(PullRequest.parse(REPO + ":q8_0")).chosen())
                .map(HubFile::path)
                .hasValue("Tiny-Q8_0.gguf");
        assertThat(puller.list(PullRequest.parse(REPO + ":F16")).chosen()).isEmpty();
    }

    @Test
    void aRepositoryWithoutGgufFilesSaysSo() {
        hub.file("acme/Docs", "README.md", "# Docs".getBytes());

        assertThatThrownBy(() -> puller(Optional.empty()).list(PullRequest.parse("acme/Docs")))
                .isInstanceOfSatisfying(PullException.class, e -> {
                    assertThat(e.code()).isEqualTo("no_gguf");
                    assertThat(e.getMessage()).startsWith("acme/Docs has no .gguf files");
                });
    }

    @Test
    void aFileNamedByItsPathIsPulledAndOnlyAModelFileOfTheRepositoryIs() throws IOException {
        hub.file(REPO, "Tiny-F16-00001-of-00002.gguf", randomBytes(10, 3));
        Puller puller = puller(Optional.empty());

        PullEvent.Done done = puller.run(puller.plan(PullRequest.parse(REPO), "Tiny-Q8_0.gguf"), events::add);

        assertThat(done.model()).isEqualTo("Tiny-Q8_0");
        assertThat(Files.size(dist.resolve("Tiny-Q8_0.gguf"))).isEqualTo(5_000);
        assertThatThrownBy(() -> puller.plan(PullRequest.parse(REPO), "README.md"))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.code()).isEqualTo("file_not_found"));
        assertThatThrownBy(() -> puller.plan(PullRequest.parse(REPO), "Tiny-F16-00001-of-00002.gguf"))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.code()).isEqualTo("split_gguf"));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
