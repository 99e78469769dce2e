package dev.tether.toolsets.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.toolsets.ToolArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Web search on the Brave Search API. Args: {@code api_key_env} (the environment variable holding the key,
 * default {@code BRAVE_API_KEY}), {@code url}, {@code timeout_sec} (10), {@code safesearch} (moderate),
 * {@code country} (none), {@code max_count} (20).
 */
@ToolInfo(
        name = "web_search",
        description = "Searches the web (Brave Search) and returns the top results: title, URL and a snippet. "
                + "The query leaves this machine.")
public final class WebSearchTool implements AutoCloseable {

    static final String URL = "https://api.search.brave.com/res/v1/web/search";
    private static final Pattern TAGS = Pattern.compile("<[^>]{0,200}>");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String title, String url, String description, String age) {}

    public record Results(String query, List<Result> results) {}

    private final String url;
    private final String apiKey;
    private final String safesearch;
    private final String country;
    private final int maxCount;
    private final JsonHttp http;

    public WebSearchTool(ToolContext context) {
        ToolArgs args = ToolArgs.of(context);
        String keyVariable = args.string("api_key_env", "BRAVE_API_KEY");
        this.apiKey = context.env(keyVariable)
                .orElseThrow(() -> new ToolUnavailableException(
                        "no Brave Search API key: set the environment variable " + keyVariable));
        this.url = args.string("url", URL);
        this.safesearch = args.string("safesearch", "moderate");
        this.country = args.string("country", "");
        this.maxCount = Math.min(20, args.positiveInt("max_count", 20));
        this.http = new JsonHttp("Brave Search", args);
    }

    public Results run(
            @Param(description = "What to search for") String query,
            @Param(description = "How many results", defaultValue = "5", minimum = 1, maximum = 20) int count) {
        if (query == null || query.isBlank()) {
            throw new ToolException("query must not be empty");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", query.strip());
        params.put("count", Integer.toString(Math.max(1, Math.min(count, maxCount))));
        params.put("safesearch", safesearch);
        if (!country.isBlank()) {
            params.put("country", country);
        }
        JsonHttp.Reply reply = http.get(url, params, Map.of("X-Subscription-Token", apiKey));
        check(reply);
        List<Result> results = new ArrayList<>();
        for (JsonNode item : reply.body().path("web").path("results")) {
            results.add(new Result(
                    plain(item.path("title").asText("")),
                    item.path("url").asText(""),
                    plain(item.path("description").asText("")),
                    item.hasNonNull("age") ? item.get("age").asText() : null));
        }
        return new Results(query.strip(), results);
    }

    private void check(JsonHttp.Reply reply) {
        String detail = reply.body() == null
                ? ""
                : reply.body().path("error").path("detail").asText("");
        switch (reply.status()) {
            case 429 ->
                throw new ToolException("Brave Search rate limit reached (HTTP 429)"
                        + (detail.isBlank() ? "" : ": " + detail) + "; retry after " + retryAfter(reply));
            case 401, 403 ->
                throw new ToolException("Brave Search refused the API key (HTTP " + reply.status() + ")"
                        + (detail.isBlank() ? "" : ": " + detail));
            default -> http.requireOk(reply, "detail");
        }
    }

    /** Retry-After if sent, else the first (per-second window) value of Brave's X-RateLimit-Reset. */
    private static String retryAfter(JsonHttp.Reply reply) {
        return reply.headers()
                .firstValue("Retry-After")
                .or(() -> reply.headers().firstValue("X-RateLimit-Reset").map(v -> v.split(",")[0].strip()))
                .map(v -> v.matches("\\d+") ? v + " s" : v)
                .orElse("a moment (the server did not say how long)");
    }

    private static String plain(String html) {
        return TAGS.matcher(html)
                .replaceAll("")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
    }

    @Override
    public void close() {
        http.close();
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.webSearch(arguments, result);
    }
}
