package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.llamacpp.EngineCatalog;
import dev.tether.engines.FakeGitHub.Digest;
import dev.tether.engines.TestArchives.Entry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Installs against a fake GitHub on loopback: the happy path, and every fault leaving nothing under engines/. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake engines are shell scripts")
class EngineInstallerTest {

    static final MachineFacts LINUX_GPU = new MachineFacts(
            "linux", "x64", List.of(new MachineFacts.Gpu("amd", "AMD Radeon RX 7800 XT")), true, Optional.empty());
    private static final String VULKAN = "llama-b7311-bin-ubuntu-vulkan-x64.tar.gz";

    @TempDir
    Path dir;

    private final FakeGitHub github = newGitHub();
    private final List<InstallEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void installsTheReleaseFileForThisMachineAndTheSearchFindsIt() {
        github.asset("b7311", "llama-b7311-bin-ubuntu-x64.tar.gz", archive(TestArchives.fakeServer("7311 (fake cpu)")))
                .asset("b7311", VULKAN, archive(TestArchives.fakeServer("7311 (fake vulkan)")))
                .asset("b7311", "llama-b7311-bin-win-vulkan-x64.zip", new byte[] {1});

        InstalledEngine engine = install("auto", null);

        assertThat(engine.name()).isEqualTo("b7311-vulkan");
        assertThat(engine.version()).isEqualTo("7311 (fake vulkan)");
        assertThat(engine.path())
                .isEqualTo(
                        engines().resolve("b7311-vulkan/build/bin/llama-server").toAbsolutePath());
        assertThat(Files.isExecutable(engine.path())).isTrue();
        assertThat(events)
                .extracting(EngineService_type())
                .containsSubsequence("Started", "Progress", "Verifying", "Unpacking", "Checking", "Done");
        assertThat(EngineCatalog.find(Optional.empty(), dir.resolve("data"), dir.resolve("dist"), k -> null))
                .contains(new EngineCatalog.Found(engine.path(), "installed"));
        assertThat(leftovers()).as("the verified download is deleted").isEmpty();

        // a second install of the same release is a no-op that says so
        events.clear();
        install("vulkan", "b7311");
        assertThat(events.getLast())
                .isInstanceOf(InstallEvent.Done.class)
                .extracting(e -> ((InstallEvent.Done) e).alreadyPresent())
                .isEqualTo(true);
        assertThat(github.seen()).filteredOn(s -> s.path().startsWith("/cdn/")).hasSize(1);
    }

    @Test
    void aZipWithTheServerAtItsRootAndNoUnixModesIsInstalledRunnable() {
        github.asset(
                "b7311",
                "llama-b7311-bin-ubuntu-x64.zip",
                TestArchives.zip(List.of(
                        Entry.file("llama-server", TestArchives.fakeServer("7311 (zip)"), 0),
                        Entry.file("libggml.so", "lib", 0))));
        MachineFacts noGpu = new MachineFacts("linux", "x64", List.of(), false, Optional.empty());

        InstalledEngine engine;
        try (EngineInstaller.Prepared prepared = installer(URI.create(github.url()), folder -> Long.MAX_VALUE, noGpu)
                .prepare(new EngineInstaller.Request("auto", Optional.empty()))) {
            engine = prepared.run(events::add);
        }
        assertThat(engine.name()).isEqualTo("b7311-cpu");
        assertThat(engine.path())
                .isEqualTo(engines().resolve("b7311-cpu/llama-server").toAbsolutePath());
        assertThat(Files.isExecutable(engine.path())).isTrue();
        assertThat(engine.version()).isEqualTo("7311 (zip)");
    }

    @Test
    void aDroppedDownloadKeepsItsPartAndTheNextInstallResumesIt() {
        byte[] archive = archive(TestArchives.fakeServer("1"));
        github.asset("b7311", VULKAN, archive).dropAfter(archive.length / 2);

        assertRefused("auto", null, "download_interrupted|incomplete");
        assertThat(engines().resolve(".downloads/" + VULKAN + ".part")).hasSize(archive.length / 2);

        InstalledEngine engine = install("auto", null);
        assertThat(engine.name()).isEqualTo("b7311-vulkan");
        assertThat(github.seen())
                .filteredOn(s -> s.path().startsWith("/cdn/"))
                .extracting(FakeGitHub.Seen::range)
                .containsExactly(null, "bytes=" + archive.length / 2 + "-");
    }

    @Test
    void aWrongOrMissingDigestRefusesBeforeUnpacking() {
        github.asset("b7311", VULKAN, archive(TestArchives.fakeServer("1")), Digest.WRONG)
                .asset("b6000", VULKAN.replace("7311", "6000"), archive(TestArchives.fakeServer("1")), Digest.NONE);

        InstallException wrong = assertRefused("auto", null, "checksum_mismatch");
        assertThat(wrong).hasMessageContaining("digest");
        InstallException none = assertRefused("auto", "b6000", "missing_digest");
        assertThat(none).hasMessageContaining("no sha256 digest");
        assertThat(github.seen())
                .filteredOn(s -> s.path().contains("6000") && s.path().startsWith("/cdn/"))
                .isEmpty();
    }

    @Test
    void aTruncatedOrHostileArchiveLeavesNothing() {
        byte[] whole = archive(TestArchives.fakeServer("1"), new byte[300_000]);
        github.asset("b7311", VULKAN, Arrays.copyOf(whole, whole.length / 2)) // its digest matches the cut bytes
                .asset(
                        "b7312",
                        VULKAN.replace("7311", "7312"),
                        TestArchives.tarGz(List.of(
                                Entry.file("build/bin/llama-server", TestArchives.fakeServer("1"), 0755),
                                Entry.link("build/bin/libggml.so", "../../../../../usr/lib/libc.so.6"))));

        assertThat(assertRefused("auto", "b7311", "damaged_archive")).hasMessageContaining("cannot be unpacked");
        assertThat(assertRefused("auto", "b7312", "unsafe_archive")).hasMessageContaining("points outside");
    }

    @Test
    void anEngineThatCrashesOnVersionIsRemovedNamingTheMissingLibrary() {
        github.asset("b7311", VULKAN, archive(TestArchives.crashingServer()));

        InstallException e = assertRefused("auto", null, "engine_broken");
        assertThat(e)
                .hasMessageContaining("libvulkan.so.1")
                .hasMessageContaining("exited with code 127")
                .hasMessageContaining("cannot open shared object file");
    }

    @Test
    void apiFailuresAreClearAndNothingIsWritten() {
        github.asset("b7311", VULKAN, archive(TestArchives.fakeServer("1")));
        assertThat(assertRefused("auto", "b1", "release_not_found")).hasMessageContaining("release b1");
        assertThat(assertRefused("auto", "7311; rm", "bad_version")).hasMessageContaining("b7000");

        github.apiFails(403, true);
        assertThat(assertRefused("auto", null, "rate_limited"))
                .hasMessageContaining("GITHUB_TOKEN")
                .hasMessageContaining("until 00:00 UTC");
        github.apiFails(403, false);
        assertRefused("auto", null, "github_forbidden");

        EngineInstaller offline = installer(URI.create("http://127.0.0.1:1"), folder -> Long.MAX_VALUE, LINUX_GPU);
        assertThatThrownBy(() -> offline.prepare(new EngineInstaller.Request("auto", Optional.empty())))
                .hasMessageContaining("cannot reach http://127.0.0.1:1")
                .hasMessageContaining("TETHER_ENGINE_ENDPOINT")
                .extracting(x -> ((InstallException) x).code())
                .isEqualTo("github_unreachable");
    }

    @Test
    void noMatchingFileOrMachineIsRefusedNamingTheScript() {
        github.asset("b7311", "llama-b7311-bin-win-cpu-x64.zip", new byte[] {1});
        assertThat(assertRefused("auto", null, "no_matching_asset")).hasMessageContaining("ubuntu-vulkan-x64");

        MachineFacts linuxArm = new MachineFacts("linux", "arm64", List.of(), false, Optional.empty());
        EngineInstaller arm = installer(URI.create(github.url()), folder -> Long.MAX_VALUE, linuxArm);
        assertThatThrownBy(() -> arm.prepare(new EngineInstaller.Request("auto", Optional.empty())))
                .hasMessageContaining("scripts/llama-server.sh")
                .extracting(x -> ((InstallException) x).code())
                .isEqualTo("no_matching_build");
        assertThat(github.seen()).as("nothing to ask GitHub for").hasSize(1);
    }

    @Test
    void aFullDiskIsRefusedBeforeDownloading() {
        github.asset("b7311", VULKAN, archive(TestArchives.fakeServer("1")));
        EngineInstaller full = installer(URI.create(github.url()), folder -> 1000, LINUX_GPU);

        try (EngineInstaller.Prepared prepared = full.prepare(new EngineInstaller.Request("auto", Optional.empty()))) {
            assertThatThrownBy(() -> prepared.run(events::add))
                    .hasMessageContaining("MB free")
                    .extracting(x -> ((InstallException) x).code())
                    .isEqualTo("disk_full");
        }
        assertThat(installedFolders()).isEmpty();
        assertThat(github.seen()).filteredOn(s -> s.path().startsWith("/cdn/")).isEmpty();
    }

    @Test
    void aDiskThatFillsUpMidInstallIsDiskFullAndLeavesNothing() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0,
                "needs root (or CAP_SYS_ADMIN) to mount a 1 MB tmpfs");
        try {
            byte[] noise = new byte[3_000_000];
            new java.util.Random(3).nextBytes(noise);
            byte[] sparse = new byte[3_000_000]; // compresses to a few KB: fits the download, not the unpack
            github.asset("b7311", VULKAN, archive(TestArchives.fakeServer("1"), noise))
                    .asset("b7312", VULKAN.replace("7311", "7312"), archive(TestArchives.fakeServer("1"), sparse));
            Path engines = small.resolve("engines");
            EngineInstaller installer = new EngineInstaller(
                    new ReleaseClient(URI.create(github.url()), Optional.empty(), Duration.ofSeconds(10)),
                    engines,
                    new EngineInstaller.Limits(50_000_000, 50_000_000, 1000, Duration.ofSeconds(20)),
                    () -> LINUX_GPU,
                    folder -> Long.MAX_VALUE); // past the free-space check: the writes fail

            for (String tag : List.of("b7311", "b7312")) {
                try (EngineInstaller.Prepared prepared =
                        installer.prepare(new EngineInstaller.Request("auto", Optional.of(tag)))) {
                    assertThatThrownBy(() -> prepared.run(events::add))
                            .as(tag)
                            .hasMessageContaining("is full")
                            .extracting(x -> ((InstallException) x).code())
                            .isEqualTo("disk_full");
                }
                try (Stream<Path> left = Files.walk(engines)) {
                    assertThat(left.filter(Files::isRegularFile)
                                    .map(p -> p.getFileName().toString()))
                            .as(tag + ": nothing but the lock")
                            .containsExactly(".install.lock");
                }
            }
        } finally {
            command("umount", small.toString());
        }
    }

    private static int command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void aSecondInstallWhileOneRunsIsAConflict() throws Exception {
        github.asset("b7311", VULKAN, archive(TestArchives.fakeServer("1"))).holdDownloads();
        EngineInstaller installer = installer(URI.create(github.url()), folder -> Long.MAX_VALUE, LINUX_GPU);
        CompletableFuture<InstalledEngine> first = CompletableFuture.supplyAsync(() -> {
            try (EngineInstaller.Prepared p =
                    installer.prepare(new EngineInstaller.Request("auto", Optional.empty()))) {
                return p.run(events::add);
            }
        });
        assertThat(github.awaitDownload(30)).isTrue();

        assertThatThrownBy(() -> installer.prepare(new EngineInstaller.Request("cpu", Optional.empty())))
                .extracting(x -> ((InstallException) x).code())
                .isEqualTo("install_in_progress");
        assertThatThrownBy(() -> installer.remove("b7311-vulkan"))
                .extracting(x -> ((InstallException) x).code())
                .isIn("engine_not_found", "install_in_progress");

        github.release();
        assertThat(first.get().name()).isEqualTo("b7311-vulkan");
        installer.remove("b7311-vulkan");
        assertThat(installedFolders()).isEmpty();
        assertThatThrownBy(() -> installer.remove("../etc"))
                .extracting(x -> ((InstallException) x).code())
                .isEqualTo("bad_engine");
    }

    private InstalledEngine install(String backend, String tag) {
        EngineInstaller installer = installer(URI.create(github.url()), folder -> Long.MAX_VALUE, LINUX_GPU);
        try (EngineInstaller.Prepared prepared =
                installer.prepare(new EngineInstaller.Request(backend, Optional.ofNullable(tag)))) {
            return prepared.run(events::add);
        }
    }

    /** Refused with {@code code} (a regex), and nothing installed, unpacked or half-renamed under engines/. */
    private InstallException assertRefused(String backend, String tag, String code) {
        InstallException e =
                org.junit.jupiter.api.Assertions.assertThrows(InstallException.class, () -> install(backend, tag));
        assertThat(e.code()).as(e.getMessage()).matches(code);
        assertThat(installedFolders())
                .as("nothing but downloads and the lock under engines/")
                .isEmpty();
        return e;
    }

    private EngineInstaller installer(URI endpoint, java.util.function.ToLongFunction<Path> free, MachineFacts facts) {
        return new EngineInstaller(
                new ReleaseClient(endpoint, Optional.empty(), Duration.ofSeconds(10)),
                engines(),
                new EngineInstaller.Limits(50_000_000, 50_000_000, 1000, Duration.ofSeconds(20)),
                () -> facts,
                free);
    }

    private Path engines() {
        return dir.resolve("data").resolve("engines");
    }

    private List<String> installedFolders() {
        if (!Files.isDirectory(engines())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(engines())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(EngineInstaller.DOWNLOADS) && !n.equals(".install.lock"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> leftovers() {
        try (Stream<Path> files = Files.list(engines().resolve(EngineInstaller.DOWNLOADS))) {
            return files.map(Path::toString).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.function.Function<InstallEvent, String> EngineService_type() {
        return e -> e.getClass().getSimpleName();
    }

    /** A Linux-style release archive: llama-server and a library under build/bin/. */
    static byte[] archive(String server, byte[]... extra) {
        List<Entry> entries = new ArrayList<>(List.of(
                Entry.file("build/bin/llama-server", server, 0755),
                Entry.file("build/bin/libggml.so.1", "lib", 0644),
                Entry.link("build/bin/libggml.so", "libggml.so.1")));
        for (int i = 0; i < extra.length; i++) {
            entries.add(Entry.file("build/bin/data" + i, extra[i], 0644));
        }
        return TestArchives.tarGz(entries);
    }

    private static FakeGitHub newGitHub() {
        try {
            return new FakeGitHub();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
