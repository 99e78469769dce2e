package dev.tether.paths;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a string is safe as one file name component on every platform Tether runs on — the strictest rules,
 * Windows', applied everywhere, so that a name that is harmless on Linux cannot leave its folder or open a device
 * on Windows: no NUL or control characters, no {@code /} or {@code \}, not {@code .} or {@code ..}, none of
 * {@code < > : " | ? *} ({@code :} opens an alternate data stream), no trailing dot or space (Windows drops them, so
 * {@code a.gguf.} is {@code a.gguf}), not a device name ({@code CON}, {@code NUL}, {@code COM1}, … also with an
 * extension, any case), at most 255 characters.
 */
public final class SafeNames {

    /** The longest name NTFS, ext4 and APFS all take (in UTF-16 units, a safe bound for their byte limits too). */
    public static final int MAX_LENGTH = 255;

    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");
    /** COM0–COM9 and LPT0–LPT9, with the superscript digits Windows also reserves. */
    private static final Pattern NUMBERED_DEVICE = Pattern.compile("(COM|LPT)[0-9\u00b9\u00b2\u00b3]");

    private static final String FORBIDDEN = "<>:\"|?*/\\";

    private SafeNames() {}

    /** Why {@code name} is not a safe file name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("the name is longer than " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'" + name + "' is not a file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(c == 0 ? "the name contains a NUL byte" : "the name contains a control character");
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of(
                        c == '/' || c == '\\'
                                ? "the name contains a path separator ('" + c + "')"
                                : "the name contains '" + c + "', which Windows does not allow");
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            return Optional.of("the name ends with a " + (last == '.' ? "dot" : "space") + ", which Windows drops");
        }
        if (isWindowsDevice(name)) {
            return Optional.of("'" + name + "' is a device name on Windows");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is safe as one file name component everywhere. */
    public static boolean isSafe(String name) {
        return problem(name).isEmpty();
    }

    /** {@code name} when it is safe; otherwise an IllegalArgumentException that says why. */
    public static String require(String name) {
        problem(name).ifPresent(why -> {
            throw new IllegalArgumentException("unsafe file name " + quote(name) + ": " + why);
        });
        return name;
    }

    /**
     * Whether Windows opens a device for {@code name}: {@code CON}, {@code nul.txt}, {@code Com1.log}, … (the part
     * before the first dot, ignoring case and trailing spaces, is a device name).
     */
    public static boolean isWindowsDevice(String name) {
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        return DEVICES.contains(stem) || NUMBERED_DEVICE.matcher(stem).matches();
    }

    /**
     * Whether {@code path} is {@code root} or lies under it, comparing the two as strings split at both
     * {@code /} and {@code \} (Windows takes either), and ignoring case when {@code ignoreCase} (Windows, and
     * macOS by default). A {@code ..} anywhere in {@code path} is refused. For paths of the running file system
     * {@link java.nio.file.Path#startsWith} applies these rules already.
     */
    public static boolean isInside(String root, String path, boolean ignoreCase) {
        String[] rootParts = root.split("[/\\\\]+");
        String[] pathParts = path.split("[/\\\\]+");
        if (pathParts.length < rootParts.length || Set.of(pathParts).contains("..")) {
            return false;
        }
        for (int i = 0; i < rootParts.length; i++) {
            boolean same = ignoreCase ? rootParts[i].equalsIgnoreCase(pathParts[i]) : rootParts[i].equals(pathParts[i]);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        return "'" + printable(name, 80) + (name.length() > 80 ? "…'" : "'");
    }

    /** The first {@code limit} code points of {@code name}, control characters written as {@code \\uXXXX}. */
    public static String printable(String name, int limit) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(limit).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
