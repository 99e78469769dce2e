package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Local mbox mail, read-only: one file (the folder {@code INBOX}) or a folder of mbox files, each a mail folder
 * named after its file. Moving, flagging and drafts need IMAP or a Maildir.
 */
final class MboxAccount extends LocalAccount {

    private final Path path;

    MboxAccount(Path path) {
        this.path = path;
    }

    @Override
    public OpenFolder open(String folder, boolean write) {
        if (write) {
            throw readOnly();
        }
        return new MboxFolder(session, file(folder));
    }

    private Path file(String folder) {
        if (Files.isRegularFile(path)) {
            if (folder.isBlank() || folder.equalsIgnoreCase("INBOX")) {
                return path;
            }
            throw new ToolException("no mail folder '" + folder + "'; folders: [INBOX]");
        }
        for (String name : folders()) {
            if (name.equalsIgnoreCase(folder) || (folder.equalsIgnoreCase("INBOX") && name.equalsIgnoreCase("inbox"))) {
                return path.resolve(name.equals("INBOX") && !Files.exists(path.resolve(name)) ? "inbox" : name);
            }
        }
        throw new ToolException("no mail folder '" + folder + "'; folders: " + folders());
    }

    @Override
    public List<String> folders() {
        if (Files.isRegularFile(path)) {
            return List.of("INBOX");
        }
        if (!Files.isDirectory(path)) {
            throw new ToolException("the mbox " + path + " does not exist");
        }
        return folderNames(
                path,
                p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."),
                n -> n,
                path.toString());
    }

    @Override
    public void saveDraft(MimeMessage draft, String draftsFolder) {
        throw readOnly();
    }

    private static ToolException readOnly() {
        return new ToolException(
                "mbox mail is read-only here: moving, flagging and drafts need an IMAP account " + "or a Maildir");
    }
}
