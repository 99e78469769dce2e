package dev.tether.engine.session;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a person types into the sidebar's search box, as an FTS5 query: every word must match, each as a prefix
 * ("calend" finds "calendar"). Each word is quoted, so FTS5 operators and punctuation in it are plain text.
 */
final class SearchQuery {

    private SearchQuery() {}

    /** Empty when the text holds no word (punctuation alone never matches anything). */
    static Optional<String> of(String text) {
        String query = Arrays.stream(text.strip().split("\\s+"))
                .filter(word -> word.codePoints().anyMatch(Character::isLetterOrDigit))
                .map(word -> "\"" + word.replace("\"", "\"\"") + "\"*")
                .collect(Collectors.joining(" "));
        return query.isEmpty() ? Optional.empty() : Optional.of(query);
    }
}
