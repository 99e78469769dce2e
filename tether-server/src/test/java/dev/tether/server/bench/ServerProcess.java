package dev.tether.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real server jar run as its own process, and what a soak reads about it: heap used after a full GC (through
 * {@code jcmd}, from the same JDK), RSS, threads and open file descriptors (from {@code /proc}, so Linux only).
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Tether listening on (http://\\S+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap .*used (\\d+)K");

    private final Process process;
    private final String url;

    private ServerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts {@code java -jar jar --config config --port 0} and waits for its "listening" line. */
    static ServerProcess start(Path jar, Path config) throws Exception {
        Process process = new ProcessBuilder(
                        tool("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        jar.toString(),
                        "--config",
                        config.toString(),
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> drain(process, url));
        try {
            return new ServerProcess(process, url.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads the server's output to its end (so it never blocks on a full pipe), completing url on the way. */
    private static void drain(Process process, CompletableFuture<String> url) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                } else if (!url.isDone() || line.contains("SEVERE") || line.contains("Exception")) {
                    System.err.println("server: " + line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        url.completeExceptionally(new IllegalStateException("the server stopped before it listened"));
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** Runs a full GC in the server and returns the heap used after it, in MB. */
    double heapAfterGcMb() throws Exception {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    double rssMb() throws IOException {
        return statusField("VmRSS:") / 1024.0;
    }

    int threads() throws IOException {
        return (int) statusField("Threads:");
    }

    long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.count();
        }
    }

    private long statusField(String name) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            return lines.filter(l -> l.startsWith(name))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .orElseThrow();
        }
    }

    private String jcmd(String command) throws Exception {
        Process jcmd = new ProcessBuilder(tool("jcmd"), Long.toString(pid()), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
