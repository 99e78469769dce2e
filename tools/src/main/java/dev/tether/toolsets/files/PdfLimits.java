package dev.tether.toolsets.files;

import dev.tether.toolsets.ToolArgs;
import java.time.Duration;

/**
 * How much of one PDF text extraction may take in: a hostile file of a megabyte can inflate to gigabytes, or draw
 * one form inside another until the end of time. The extraction runs in a child JVM ({@link PdfChild}) whose heap
 * is {@code maxHeapBytes} and which is killed after {@code timeout}, whatever the file's shape.
 *
 * @param maxFileBytes    larger PDFs are not opened
 * @param maxStreamBytes  most bytes one stream (a page's content, a font, a form) may inflate to
 * @param maxDecodedBytes most bytes all of a document's streams may inflate to together
 * @param maxChars        most characters of text taken from one PDF
 * @param maxHeapBytes    the heap of the child JVM that parses the PDF
 * @param timeout         how long the child may run before it is killed (waiting for a place included)
 * @param maxChildren     children parsing at once; more wait (toolsets with the same value share the places)
 */
public record PdfLimits(
        long maxFileBytes,
        long maxStreamBytes,
        long maxDecodedBytes,
        int maxChars,
        long maxHeapBytes,
        Duration timeout,
        int maxChildren) {

    public static final long DEFAULT_HEAP_BYTES = 512L << 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_CHILDREN = 2;

    public PdfLimits {
        if (maxFileBytes <= 0
                || maxStreamBytes <= 0
                || maxDecodedBytes <= 0
                || maxChars <= 0
                || maxHeapBytes < (16L << 20)
                || timeout.isNegative()
                || timeout.isZero()
                || maxChildren <= 0) {
            throw new IllegalArgumentException("PDF limits must be positive (and the heap at least 16 MiB)");
        }
    }

    /** The byte and character limits, with the default heap and deadline of the child. */
    public PdfLimits(long maxFileBytes, long maxStreamBytes, long maxDecodedBytes, int maxChars) {
        this(
                maxFileBytes,
                maxStreamBytes,
                maxDecodedBytes,
                maxChars,
                DEFAULT_HEAP_BYTES,
                DEFAULT_TIMEOUT,
                DEFAULT_CHILDREN);
    }

    /**
     * The limits from a tool's args: {@code fileKey} (the size limit, named per toolset), {@code max_pdf_stream_bytes},
     * {@code max_pdf_decoded_bytes}, {@code max_pdf_chars}, {@code max_pdf_heap_bytes}, {@code pdf_timeout_ms} and
     * {@code max_pdf_children}.
     */
    public static PdfLimits from(ToolArgs args, String fileKey, long fileDefault) {
        return new PdfLimits(
                args.positiveLong(fileKey, fileDefault),
                args.positiveLong("max_pdf_stream_bytes", 32L << 20),
                args.positiveLong("max_pdf_decoded_bytes", 256L << 20),
                args.positiveInt("max_pdf_chars", 4_000_000),
                Math.max(16L << 20, args.positiveLong("max_pdf_heap_bytes", DEFAULT_HEAP_BYTES)),
                Duration.ofMillis(args.positiveLong("pdf_timeout_ms", DEFAULT_TIMEOUT.toMillis())),
                args.positiveInt("max_pdf_children", DEFAULT_CHILDREN));
    }
}
