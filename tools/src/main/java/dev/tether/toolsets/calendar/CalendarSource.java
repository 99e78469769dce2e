package dev.tether.toolsets.calendar;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured calendar: a local {@code .ics} file or folder ({@code path}) or a CalDAV collection ({@code url}),
 * with optional HTTP Basic credentials already read from the environment. Writes only when {@code writable}.
 */
record CalendarSource(
        String name, Optional<Path> path, Optional<URI> url, boolean writable, Optional<Credentials> credentials) {

    /** HTTP Basic credentials; {@code toString} never shows the password. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", ***]";
        }
    }

    CalendarSource {
        Objects.requireNonNull(name, "name");
        if (path.isPresent() == url.isPresent()) {
            throw new IllegalArgumentException("calendar source '" + name + "' needs exactly one of path or url");
        }
    }

    boolean isCalDav() {
        return url.isPresent();
    }
}
