package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * Inflates every stream that text extraction may decode (page contents, forms, fonts, CMaps) into a counter before
 * PDFBox does: PDFBox decodes a whole stream into memory, so one page that inflates to a gigabyte would take a
 * gigabyte of heap. A stream past {@link PdfLimits#maxStreamBytes}, or all of them together past
 * {@link PdfLimits#maxDecodedBytes}, refuses the file after inflating at most that much. Images are skipped:
 * text extraction never decodes them.
 */
final class InflateCheck {

    private static final Set<COSName> IMAGE_CODECS = Set.of(
            COSName.DCT_DECODE,
            COSName.DCT_DECODE_ABBREVIATION,
            COSName.JPX_DECODE,
            COSName.CCITTFAX_DECODE,
            COSName.CCITTFAX_DECODE_ABBREVIATION,
            COSName.JBIG2_DECODE);

    private final PdfLimits limits;
    private final String file;
    private long total;

    private InflateCheck(PdfLimits limits, String file) {
        this.limits = limits;
        this.file = file;
    }

    /** Throws a {@link ToolException} naming {@code file} when a stream of {@code document} inflates too far. */
    static void check(COSDocument document, PdfLimits limits, String file) {
        new InflateCheck(limits, file).all(document);
    }

    private void all(COSDocument document) {
        for (Map.Entry<COSObjectKey, Long> entry :
                List.copyOf(document.getXrefTable().entrySet())) {
            // a negative offset is an object inside an object stream, which is never a stream itself
            if (entry.getValue() == null || entry.getValue() <= 0) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ToolException("reading the PDF was cancelled");
            }
            COSBase object = document.getObjectFromPool(entry.getKey()).getObject();
            if (object instanceof COSStream stream && !isImage(stream)) {
                stream(stream);
            }
        }
    }

    private void stream(COSStream stream) {
        List<Filter> filters = new ArrayList<>();
        try {
            for (COSName name : filterNames(stream.getFilters())) {
                if (IMAGE_CODECS.contains(name)) {
                    throw new ToolException(
                            "refused: the PDF " + file + " has an image codec on a stream that " + "is not an image");
                }
                filters.add(FilterFactory.INSTANCE.getFilter(name));
            }
            if (filters.isEmpty()) {
                return; // PDFBox reads an unfiltered stream straight from the file
            }
            InputStream input = stream.createRawInputStream();
            for (int i = 0; i < filters.size(); i++) {
                try (InputStream in = input) {
                    boolean last = i == filters.size() - 1;
                    Counter out = last ? new Counter(null) : new Counter(new ByteArrayOutputStream());
                    try {
                        filters.get(i).decode(in, out, stream, i);
                    } finally {
                        total += last ? out.count : 0;
                    }
                    if (last) {
                        break;
                    }
                    input = new ByteArrayInputStream(((ByteArrayOutputStream) out.kept).toByteArray());
                }
            }
        } catch (IOException e) {
            // a damaged stream: PDFBox copes (or fails) on its own when it reads it; what inflated was counted
        }
    }

    private static List<COSName> filterNames(COSBase filters) {
        if (filters instanceof COSName name) {
            return List.of(name);
        }
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** An image XObject, or a thumbnail (an image dictionary without a Subtype). */
    private static boolean isImage(COSStream stream) {
        return COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))
                || (stream.containsKey(COSName.WIDTH)
                        && stream.containsKey(COSName.HEIGHT)
                        && !stream.containsKey(COSName.SUBTYPE));
    }

    /** Counts what one filter writes, keeps it only when another filter follows, and stops at the limits. */
    private final class Counter extends OutputStream {

        private final OutputStream kept;
        private long count;

        Counter(OutputStream kept) {
            this.kept = kept;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            count += length;
            if (count > limits.maxStreamBytes()) {
                throw new ToolException("refused: the PDF " + file + " has a stream that inflates past "
                        + limits.maxStreamBytes() + " bytes (max_pdf_stream_bytes)");
            }
            if (total + count > limits.maxDecodedBytes()) {
                throw new ToolException("refused: the PDF " + file + " inflates past " + limits.maxDecodedBytes()
                        + " bytes in all (max_pdf_decoded_bytes)");
            }
            if (kept != null) {
                kept.write(bytes, offset, length);
            }
        }
    }
}
