package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The little of CalDAV Tether needs: a {@code REPORT calendar-query} for every VEVENT of a collection (falling back
 * to a plain {@code GET} for servers that publish one {@code .ics}), and a {@code PUT} of one new event.
 */
final class CalDavClient implements AutoCloseable {

    private static final String CALDAV_NS = "urn:ietf:params:xml:ns:caldav";
    private static final String QUERY = """
            <?xml version="1.0" encoding="utf-8"?>
            <c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
              <d:prop><d:getetag/><c:calendar-data/></d:prop>
              <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter>
            </c:calendar-query>
            """;

    private final HttpClient http;
    private final Duration requestTimeout;
    private final long maxBytes;

    CalDavClient(Duration connectTimeout, Duration requestTimeout, long maxBytes) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public void close() {
        http.close();
    }

    /** The iCalendar texts of the collection (one per calendar object resource). */
    List<String> fetch(CalendarSource source) {
        URI url = source.url().orElseThrow();
        HttpResponse<byte[]> report = send(
                source,
                request(source, url)
                        .header("Depth", "1")
                        .header("Content-Type", "application/xml; charset=utf-8")
                        .method("REPORT", HttpRequest.BodyPublishers.ofString(QUERY))
                        .build());
        int status = report.statusCode();
        if (status == 207) {
            return calendarData(source, report.body());
        }
        if (status == 200 && isCalendar(report)) {
            return List.of(new String(report.body(), StandardCharsets.UTF_8));
        }
        if (status == 405 || status == 501 || status == 400 || status == 200) {
            HttpResponse<byte[]> get = send(source, request(source, url).GET().build());
            check(source, get, 200);
            return List.of(new String(get.body(), StandardCharsets.UTF_8));
        }
        throw failure(source, status);
    }

    /** Stores one calendar object as {@code <collection>/<uid>.ics}; refuses to overwrite an existing one. */
    URI put(CalendarSource source, String uid, String icalendar) {
        String base = source.url().orElseThrow().toString();
        URI target =
                URI.create((base.endsWith("/") ? base : base + "/") + uid.replaceAll("[^A-Za-z0-9._-]", "_") + ".ics");
        HttpResponse<byte[]> response = send(
                source,
                request(source, target)
                        .header("Content-Type", "text/calendar; charset=utf-8")
                        .header("If-None-Match", "*")
                        .PUT(HttpRequest.BodyPublishers.ofString(icalendar))
                        .build());
        check(source, response, 201, 204, 200);
        return target;
    }

    private HttpRequest.Builder request(CalendarSource source, URI url) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(requestTimeout).header("User-Agent", "Tether");
        source.credentials()
                .ifPresent(c -> builder.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        return builder;
    }

    private HttpResponse<byte[]> send(CalendarSource source, HttpRequest request) {
        try {
            return http.send(request, CappedBody.of(maxBytes));
        } catch (HttpConnectTimeoutException e) {
            throw new ToolException("calendar '" + source.name() + "': connecting to " + hostOf(source) + " timed out");
        } catch (HttpTimeoutException e) {
            throw new ToolException("calendar '" + source.name() + "': " + hostOf(source) + " did not answer in time");
        } catch (IOException e) {
            if (CappedBody.tooLarge(e)) {
                throw new ToolException("refused: calendar '" + source.name() + "': " + hostOf(source)
                        + " answered more than " + maxBytes + " bytes (max_ics_bytes)");
            }
            throw new ToolException("calendar '" + source.name() + "': cannot reach " + hostOf(source) + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("calendar '" + source.name() + "': interrupted");
        }
    }

    private static void check(CalendarSource source, HttpResponse<?> response, int... ok) {
        for (int status : ok) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw failure(source, response.statusCode());
    }

    private static ToolException failure(CalendarSource source, int status) {
        String why = switch (status) {
            case 401, 403 -> "authentication failed";
            case 404 -> "no calendar at that URL";
            case 412 -> "an event with that id already exists";
            default -> "the server answered";
        };
        return new ToolException("calendar '" + source.name() + "': " + why + " (HTTP " + status + ")");
    }

    private static String hostOf(CalendarSource source) {
        URI url = source.url().orElseThrow();
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static boolean isCalendar(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar");
    }

    private static List<String> calendarData(CalendarSource source, byte[] multistatus) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(multistatus));
            NodeList nodes = document.getElementsByTagNameNS(CALDAV_NS, "calendar-data");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                String text = nodes.item(i).getTextContent();
                if (text != null && !text.isBlank()) {
                    texts.add(text.strip() + "\r\n");
                }
            }
            return texts;
        } catch (Exception e) {
            throw new ToolException("calendar '" + source.name() + "': the CalDAV answer is not valid XML");
        }
    }
}
