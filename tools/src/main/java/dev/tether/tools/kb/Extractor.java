package dev.tether.tools.kb;

import dev.tether.tools.files.PdfLimits;
import dev.tether.tools.files.PdfText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of a Markdown, text, HTML or PDF file, as sections whose lines match the source's lines. */
final class Extractor {

    private final PdfLimits pdf;

    Extractor(PdfLimits pdf) {
        this.pdf = pdf;
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
        String text = decode(Files.readAllBytes(file));
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            text = Html.toText(text);
        }
        return List.of(new Section(0, text));
    }

    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }
}
