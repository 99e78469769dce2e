package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mbox file split at its {@code From } separator lines (mboxrd: one {@code >} is taken off quoted
 * {@code >From } lines). Ids are positions, 1 = oldest. Flags come from the {@code Status}/{@code X-Status} headers.
 */
final class MboxFolder extends LocalFolder {

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^From [^\\n]*\\n");
    private static final Pattern QUOTED_FROM = Pattern.compile("(?m)^>(>*From )");

    private final List<String> messages = new ArrayList<>();

    MboxFolder(Session session, Path file) {
        super(session);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new ToolException("cannot read the mbox " + file.getFileName());
        }
        Matcher m = SEPARATOR.matcher(text);
        int start = -1;
        while (m.find()) {
            boolean atBoundary = m.start() == 0 || (m.start() >= 2 && text.charAt(m.start() - 2) == '\n');
            if (!atBoundary) {
                continue;
            }
            if (start >= 0) {
                add(text.substring(start, m.start()));
            }
            start = m.end();
        }
        if (start >= 0) {
            add(text.substring(start));
        }
    }

    private void add(String message) {
        messages.add(QUOTED_FROM.matcher(message).replaceAll("$1"));
    }

    @Override
    public int size() {
        return messages.size();
    }

    @Override
    byte[] raw(int index) {
        return messages.get(index).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    Flags flags(int index) {
        Flags flags = new Flags();
        String headers = messages.get(index).split("\n\n", 2)[0];
        Matcher status = Pattern.compile("(?m)^Status: *([A-Z]*)").matcher(headers);
        if (status.find() && status.group(1).contains("R")) {
            flags.add(Flags.Flag.SEEN);
        }
        Matcher xStatus = Pattern.compile("(?m)^X-Status: *([A-Z]*)").matcher(headers);
        if (xStatus.find()) {
            if (xStatus.group(1).contains("F")) {
                flags.add(Flags.Flag.FLAGGED);
            }
            if (xStatus.group(1).contains("A")) {
                flags.add(Flags.Flag.ANSWERED);
            }
        }
        return flags;
    }

    @Override
    String idOf(int index) {
        return Integer.toString(index + 1);
    }

    @Override
    int indexOf(String id) {
        try {
            int n = Integer.parseInt(id);
            return n >= 1 && n <= messages.size() ? n - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void move(Message message, String targetFolder) {
        throw new ToolException("mbox mail is read-only here");
    }

    @Override
    public void setFlag(Message message, Flags.Flag flag, boolean on) {
        throw new ToolException("mbox mail is read-only here");
    }
}
