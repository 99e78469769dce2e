package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheFilesTest {

    @TempDir
    Path data;

    private Path write(String model, String session, int bytes, long modifiedMillis) throws Exception {
        Path dir = Files.createDirectories(data.resolve("kv").resolve(model));
        Path file = dir.resolve(SessionCacheFiles.fileName(session));
        Files.write(file, new byte[bytes]);
        Files.writeString(dir.resolve(file.getFileName() + SessionCacheFiles.RECORD), "{}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file;
    }

    @Test
    void theBudgetEvictsTheLeastRecentlyUsedFiles() throws Exception {
        Path oldest = write("m1", "a", 1000, 1_000_000);
        Path middle = write("m2", "b", 1000, 2_000_000);
        Path newest = write("m1", "c", 1000, 3_000_000);

        new SessionCacheFiles(data, 2500).enforceBudget();

        assertThat(oldest).doesNotExist();
        assertThat(oldest.resolveSibling(oldest.getFileName() + SessionCacheFiles.RECORD))
                .doesNotExist();
        assertThat(middle).exists();
        assertThat(newest).exists();

        new SessionCacheFiles(data, 1000).enforceBudget();
        assertThat(middle).doesNotExist();
        assertThat(newest).exists();
    }

    @Test
    void aSessionsFilesOfEveryModelAreSizedAndDeleted() throws Exception {
        Path one = write("m1", "s", 100, 1_000_000);
        Path two = write("m2", "s", 50, 1_000_000);
        Path other = write("m1", "t", 10, 1_000_000);
        SessionCacheFiles caches = new SessionCacheFiles(data, Long.MAX_VALUE);

        assertThat(caches.size("s")).hasValue(150);
        assertThat(caches.size("nobody")).isEmpty();
        caches.delete("s");

        assertThat(one).doesNotExist();
        assertThat(two).doesNotExist();
        assertThat(other).exists();
        assertThat(caches.size("s")).isEmpty();
    }

    @Test
    void aFileNameIsPlainWhateverTheSessionIdHolds() {
        assertThat(SessionCacheFiles.fileName("../../etc/passwd x")).matches("[0-9a-f]{32}\\.slot");
        assertThat(SessionCacheFiles.fileName("a")).isNotEqualTo(SessionCacheFiles.fileName("b"));
    }

    /** Saves renaming their temporary files meanwhile never make a session's file look absent (nor undeletable). */
    @Test
    void filesRenamedDuringAListingDoNotHideTheOthers() throws Exception {
        write("m1", "kept", 10, 1_000_000);
        Path dir = data.resolve("kv").resolve("m1");
        SessionCacheFiles caches = SessionCacheFiles.under(data);
        AtomicBoolean stop = new AtomicBoolean();
        Thread saves = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    Path temporary = Files.write(dir.resolve("x" + i + ".slot.tmp"), new byte[1]);
                    Files.move(temporary, dir.resolve("x" + i + ".slot"));
                    Files.delete(dir.resolve("x" + i + ".slot"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try {
            for (int i = 0; i < 5_000; i++) {
                assertThat(caches.size("kept")).as("listing %d", i).hasValue(10);
            }
        } finally {
            stop.set(true);
            saves.join();
        }
    }
}
