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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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

    private final Path dir;
    private final SessionCacheFiles all;

    SlotFiles(Path dir, SessionCacheFiles all) {
        this.dir = dir;
        this.all = all;
        SessionCacheFiles.ownerOnlyDirectory(dir);
    }

    Path dir() {
        return dir;
    }

    /**
     * Restores {@code session}'s file into {@code slot} if it holds a prefix of {@code messages}; true if it did. A
     * stale or unreadable file is deleted.
     */
    boolean restore(OpenAiChatClient client, int slot, String session, List<Message> messages, List<ToolSpec> tools) {
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
            JsonNode answer = client.post(
                    "slots/" + slot + "?action=restore", JSON.createObjectNode().put("filename", name));
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            LOG.fine(() -> "restored " + answer.path("n_restored").asInt() + " tokens of session " + session);
            return true;
        } catch (RuntimeException | IOException e) {
            LOG.warning(() -> "deleting the saved cache " + file + ", which did not restore: " + e.getMessage());
            all.deleteFiles(dir, name);
            return false;
        }
    }

    /** Saves {@code slot}, which holds {@code messages} (and the answer to them), as {@code session}'s file. */
    void save(
            OpenAiChatClient client,
            int slot,
            String session,
            List<Message> messages,
            List<ToolSpec> tools,
            int promptTokens) {
        String name = SessionCacheFiles.fileName(session);
        String temporary = name + ".tmp";
        try {
            client.post(
                    "slots/" + slot + "?action=save", JSON.createObjectNode().put("filename", temporary));
            Path written = dir.resolve(temporary);
            SessionCacheFiles.ownerOnly(written);
            Prefix prefix = new Prefix(
                    messages.size(),
                    hash(messages, messages.size(), tools),
                    promptTokens,
                    Files.size(written),
                    crc(written));
            move(written, dir.resolve(name));
            Path record = dir.resolve(name + ".json.tmp");
            Files.writeString(record, JSON.writeValueAsString(prefix));
            SessionCacheFiles.ownerOnly(record);
            move(record, dir.resolve(name + SessionCacheFiles.RECORD));
            all.enforceBudget();
        } catch (RuntimeException | IOException e) {
            LOG.warning(() -> "could not save the cache of session " + session + ": " + e.getMessage());
            all.deleteFiles(dir, temporary);
            all.deleteFiles(dir, name + ".json.tmp");
        }
    }

    /** Deletes {@code session}'s file. */
    void forget(String session) {
        LOG.warning(
                () -> "deleting the saved cache of session " + session + ": llama-server stopped after restoring it");
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
