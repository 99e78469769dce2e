package dev.tether.pull;

import dev.tether.engine.llamacpp.GgufLimits;
import dev.tether.engine.llamacpp.GgufSummary;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a hub file's GGUF header before it is downloaded: one {@code Range} request for at most {@code maxBytes}
 * from the start, closed as soon as the header ends. Answers are kept per file version (its SHA-256, else its size),
 * so listing a repository again costs nothing.
 */
public final class HeaderProbe {

    /** The header's facts, or why they could not be read. */
    public record Result(Optional<GgufSummary> summary, Optional<String> error) {}

    private static final int CACHED = 512;
    /** A probe keeps only scalars and short strings: a tighter total than a local file's, as several run at once. */
    private static final GgufLimits LIMITS =
            new GgufLimits(GgufLimits.DEFAULT.maxStringBytes(), GgufLimits.DEFAULT.maxArrayLength(), 8L << 20);

    private final HubClient hub;
    private final long maxBytes;
    private final Map<String, Result> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > CACHED;
        }
    };

    public HeaderProbe(HubClient hub, long maxBytes) {
        this.hub = hub;
        this.maxBytes = maxBytes;
    }

    /** @param deadlineNanos when to give up reading ({@link System#nanoTime()}) */
    public Result probe(String repo, HubFile file, long deadlineNanos) {
        String key = repo + "/" + file.path() + "@" + file.sha256().orElse(Long.toString(file.size()));
        synchronized (cache) {
            Result known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        Result result = read(repo, file, deadlineNanos);
        if (result.summary().isPresent() || result.error().orElse("").startsWith("unreadable")) {
            synchronized (cache) {
                cache.put(key, result);
            }
        }
        return result;
    }

    private Result read(String repo, HubFile file, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos > 0) {
            return failed("no time was left to read its header (pull.timeout_sec)");
        }
        long length = Math.min(maxBytes, Math.max(1, file.size()));
        try (InputStream in = new BufferedInputStream(
                new BoundedInputStream(hub.head(repo, file.path(), length), length, deadlineNanos), 1 << 16)) {
            return new Result(Optional.of(GgufSummary.read(in, file.size(), LIMITS)), Optional.empty());
        } catch (BoundedInputStream.DeadlinePassed e) {
            return failed("its header took longer than pull.timeout_sec to arrive");
        } catch (EOFException e) {
            return failed(
                    length < maxBytes
                            ? "the GGUF header is cut short"
                            : "the GGUF header is longer than pull.probe_bytes (" + maxBytes + " bytes)");
        } catch (IOException e) {
            return failed("unreadable GGUF header: " + e.getMessage());
        } catch (PullException e) {
            return failed("cannot reach the file's header: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed("cannot read the file's header: " + e);
        }
    }

    private static Result failed(String why) {
        return new Result(Optional.empty(), Optional.of(why));
    }
}
