package dev.tether.toolsets.kb;

import dev.tether.toolsets.files.PdfLimits;
import dev.tether.toolsets.files.PdfText;
import dev.tether.toolsets.files.SecureOpen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of a Markdown, text, HTML or PDF file, as sections whose lines match the source's lines. */
final class Extractor {

    private final PdfLimits pdf;
    private final long maxFileBytes;

    Extractor(PdfLimits pdf, long maxFileBytes) {
        this.pdf = pdf;
        this.maxFileBytes = maxFileBytes;
    }

    List<Section> sections(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf")) {
            List<Section> pages = new ArrayList<>();
            List<String> texts = PdfText.pages(file, pdf);
            for (int i = 0; i < texts.size(); i++) {
                pages.add(new Section(i + 1, texts.get(i)));
            }
            return pages;
        }
        String text = decode(read(file));
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            text = Html.toText(text);
        }
        return List.of(new Section(0, text));
    }

    /**
     * The file's bytes, opened as the file tools open theirs (no link followed at any component), so a file or folder
     * swapped for a link after the scan cannot pull a file from outside the folders into the index; a file that
     * grew past {@code max_file_bytes} since the scan is refused.
     */
    private byte[] read(Path file) throws IOException {
        try (InputStream in = SecureOpen.read(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
            if (bytes.length > maxFileBytes) {
                throw new IOException("larger than max_file_bytes (" + maxFileBytes + ")");
            }
            return bytes;
        }
    }

    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
