package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One Maildir folder: messages from {@code new/} and {@code cur/}, oldest first; the id is the unique file name. */
final class MaildirFolder extends LocalFolder {

    private final MaildirAccount account;
    private final List<Path> files;

    MaildirFolder(Session session, Path dir, MaildirAccount account) {
        super(session);
        this.account = account;
        List<Path> all = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = dir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> list = Files.list(d)) {
                    list.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .forEach(all::add);
                } catch (IOException e) {
                    throw new ToolException("cannot list " + d);
                }
            }
        }
        all.sort(Comparator.comparing(MaildirFolder::modified)
                .thenComparing(p -> p.getFileName().toString()));
        this.files = all;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    byte[] raw(int index) {
        try {
            return Files.readAllBytes(files.get(index));
        } catch (IOException e) {
            throw new ToolException("cannot read message " + idOf(index));
        }
    }

    @Override
    Flags flags(int index) {
        Flags flags = new Flags();
        String info = info(files.get(index));
        for (char c : info.toCharArray()) {
            switch (c) {
                case 'S' -> flags.add(Flags.Flag.SEEN);
                case 'F' -> flags.add(Flags.Flag.FLAGGED);
                case 'R' -> flags.add(Flags.Flag.ANSWERED);
                case 'D' -> flags.add(Flags.Flag.DRAFT);
                case 'T' -> flags.add(Flags.Flag.DELETED);
                default -> {}
            }
        }
        return flags;
    }

    private static String info(Path file) {
        String name = file.getFileName().toString();
        int at = name.indexOf(":2,");
        return at < 0 ? "" : name.substring(at + 3);
    }

    @Override
    String idOf(int index) {
        String name = files.get(index).getFileName().toString();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    @Override
    int indexOf(String id) {
        for (int i = 0; i < files.size(); i++) {
            if (idOf(i).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void move(Message message, String targetFolder) {
        int index = indexOf(message);
        Path target = account.folderDir(targetFolder).resolve("cur");
        Path file = files.get(index);
        try {
            Files.move(file, target.resolve(idOf(index) + ":2," + info(file)));
        } catch (IOException e) {
            throw new ToolException("cannot move message " + idOf(index) + ": " + e.getMessage());
        }
    }

    @Override
    public void setFlag(Message message, Flags.Flag flag, boolean on) {
        int index = indexOf(message);
        Path file = files.get(index);
        char letter = flag == Flags.Flag.SEEN ? 'S' : flag == Flags.Flag.FLAGGED ? 'F' : 'R';
        StringBuilder info = new StringBuilder(info(file).replace(String.valueOf(letter), ""));
        if (on) {
            info.append(letter);
        }
        String sorted = info.chars()
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        Path cur = file.getParent().getParent().resolve("cur");
        Path renamed = cur.resolve(idOf(index) + ":2," + sorted);
        try {
            files.set(index, Files.move(file, renamed));
        } catch (IOException e) {
            throw new ToolException("cannot flag message " + idOf(index) + ": " + e.getMessage());
        }
    }
}
