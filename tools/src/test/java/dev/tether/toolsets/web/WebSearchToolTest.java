package dev.tether.toolsets.web;

import static dev.tether.toolsets.web.FakeUpstream.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSearchToolTest {

    static final String RESULTS = """
            {"type":"search","query":{"original":"tether java","more_results_available":true},
            "web":{"type":"search","family_friendly":true,"results":[
             {"title":"<strong>Tether</strong> docs","url":"https://example.org/tether","is_source_local":false,
              "description":"A local <strong>LLM</strong> service &amp; its tools","page_age":"2025-01-01T00:00:00",
              "profile":{"name":"Example"},"language":"en","type":"search_result","age":"January 1, 2025"},
             {"title":"Second","url":"https://example.com/2","description":"Plain text","type":"search_result"}]}}""";

    static final String RATE_LIMITED = """
            {"type":"ErrorResponse","error":{"id":"2f6a","status":429,"code":"RATE_LIMITED",
            "detail":"Request rate limit exceeded for plan.","meta":{"plan":"Free","rate_limit":1,"rate_current":1,
            "quota_limit":2000,"quota_current":12,"component":"rate_limiter"}},"time":1764100000}""";

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private WebSearchTool tool;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        tool = new WebSearchTool(TestContexts.context(
                "web_search",
                "url: " + upstream.url("/res/v1/web/search") + "\napi_key_env: TEST_BRAVE_KEY\ntimeout_sec: 2\n",
                dir,
                Map.of("TEST_BRAVE_KEY", "secret-key")));
    }

    @AfterEach
    void stop() {
        tool.close();
        upstream.close();
    }

    @Test
    void sendsTheKeyAndReturnsPlainTextResults() throws Exception {
        upstream.on("/res/v1/web/search", r -> json(RESULTS));

        WebSearchTool.Results results = tool.run("tether java", 2);

        assertThat(results.results()).hasSize(2);
        WebSearchTool.Result first = results.results().getFirst();
        assertThat(first.title()).isEqualTo("Tether docs");
        assertThat(first.url()).isEqualTo("https://example.org/tether");
        assertThat(first.description()).isEqualTo("A local LLM service & its tools");
        assertThat(first.age()).isEqualTo("January 1, 2025");
        assertThat(results.results().get(1).age()).isNull();

        FakeUpstream.Request request = upstream.take();
        assertThat(request.headers()).containsEntry("X-Subscription-Token", "secret-key");
        assertThat(request.query("q")).isEqualTo("tether java");
        assertThat(request.query("count")).isEqualTo("2");
    }

    @Test
    void aMissingKeyMakesTheToolUnavailableWithTheReason() {
        assertThatThrownBy(() -> new WebSearchTool(TestContexts.context("web_search", "", dir, Map.of())))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessage("no Brave Search API key: set the environment variable BRAVE_API_KEY");
    }

    @Test
    void rateLimitingSaysWhenToRetry() {
        upstream.on(
                "/res/v1/web/search",
                r -> new FakeUpstream.Answer(
                        429,
                        Map.of(
                                "X-RateLimit-Limit",
                                "1, 2000",
                                "X-RateLimit-Remaining",
                                "0, 1988",
                                "X-RateLimit-Reset",
                                "1, 1419704"),
                        RATE_LIMITED));

        assertThatThrownBy(() -> tool.run("tether", 5))
                .isInstanceOf(ToolException.class)
                .hasMessage("Brave Search rate limit reached (HTTP 429): Request rate limit exceeded for plan.; "
                        + "retry after 1 s");
    }

    @Test
    void aRetryAfterHeaderWins() {
        upstream.on("/res/v1/web/search", r -> new FakeUpstream.Answer(429, Map.of("Retry-After", "30"), ""));

        assertThatThrownBy(() -> tool.run("tether", 5))
                .isInstanceOf(ToolException.class)
                .hasMessage("Brave Search rate limit reached (HTTP 429); retry after 30 s");
    }

    @Test
    void aRefusedKeyIsNamed() {
        upstream.on(
                "/res/v1/web/search",
                r -> new FakeUpstream.Answer(
                        401,
                        Map.of(),
                        "{\"type\":\"ErrorResponse\",\"error\":{\"status\":401,\"code\":\"SUBSCRIPTION_TOKEN_INVALID\","
                                + "\"detail\":\"The provided subscription token is invalid.\"}}"));

        assertThatThrownBy(() -> tool.run("tether", 5))
                .isInstanceOf(ToolException.class)
                .hasMessage("Brave Search refused the API key (HTTP 401): The provided subscription token is invalid.");
    }

    @Test
    void anEmptyQueryIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> tool.run("  ", 5))
                .isInstanceOf(ToolException.class)
                .hasMessage("query must not be empty");
        assertThat(upstream.pending()).isZero();
    }
}
