package dev.tether.tools.files;

import dev.tether.tool.ToolException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text of a PDF, page by page (PDFBox); also used by the knowledge base. */
public final class PdfText {

    private PdfText() {
    }

    /**
     * Whether {@code path} is a PDF: it starts with {@code %PDF-}, or it is named {@code .pdf} and has that header
     * within its first KiB (the format allows leading bytes).
     */
    public static boolean isPdf(Path path) {
        boolean named = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf");
        try (var in = SecureOpen.read(path)) {
            String head = new String(in.readNBytes(1024), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.startsWith("%PDF-") || (named && head.contains("%PDF-"));
        } catch (IOException e) {
            return named;
        }
    }

    /** The text of each page, in order; a {@link ToolException} for files over {@code maxBytes} or unreadable. */
    public static List<String> pages(Path path, long maxBytes) {
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new ToolException("PDF is too large to read (" + size + " bytes; the limit is " + maxBytes + ")");
            }
            try (PDDocument document = Loader.loadPDF(path.toFile())) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                List<String> pages = new ArrayList<>();
                for (int page = 1; page <= document.getNumberOfPages(); page++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ToolException("reading the PDF was cancelled");
                    }
                    stripper.setStartPage(page);
                    stripper.setEndPage(page);
                    pages.add(stripper.getText(document));
                }
                return pages;
            }
        } catch (InvalidPasswordException e) {
            throw new ToolException("the PDF is encrypted: " + path.getFileName());
        } catch (IOException e) {
            throw new ToolException("cannot read the PDF " + path.getFileName() + ": " + e.getMessage());
        }
    }

    /** The number of pages, or -1 when the file cannot be parsed. */
    public static int pageCount(Path path) {
        try (PDDocument document = Loader.loadPDF(path.toFile())) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            return -1;
        }
    }
}
