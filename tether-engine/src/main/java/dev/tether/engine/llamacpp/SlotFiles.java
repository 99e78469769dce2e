package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Message;
import dev.tether.engine.remote.OpenAiChatClient;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * One model's saved llama-server slots, one file per session in {@code dir} (llama-server's {@code --slot-save-path}),
 * each with a sidecar saying which prefix it holds: how many messages, a hash of them and the tools, and the prompt's
 * token count. A file is written under a temporary name and renamed, so a crash leaves the old file or none. A file
 * is restored only when its prefix starts what is about to be sent; one that fails or no longer matches is deleted and
 * the turn reads its whole prompt.
 */
final class SlotFiles {

    private static final Logger LOG = Logger.getLogger(SlotFiles.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a saved slot holds: the first {@code messages} messages (with the tools) hashing to {@code hash}; and the
     * file's size and CRC-32C, checked before a restore (llama-server restores a truncated file and then crashes).
     */
    record Prefix(int messages, String hash, int tokens, long bytes, long crc) {}

    /** How long a restore waits for a save of the same session still in flight (a turn that followed at once). */
    private static final Duration SAVE_WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final SessionCacheFiles all;
    /** Sessions with saves announced and not yet finished, and how many. */
    private final Map<String, Integer> pending = new HashMap<>();

    private final AtomicLong temporaries = new AtomicLong();

    SlotFiles(Path dir, SessionCacheFiles all) {
        this.dir = dir;
        this.all = all;
        SessionCacheFiles.ownerOnlyDirectory(dir);
        SessionCacheFiles.deleteLeftovers(dir);
    }

    Path dir() {
        return dir;
    }

    /**
     * Restores {@code session}'s file into {@code slot} if it holds a prefix of {@code messages}. A stale or
     * unreadable file is deleted. True when llama-server was handed a file, restored or refused: either can leave it
     * to stop on the next completion.
     */
    boolean restore(OpenAiChatClient client, int slot, String session, List<Message> messages, List<ToolSpec> tools) {
        awaitSaves(session);
        String name = SessionCacheFiles.fileName(session);
        Path file = dir.resolve(name);
        Optional<Prefix> recorded = recorded(session);
        if (!Files.exists(file) || recorded.isEmpty()) {
            if (Files.exists(file) || recorded.isPresent()) {
                LOG.warning(() -> "deleting the saved cache " + file + ": its record is missing or unreadable");
                all.deleteFiles(dir, name);
            }
            return false;
        }
        Prefix prefix = recorded.get();
        if (!intact(file, prefix)) {
            LOG.warning(() -> "deleting the saved cache " + file + ": it is not the file that was saved");
            all.deleteFiles(dir, name);
            return false;
        }
        if (prefix.messages() > messages.size() || !prefix.hash().equals(hash(messages, prefix.messages(), tools))) {
            LOG.info(() -> "deleting the saved cache of session " + session + ": its conversation changed");
            all.deleteFiles(dir, name);
            return false;
        }
        try {
            LOG.fine(() -> "restoring session " + session + " into slot " + slot);
            JsonNode answer = client.post(
                    "slots/" + slot + "?action=restore", JSON.createObjectNode().put("filename", name));
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            LOG.info(() -> "restored " + answer.path("n_restored").asInt() + " tokens of session " + session + " ("
                    + prefix.bytes() + " bytes) in "
                    + answer.path("timings").path("restore_ms").asDouble() + " ms");
            return true;
        } catch (RuntimeException | IOException e) {
            LOG.warning(() -> "deleting the saved cache " + file + ", which did not restore: " + e.getMessage());
            all.deleteFiles(dir, name);
            return true;
        }
    }

    /**
     * Announces a save of {@code session} that is about to start on another thread: a restore of the same session
     * waits for it (a few seconds at most), so a turn that follows at once gets the newest file. Pair with
     * {@link #save}, which ends it.
     */
    synchronized void saveComing(String session) {
        pending.merge(session, 1, Integer::sum);
    }

    /** Ends an announced save (also when it could not start). */
    synchronized void saveDone(String session) {
        pending.computeIfPresent(session, (k, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    private synchronized void awaitSaves(String session) {
        long deadline = System.nanoTime() + SAVE_WAIT.toNanos();
        try {
            for (long left = SAVE_WAIT.toNanos();
                    pending.containsKey(session) && left > 0;
                    left = deadline - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Saves {@code slot}, which holds {@code messages} (and the answer to them), as {@code session}'s file, ending the
     * save {@link #saveComing} announced.
     */
    void save(
            OpenAiChatClient client,
            int slot,
            String session,
            List<Message> messages,
            List<ToolSpec> tools,
            int promptTokens) {
        String name = SessionCacheFiles.fileName(session);
        // its own temporary name: two saves of one session (two slots) never write the same file
        String temporary = name + "." + temporaries.incrementAndGet() + SessionCacheFiles.TEMPORARY;
        try {
            JsonNode answer = client.post(
                    "slots/" + slot + "?action=save", JSON.createObjectNode().put("filename", temporary));
            Path written = dir.resolve(temporary);
            SessionCacheFiles.ownerOnly(written);
            long bytes = Files.size(written);
            long reported = answer.path("n_written").asLong(-1);
            if (bytes != reported) {
                // llama-server does not check the last write of a full disk: the file is cut short
                throw new IOException("the file has " + bytes + " bytes, llama-server wrote " + reported);
            }
            Prefix prefix = new Prefix(
                    messages.size(), hash(messages, messages.size(), tools), promptTokens, bytes, crc(written));
            publish(written, name, prefix);
            all.enforceBudget();
            LOG.fine(() -> "saved " + answer.path("n_saved").asInt() + " tokens of session " + session + " (" + bytes
                    + " bytes) in " + answer.path("timings").path("save_ms").asDouble() + " ms");
        } catch (RuntimeException | IOException e) {
            all.deleteFiles(dir, temporary);
            LOG.warning(() -> "could not save the cache of session " + session + ": " + e.getMessage());
        } finally {
            saveDone(session);
        }
    }

    /**
     * Puts the written file and its record in place together, so a record always describes the file beside it; the
     * file comes last, so a file in place (what {@code GET /sessions/{id}} reports) has its record.
     */
    private synchronized void publish(Path written, String name, Prefix prefix) throws IOException {
        Path record = dir.resolve(name + SessionCacheFiles.RECORD + SessionCacheFiles.TEMPORARY);
        Files.writeString(record, JSON.writeValueAsString(prefix));
        SessionCacheFiles.ownerOnly(record);
        try {
            move(record, dir.resolve(name + SessionCacheFiles.RECORD));
            move(written, dir.resolve(name));
        } finally {
            Files.deleteIfExists(record);
        }
    }

    /** Deletes {@code session}'s file. */
    void forget(String session) {
        LOG.warning(() -> "deleting the saved cache of session " + session
                + ": llama-server stopped after restoring it; the turn reads the whole history on a new one");
        all.deleteFiles(dir, SessionCacheFiles.fileName(session));
    }

    Optional<Prefix> recorded(String session) {
        Path record = dir.resolve(SessionCacheFiles.fileName(session) + SessionCacheFiles.RECORD);
        try {
            return Optional.of(JSON.readValue(Files.readString(record), Prefix.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean intact(Path file, Prefix prefix) {
        try {
            return Files.size(file) == prefix.bytes() && crc(file) == prefix.crc();
        } catch (IOException e) {
            return false;
        }
    }

    static long crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** SHA-256 over the tools and the first {@code count} messages as they go on the wire. */
    static String hash(List<Message> messages, int count, List<ToolSpec> tools) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ToolSpec tool : tools) {
                digest.update(OpenAiWire.tool(tool).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update((byte) 1);
            for (int i = 0; i < count; i++) {
                digest.update(OpenAiWire.message(messages.get(i)).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
