package dev.tether.tools.files;

import dev.tether.tools.ToolArgs;

/**
 * How much of one PDF text extraction may take in: a hostile file of a megabyte can inflate to gigabytes.
 *
 * @param maxFileBytes    larger PDFs are not opened
 * @param maxStreamBytes  most bytes one stream (a page's content, a font, a form) may inflate to
 * @param maxDecodedBytes most bytes all of a document's streams may inflate to together
 * @param maxChars        most characters of text taken from one PDF
 */
public record PdfLimits(long maxFileBytes, long maxStreamBytes, long maxDecodedBytes, int maxChars) {

    public PdfLimits {
        if (maxFileBytes <= 0 || maxStreamBytes <= 0 || maxDecodedBytes <= 0 || maxChars <= 0) {
            throw new IllegalArgumentException("PDF limits must be positive");
        }
    }

    /**
     * The limits from a tool's args: {@code fileKey} (the size limit, named per toolset), {@code max_pdf_stream_bytes},
     * {@code max_pdf_decoded_bytes} and {@code max_pdf_chars}.
     */
    public static PdfLimits from(ToolArgs args, String fileKey, long fileDefault) {
        return new PdfLimits(args.positiveLong(fileKey, fileDefault),
                args.positiveLong("max_pdf_stream_bytes", 32L << 20),
                args.positiveLong("max_pdf_decoded_bytes", 256L << 20),
                args.positiveInt("max_pdf_chars", 4_000_000));
    }
}
