package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parses one PDF in a child JVM ({@link PdfWorker}) with the same {@code java} and classpath as this one, a heap of
 * {@link PdfLimits#maxHeapBytes()} and a deadline of {@link PdfLimits#timeout()}. Past the deadline, or when the
 * calling thread is interrupted (a tool call's timeout or cancel), the child is killed and waited for before the
 * refusal is thrown: no parsing goes on after the call has returned.
 */
final class PdfChild {

    private static final int EXIT_OUT_OF_MEMORY = 3;
    private static final ExecutorService IO = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pdf-child-io-", 0).factory());
    /** Places for children, by {@code max_pdf_children}: toolsets configured alike share them. */
    private static final Map<Integer, Semaphore> PLACES = new ConcurrentHashMap<>();

    private PdfChild() {}

    @SuppressWarnings("unchecked")
    static List<String> pages(byte[] pdf, PdfLimits limits, String name) {
        return (List<String>) run(PdfWorker.PAGES, pdf, limits, name);
    }

    static int pageCount(byte[] pdf, PdfLimits limits, String name) {
        return (Integer) run(PdfWorker.COUNT, pdf, limits, name);
    }

    private static Object run(String op, byte[] pdf, PdfLimits limits, String name) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Semaphore places = PLACES.computeIfAbsent(limits.maxChildren(), Semaphore::new);
        try {
            if (!places.tryAcquire(limits.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ToolException("refused: no place to parse the PDF " + name + " within "
                        + limits.timeout().toMillis() + " ms (max_pdf_children " + limits.maxChildren()
                        + " busy; pdf_timeout_ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("reading the PDF " + name + " was cancelled");
        }
        try {
            return runChild(op, pdf, limits, name, deadline);
        } finally {
            places.release();
        }
    }

    private static Object runChild(String op, byte[] pdf, PdfLimits limits, String name, long deadline) {
        Process child;
        try {
            child = new ProcessBuilder(command(limits))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new ToolException("cannot start the PDF reader: " + e.getMessage());
        }
        Future<Object> reply = IO.submit(() -> exchange(child, op, pdf, limits, name));
        try {
            return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ToolException("refused: parsing the PDF " + name + " took longer than "
                    + limits.timeout().toMillis() + " ms (pdf_timeout_ms); it was stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("reading the PDF " + name + " was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ToolException refused) {
                throw refused;
            }
            throw new ToolException("cannot read the PDF " + name + ": " + e.getCause());
        } finally {
            reply.cancel(true);
            stop(child);
        }
    }

    private static Object exchange(Process child, String op, byte[] pdf, PdfLimits limits, String name)
            throws IOException, InterruptedException {
        // stdin stays open until the child is stopped: its end of file tells the child that the server is gone
        DataOutputStream request = new DataOutputStream(new BufferedOutputStream(child.getOutputStream(), 1 << 16));
        request.writeUTF(op);
        request.writeUTF(name);
        request.writeLong(limits.maxFileBytes());
        request.writeLong(limits.maxStreamBytes());
        request.writeLong(limits.maxDecodedBytes());
        request.writeInt(limits.maxChars());
        request.writeInt(pdf.length);
        request.write(pdf);
        request.flush();
        DataInputStream in = new DataInputStream(new BufferedInputStream(child.getInputStream(), 1 << 16));
        try {
            int kind = in.readUnsignedByte();
            return switch (kind) {
                case PdfWorker.REPLY_PAGES -> readPages(in, limits, name);
                case PdfWorker.REPLY_COUNT -> in.readInt();
                case PdfWorker.REPLY_REFUSED -> throw new ToolException(in.readUTF());
                // the JVM's own last words (an out-of-memory exit) go to stdout too
                default -> throw died(child, limits, name);
            };
        } catch (EOFException e) {
            throw died(child, limits, name);
        }
    }

    /** The pages, read with the same character bound the child applies (UTF-8 takes at most 4 bytes a char). */
    private static List<String> readPages(DataInputStream in, PdfLimits limits, String name) throws IOException {
        int count = in.readInt();
        long budget = 4L * limits.maxChars();
        if (count < 0 || count > 10_000_000) {
            throw new ToolException("the PDF reader answered nonsense for " + name);
        }
        List<String> pages = new ArrayList<>(Math.min(count, 10_000));
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            budget -= length;
            if (length < 0 || budget < 0) {
                throw new ToolException("the PDF reader answered nonsense for " + name);
            }
            pages.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
        return pages;
    }

    private static ToolException died(Process child, PdfLimits limits, String name) throws InterruptedException {
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
            return new ToolException("the PDF reader stopped answering for " + name);
        }
        if (child.exitValue() == EXIT_OUT_OF_MEMORY) {
            return new ToolException("refused: parsing the PDF " + name + " needed more than "
                    + (limits.maxHeapBytes() >> 20) + " MiB of memory (max_pdf_heap_bytes); it was stopped");
        }
        return new ToolException("the PDF reader ended with exit code " + child.exitValue() + " on " + name);
    }

    /** Kills the child if it still runs and waits until it is gone, even when this thread is interrupted. */
    private static void stop(Process child) {
        child.destroyForcibly();
        boolean interrupted = false;
        while (child.isAlive()) {
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command line: this JVM's {@code java} and classpath, the heap cap, an exit on out-of-memory. */
    static List<String> command(PdfLimits limits) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + (limits.maxHeapBytes() >> 20) + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PdfWorker.class.getName());
        return command;
    }
}
