package dev.tether.toolsets.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a text, each cut to at most {@code maxChars} characters: however long a line is (a 1.5 GB file of
 * one line), memory stays bounded; the rest of a long line is read past, not kept. Stops with an exception when
 * the reading thread is interrupted (a tool call that timed out), between any two reads.
 */
final class BoundedLines implements Iterator<String> {

    private static final int BUFFER_CHARS = 8192;

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int limit;
    private boolean ended;
    private String next;

    BoundedLines(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = readLine();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        return line;
    }

    /** The next line without its terminator (\n, \r\n or \r), cut to maxChars; null at the end. */
    private String readLine() {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        while (fill()) {
            any = true;
            char c = buffer[position++];
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                if (fill() && buffer[position] == '\n') {
                    position++;
                }
                return line.toString();
            }
            if (line.length() < maxChars) {
                line.append(c);
            }
        }
        ended = true;
        return any ? line.toString() : null;
    }

    private boolean fill() {
        if (position < limit) {
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new UncheckedIOException(new InterruptedIOException("the read was stopped"));
        }
        try {
            limit = reader.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position = 0;
        return limit > 0;
    }
}
