package dev.tether.tools.files;

import dev.tether.engine.tool.ToolException;
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

    /** Whether {@code path} looks like a PDF: by its first bytes, or its name when it cannot be read. */
    public static boolean isPdf(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(5);
            return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-");
        } catch (IOException e) {
            return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf");
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
