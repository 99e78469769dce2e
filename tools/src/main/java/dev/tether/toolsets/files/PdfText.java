package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF, page by page (PDFBox); also used by the knowledge base. Extraction is bounded
 * ({@link PdfLimits}): the file is read through {@link SecureOpen} up to its size limit, every stream is inflated
 * into a counter first ({@link InflateCheck}), buffers PDFBox creates spill to a scratch file past a few MiB, and
 * the text stops at a number of characters. Each refusal is a {@link ToolException} that names the file. The
 * parsing itself runs in a child JVM with a heap cap and a deadline ({@link PdfChild}), so a file that outgrows
 * every check above costs the child, not the server.
 */
public final class PdfText {

    private static final long SCRATCH_AFTER_BYTES = 4L << 20;

    private PdfText() {}

    /**
     * Whether {@code path} is a PDF: it starts with {@code %PDF-}, or it is named {@code .pdf} and has that header
     * within its first KiB (the format allows leading bytes).
     */
    public static boolean isPdf(Path path) {
        boolean named =
                path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf");
        try (var in = SecureOpen.read(path)) {
            String head = new String(in.readNBytes(1024), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.startsWith("%PDF-") || (named && head.contains("%PDF-"));
        } catch (IOException e) {
            return named;
        }
    }

    /**
     * The text of each page, in order; a {@link ToolException} for a file past the limits, unreadable, or whose
     * parsing outgrew the child's heap or deadline ({@link PdfChild}).
     */
    public static List<String> pages(Path path, PdfLimits limits) {
        String name = path.getFileName().toString();
        return PdfChild.pages(read(path, limits.maxFileBytes()), limits, name);
    }

    /** The number of pages, or -1 when the file is larger than the limit, cannot be parsed, or outgrew the child. */
    public static int pageCount(Path path, PdfLimits limits) {
        try {
            return PdfChild.pageCount(
                    read(path, limits.maxFileBytes()),
                    limits,
                    path.getFileName().toString());
        } catch (ToolException e) {
            return -1;
        }
    }

    /** In this JVM: the text of each page of {@code bytes}; run by the child ({@link PdfWorker}). */
    static List<String> extractPages(byte[] bytes, PdfLimits limits, String name) {
        try (PDDocument document = load(bytes)) {
            InflateCheck.check(document.getDocument(), limits, name);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            Text text = new Text(limits.maxChars(), name);
            List<String> pages = new ArrayList<>();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                stripper.writeText(document, text);
                pages.add(text.page());
            }
            return pages;
        } catch (InvalidPasswordException e) {
            throw new ToolException("the PDF is encrypted: " + name);
        } catch (IOException e) {
            throw new ToolException("cannot read the PDF " + name + ": " + e.getMessage());
        }
    }

    /** In this JVM: the number of pages of {@code bytes}; run by the child ({@link PdfWorker}). */
    static int countPages(byte[] bytes, String name) {
        try (PDDocument document = load(bytes)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new ToolException("cannot read the PDF " + name + ": " + e.getMessage());
        }
    }

    /** The file's bytes, read beneath the root without following links, refused past {@code maxBytes}. */
    private static byte[] read(Path path, long maxBytes) {
        byte[] bytes;
        try (InputStream in = SecureOpen.read(path)) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
        } catch (IOException e) {
            throw new ToolException("cannot read the PDF " + path.getFileName() + ": " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw new ToolException(
                    "refused: the PDF " + path.getFileName() + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    /** Parses with buffers that go to a scratch file once they pass a few MiB. */
    private static PDDocument load(byte[] bytes) throws IOException {
        return Loader.loadPDF(
                new RandomAccessReadBuffer(bytes),
                "",
                null,
                null,
                MemoryUsageSetting.setupMixed(SCRATCH_AFTER_BYTES).streamCache);
    }

    /** Collects one page's text at a time and refuses once the whole document passes the character limit. */
    private static final class Text extends Writer {

        private final int maxChars;
        private final String file;
        private final StringBuilder page = new StringBuilder();
        private long written;

        Text(int maxChars, String file) {
            this.maxChars = maxChars;
            this.file = file;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            written += length;
            if (written > maxChars) {
                throw new ToolException("refused: the text of the PDF " + file + " is longer than " + maxChars
                        + " characters (max_pdf_chars)");
            }
            page.append(chars, offset, length);
        }

        String page() {
            String text = page.toString();
            page.setLength(0);
            return text;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
