package dev.tether.server.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids of the compatible APIs' objects: a prefix and 24 random hex digits ({@code chatcmpl-…}, {@code msg_…}). */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    public static String next(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
