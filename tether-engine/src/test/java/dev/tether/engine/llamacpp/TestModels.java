package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generated models for tests, written once per JVM into a temp folder and shared. */
public final class TestModels {

    private static Path tiny;

    private TestModels() {
    }

    /** The tiny ChatML model (about 0.6 MB), generated on first use. */
    public static synchronized Path tiny() {
        if (tiny == null) {
            tiny = generate(GgufWriter.Spec.tiny(), "tether-tiny.gguf");
        }
        return tiny;
    }

    /** Writes {@code spec} into a fresh temp folder under {@code name}. */
    public static Path generate(GgufWriter.Spec spec, String name) {
        try {
            Path dir = Files.createTempDirectory("tether-models");
            dir.toFile().deleteOnExit();
            Path file = GgufWriter.write(spec, dir.resolve(name));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
