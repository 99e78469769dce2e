package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * One streaming answer: a thread reads the NDJSON events and hands them to the printer while the caller waits;
 * {@link #cancel()} (from the Ctrl-C handler) closes the connection — the server then stops generating — and
 * releases the caller at once, and nothing more is printed.
 */
final class AnswerStream {

    /** How an answer ended: the server's finish reason, {@code cancelled} by the user, or a failure. */
    record Outcome(String finishReason, String failure) {
        static final Outcome CANCELLED_HERE = new Outcome("cancelled", null);

        boolean stopped() {
            return this == CANCELLED_HERE;
        }
    }

    /** Asks the user about a {@code tool_approval} event and sends the answer. */
    interface Approver {
        void decide(JsonNode approval);
    }

    private final TetherClient.Answer answer;
    private final EventPrinter printer;
    private final Approver approver;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();
    private boolean cancelled;
    private Outcome outcome;

    AnswerStream(TetherClient.Answer answer, EventPrinter printer, Approver approver) {
        this.answer = answer;
        this.printer = printer;
        this.approver = approver;
    }

    /** Reads the whole answer, printing as it goes; returns when it ended or was cancelled. */
    Outcome run() throws InterruptedException {
        Thread.ofVirtual().name("tether-chat-stream").start(this::read);
        finished.await();
        synchronized (lock) {
            return cancelled ? Outcome.CANCELLED_HERE : outcome;
        }
    }

    void cancel() {
        synchronized (lock) {
            if (cancelled || outcome != null) {
                return;
            }
            cancelled = true;
        }
        finished.countDown();
        answer.close();
    }

    private void read() {
        Outcome end = new Outcome(null, "the answer broke off: Tether stopped answering — is ./tether still running?");
        try (answer;
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = TetherClient.JSON.readTree(line);
                if (!print(event)) {
                    return;
                }
                if ("tool_approval".equals(event.path("type").asText())) {
                    // the turn waits for this answer, and so does this stream
                    approver.decide(event.path("data"));
                }
                if ("done".equals(event.path("type").asText())) {
                    end = new Outcome(event.path("data").path("finish_reason").asText(), null);
                    break;
                }
            }
        } catch (IOException e) {
            end = new Outcome(null, "the answer broke off (" + e.getMessage() + "): is ./tether still running?");
        } finally {
            synchronized (lock) {
                if (!cancelled) {
                    outcome = end;
                }
            }
            finished.countDown();
        }
    }

    // Under the lock, so that once cancel() has returned nothing of this answer reaches the terminal.
    private boolean print(JsonNode event) {
        synchronized (lock) {
            if (cancelled) {
                return false;
            }
            printer.event(event.path("type").asText(), event.path("data"));
            return true;
        }
    }
}
