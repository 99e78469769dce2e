package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A local Maildir: the root is {@code INBOX}; other folders are Maildir++ subfolders ({@code .Archive}) or plain
 * subfolders with {@code cur}/{@code new}. Moving and flagging rename files, as mail clients do.
 */
final class MaildirAccount extends LocalAccount {

    private final Path root;

    MaildirAccount(Path root) {
        this.root = root;
    }

    Path folderDir(String name) {
        if (name.isBlank() || name.equalsIgnoreCase("INBOX")) {
            return requireMaildir(root, "INBOX");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.indexOf('\0') >= 0) {
            throw new ToolException("'" + name + "' is not a folder name");
        }
        for (Path candidate : List.of(root.resolve("." + name), root.resolve(name))) {
            if (Files.isDirectory(candidate.resolve("cur"))) {
                return candidate;
            }
        }
        throw new ToolException("no mail folder '" + name + "'; folders: " + folders());
    }

    private static Path requireMaildir(Path dir, String name) {
        if (!Files.isDirectory(dir.resolve("cur")) && !Files.isDirectory(dir.resolve("new"))) {
            throw new ToolException("the Maildir for " + name + " (" + dir + ") has no cur/ or new/ folder");
        }
        return dir;
    }

    @Override
    public OpenFolder open(String folder, boolean write) {
        return new MaildirFolder(session, folderDir(folder), this);
    }

    @Override
    public List<String> folders() {
        List<String> names = new ArrayList<>(List.of("INBOX"));
        names.addAll(folderNames(
                root,
                p -> Files.isDirectory(p.resolve("cur")),
                n -> n.startsWith(".") ? n.substring(1) : n,
                "the Maildir " + root));
        return names;
    }

    @Override
    public void saveDraft(MimeMessage draft, String draftsFolder) {
        Path dir;
        try {
            dir = folderDir(draftsFolder);
        } catch (ToolException missing) {
            dir = root.resolve("." + draftsFolder);
        }
        try {
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            String name = System.currentTimeMillis() + "." + UUID.randomUUID() + ".tether";
            Path tmp = dir.resolve("tmp").resolve(name);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                draft.writeTo(out);
            }
            Files.move(tmp, dir.resolve("cur").resolve(name + ":2,DS"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | MessagingException e) {
            throw new ToolException("cannot save the draft in " + draftsFolder + ": " + e.getMessage());
        }
    }
}
