package dev.tether.pull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a download fits: the free space of the file system that will hold it, against the bytes still to come. */
final class FreeSpace {

    private FreeSpace() {}

    /** Refuses with {@code insufficient_storage} when {@code bytes} more do not fit beside {@code target}. */
    static void require(Path target, long bytes) {
        long usable = usable(target);
        if (bytes > 0 && usable >= 0 && bytes > usable) {
            throw new PullException(
                    PullException.Kind.INSUFFICIENT_STORAGE,
                    "insufficient_storage",
                    "the download needs " + bytes + " more bytes but "
                            + target.toAbsolutePath().getParent() + " has " + usable
                            + " free; free some space or choose another dist_root");
        }
    }

    /** The usable bytes of the nearest existing folder holding {@code target}; -1 when it cannot be told. */
    private static long usable(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        while (folder != null && !Files.isDirectory(folder)) {
            folder = folder.getParent();
        }
        try {
            return folder == null ? -1 : Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
