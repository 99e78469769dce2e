package dev.tether.toolsets.calendar;

import static dev.tether.toolsets.calendar.CalendarFixtures.context;
import static dev.tether.toolsets.calendar.CalendarFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalDavTest {

    private static final String PASSWORD = "s3cret-Kalender-Pa55";

    @TempDir
    Path dir;

    private CalDavServer server;

    @BeforeEach
    void start() throws Exception {
        server = new CalDavServer("anna", PASSWORD);
        try (InputStream in = getClass().getResourceAsStream("/calendar/berlin.ics")) {
            server.put("berlin.ics", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = getClass().getResourceAsStream("/calendar/holidays.ics")) {
            server.put("holidays.ics", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String args(String url, boolean writable) {
        return """
                timezone: Europe/Berlin
                connect_timeout_ms: 2000
                request_timeout_ms: 5000
                sources:
                  - { name: work, url: "%s", username_env: CAL_USER, password_env: CAL_PASSWORD, writable: %s }
                """.formatted(url, writable);
    }

    private Map<String, String> env(String password) {
        return Map.of("CAL_USER", "anna", "CAL_PASSWORD", password);
    }

    @Test
    void reportQueryReadsEveryObjectOfTheCollectionWithBasicAuth() {
        var tool = new CalendarListEventsTool(
                service(context(args(server.collection().toString(), false), dir, env(PASSWORD))));

        EventList list = tool.run("2026-03-20", "2026-03-23", "", 50);

        assertThat(list.events())
                .extracting(EventView::title)
                .containsExactly("Call with Lisbon office", "Dentist", "Anna's birthday", "Team standup");
        assertThat(list.events()).extracting(EventView::calendar).containsOnly("work");
        assertThat(server.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("REPORT");
            assertThat(r.depth()).isEqualTo("1");
            assertThat(r.body()).contains("calendar-query").contains("comp-filter name=\"VEVENT\"");
        });
    }

    @Test
    void fallsBackToGetWhenTheServerHasNoReport() {
        server.reportSupported = false;
        var tool = new CalendarListEventsTool(
                service(context(args(server.collection() + "berlin.ics", false), dir, env(PASSWORD))));

        EventList list = tool.run("2026-03-20", "2026-03-20", "", 50);

        assertThat(list.events()).extracting(EventView::title).containsExactly("Call with Lisbon office");
        assertThat(server.requests).extracting(CalDavServer.Request::method).containsExactly("REPORT", "GET");
    }

    @Test
    void wrongPasswordIsAClearErrorWithoutTheSecret() {
        var tool = new CalendarListEventsTool(
                service(context(args(server.collection().toString(), false), dir, env("wrong-" + PASSWORD))));

        assertThatThrownBy(() -> tool.run("", "", "", 10))
                .isInstanceOf(ToolException.class)
                .hasMessage("calendar 'work': authentication failed (HTTP 401)")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(PASSWORD));
    }

    @Test
    void aClosedPortFailsQuicklyAndAMissingPasswordMakesTheToolUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var tool = new CalendarListEventsTool(
                service(context(args("http://127.0.0.1:" + closed + "/cal/", false), dir, env(PASSWORD))));

        long started = System.nanoTime();
        assertThatThrownBy(() -> tool.run("", "", "", 10))
                .isInstanceOf(ToolException.class)
                .hasMessage("calendar 'work': cannot reach 127.0.0.1:" + closed + " (ConnectException)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() ->
                        new CalendarListEventsTool(service(context(args("http://127.0.0.1/", false), dir, Map.of()))))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("CAL_PASSWORD");
    }

    @Test
    void createPutsANewObjectThatTheNextReportReturns() {
        var create = new CalendarCreateEventTool(
                service(context(args(server.collection().toString(), true), dir, env(PASSWORD))));

        var created = create.run("Planning", "2026-03-24T14:00", "2026-03-24T15:30", 60, false, "", "", "work");

        assertThat(server.objects()).hasSize(3);
        assertThat(server.requests)
                .filteredOn(r -> r.method().equals("PUT"))
                .singleElement()
                .satisfies(r -> assertThat(r.path()).endsWith(".ics").startsWith("/dav/cal/"));
        var list = new CalendarListEventsTool(
                service(context(args(server.collection().toString(), false), dir, env(PASSWORD))));
        assertThat(list.run("2026-03-24", "2026-03-24", "", 10).events())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.title()).isEqualTo("Planning");
                    assertThat(e.uid()).isEqualTo(created.event().uid());
                    assertThat(e.end()).isEqualTo("2026-03-24T15:30+01:00");
                });
    }
}
