package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The child JVM that parses one PDF for {@link PdfChild}: it reads one request from stdin, writes one reply to
 * stdout and exits. While it works it keeps reading stdin, and ends itself at end of file: when the server is
 * gone (killed included), its side of the pipe closes and the child does not outlive it.
 */
public final class PdfWorker {

    static final String PAGES = "pages";
    static final String COUNT = "count";
    static final int REPLY_PAGES = 0;
    static final int REPLY_COUNT = 1;
    static final int REPLY_REFUSED = 2;
    static final int EXIT_PARENT_GONE = 4;

    private PdfWorker() {}

    public static void main(String[] args) throws IOException {
        InputStream stdin = new BufferedInputStream(System.in);
        DataInputStream in = new DataInputStream(stdin);
        String op = in.readUTF();
        String name = in.readUTF();
        long maxFile = in.readLong();
        long maxStream = in.readLong();
        long maxDecoded = in.readLong();
        int maxChars = in.readInt();
        byte[] pdf = in.readNBytes(in.readInt());
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> exitAtEndOf(stdin));

        PdfLimits limits = new PdfLimits(maxFile, maxStream, maxDecoded, maxChars);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
        try {
            if (PAGES.equals(op)) {
                List<String> pages = PdfText.extractPages(pdf, limits, name);
                out.writeByte(REPLY_PAGES);
                out.writeInt(pages.size());
                for (String page : pages) {
                    byte[] utf8 = page.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            } else {
                int count = PdfText.countPages(pdf, name);
                out.writeByte(REPLY_COUNT);
                out.writeInt(count);
            }
        } catch (ToolException e) {
            refuse(out, e.getMessage());
        } catch (StackOverflowError e) {
            refuse(out, "refused: the PDF " + name + " is nested too deeply to parse");
        } catch (RuntimeException e) {
            refuse(out, "cannot read the PDF " + name + ": " + e);
        }
        out.flush();
        System.exit(0);
    }

    private static void refuse(DataOutputStream out, String message) throws IOException {
        out.writeByte(REPLY_REFUSED);
        out.writeUTF(message.length() > 2000 ? message.substring(0, 2000) : message);
    }

    private static void exitAtEndOf(InputStream stdin) {
        try {
            while (stdin.read() >= 0) {
                // the parent writes nothing more; it only holds the pipe open while it waits
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
        Runtime.getRuntime().halt(EXIT_PARENT_GONE);
    }
}
