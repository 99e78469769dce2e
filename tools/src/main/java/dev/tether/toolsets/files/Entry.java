package dev.tether.toolsets.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;

/** A file or folder as the file tools show it; {@code type} is file, folder, link or other. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entry(String path, String type, Long size, String modified) {

    static Entry of(Path path, BasicFileAttributes attributes) {
        String type = attributes.isSymbolicLink()
                ? "link"
                : attributes.isDirectory() ? "folder" : attributes.isRegularFile() ? "file" : "other";
        return new Entry(
                path.toString(),
                type,
                attributes.isRegularFile() ? attributes.size() : null,
                attributes
                        .lastModifiedTime()
                        .toInstant()
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
    }
}
