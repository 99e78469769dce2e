package dev.tether.toolsets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes small PDF fixtures with PDFBox: one list of lines per page. */
public final class Pdfs {

    private Pdfs() {}

    public static Path write(Path file, List<List<String>> pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(50, 700);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLineAtOffset(0, -16);
                    }
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    /**
     * A one-page PDF whose content stream (FlateDecode) inflates to {@code inflatedBytes}: a line of text, then
     * NUL bytes, which PDF reads as white space and deflate squeezes about a thousandfold.
     */
    public static Path inflating(Path file, long inflatedBytes) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            COSStream content = document.getDocument().createCOSStream();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            try (OutputStream out = new DeflaterOutputStream(content.createRawOutputStream(), deflater, 1 << 16)) {
                byte[] text = "BT /F1 12 Tf 50 700 Td (inflated) Tj ET\n".getBytes(StandardCharsets.US_ASCII);
                out.write(text);
                byte[] zeros = new byte[1 << 20];
                for (long left = inflatedBytes - text.length; left > 0; left -= zeros.length) {
                    out.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
            } finally {
                deflater.end();
            }
            content.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.setContents(new PDStream(content));
            document.save(file.toFile());
        }
        return file;
    }
}
