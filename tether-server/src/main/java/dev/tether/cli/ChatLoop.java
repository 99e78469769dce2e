package dev.tether.cli;

import dev.tether.cli.TetherClient.ClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The conversation at the terminal: reads lines, runs commands, streams answers. Only the answers go to the
 * screen's answer output; prompts, the picker, command replies and errors go to the rest.
 */
final class ChatLoop {

    private static final String PROMPT = "you> ";
    private static final int TITLE_CHARS = 60;
    private static final Duration BUSY_WAIT = Duration.ofSeconds(5);
    private static final Duration BUSY_POLL = Duration.ofMillis(100);

    private final TetherClient client;
    private final BufferedReader in;
    private final Screen screen;
    private final PrintStream out; // everything but the answers
    private final SessionPicker picker;
    private final AtomicReference<AnswerStream> answering = new AtomicReference<>();
    private Optional<String> sessionId = Optional.empty(); // empty: a new session, created by the first message
    private Optional<String> model = Optional.empty(); // named by --model or /model: sent with every message
    private Optional<String> chatModel = Optional.empty(); // the open chat's own, which the server continues on
    private String defaultModel = "none";
    private String lastAnswerModel; // the model of the answer shown last: a change is told with the next one
    private Optional<String> typedAhead = Optional.empty(); // a line typed at the chat picker

    ChatLoop(TetherClient client, BufferedReader in, Screen screen) {
        this.client = client;
        this.in = in;
        this.screen = screen;
        this.out = screen.chatter().stream();
        this.picker = new SessionPicker(client, in, out);
    }

    /** Checks the server, the model and the session, and prints where the chat stands. */
    void start(Optional<String> session, Optional<String> requestedModel) {
        List<String> models = client.models();
        if (requestedModel.isPresent() && !models.contains(requestedModel.get())) {
            throw new ClientException("the server has no model " + requestedModel.get() + "; it has " + models);
        }
        model = requestedModel;
        defaultModel = models.isEmpty() ? "none" : models.getFirst();
        String shown = model.orElse(defaultModel);
        lastAnswerModel = shown;
        out.println("Tether chat at " + client.base() + " (model " + shown + "). "
                + "Ctrl-C stops an answer; /help lists commands.");
        if (session.isPresent()) {
            adopt(picker.open(session.get()));
        } else {
            pick();
        }
    }

    private void pick() {
        SessionPicker.Choice choice = picker.pick();
        adopt(choice);
        typedAhead = choice.firstLine();
    }

    private void adopt(SessionPicker.Choice choice) {
        sessionId = choice.sessionId();
        chatModel = choice.model();
        chatModel.ifPresent(m -> lastAnswerModel = m);
    }

    /** The model the next answer comes from: the one named, else the chat's own, else the server's default. */
    private String answeringModel() {
        return model.or(() -> chatModel).orElse(defaultModel);
    }

    void run() {
        String line;
        while ((line = nextLine()) != null) {
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("/")) {
                if (!command(text)) {
                    return;
                }
            } else {
                ask(text);
            }
        }
        out.println();
    }

    /** Ctrl-C: stops the answer being streamed; at the prompt it only says how to leave. */
    void interrupt() {
        AnswerStream stream = answering.get();
        if (stream != null) {
            stream.cancel();
        } else {
            out.print("\n(Ctrl-C stops an answer; /quit or Ctrl-D leaves)\n" + PROMPT);
            out.flush();
        }
    }

    private String nextLine() {
        if (typedAhead.isPresent()) {
            String line = typedAhead.get();
            typedAhead = Optional.empty();
            out.println(PROMPT + line);
            return line;
        }
        out.print(PROMPT);
        out.flush();
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a slash command; false means leave. */
    private boolean command(String text) {
        String[] words = text.split("\\s+", 2);
        switch (words[0]) {
            case "/quit", "/exit", "/bye" -> {
                return false;
            }
            case "/new" -> {
                sessionId = Optional.empty();
                chatModel = Optional.empty();
                out.println("A new chat starts with your next message.");
            }
            case "/sessions" -> pick();
            case "/model" -> model(words.length > 1 ? words[1].strip() : "");
            case "/tools" -> ToolList.lines(client.tools()).forEach(out::println);
            case "/help" -> out.println(ChatCliArgs.USAGE.substring(ChatCliArgs.USAGE.indexOf("In the chat")));
            default -> out.println("Unknown command " + words[0] + "; /help lists them.");
        }
        return true;
    }

    private void model(String name) {
        List<String> models = client.models();
        if (name.isEmpty()) {
            out.println("Models: " + String.join(", ", models) + " (now: " + answeringModel() + ").");
        } else if (models.contains(name)) {
            model = Optional.of(name);
            out.println("Answers now come from " + name + ".");
        } else {
            out.println("No model " + name + "; the server has " + String.join(", ", models) + ".");
        }
    }

    private void ask(String prompt) {
        try {
            String id = sessionId.orElseGet(
                    () -> client.createSession(title(prompt)).path("session_id").asText());
            sessionId = Optional.of(id);
            EventPrinter printer = new EventPrinter(screen, lastAnswerModel);
            AnswerStream stream = new AnswerStream(startChat(id, prompt), printer, approval -> approve(id, approval));
            answering.set(stream);
            AnswerStream.Outcome outcome = stream.run();
            printer.model().ifPresent(m -> {
                lastAnswerModel = m;
                chatModel = Optional.of(m);
            });
            if (outcome.stopped()) {
                printer.interrupted();
            } else if (outcome.failure() != null) {
                printer.note("[error] " + outcome.failure());
            }
        } catch (ClientException e) {
            screen.endLines();
            out.println("[error] " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            answering.set(null);
        }
    }

    /** Reads the user's y/a/N for a tool call that needs approval (no other reader is active during an answer). */
    private void approve(String sessionId, com.fasterxml.jackson.databind.JsonNode approval) {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            line = null;
        }
        String answer = line == null ? "" : line.strip().toLowerCase(java.util.Locale.ROOT);
        boolean inChat = answer.startsWith("a");
        try {
            client.approve(sessionId, approval.path("id").asText(), answer.startsWith("y") || inChat, inChat);
        } catch (ClientException e) {
            out.println("  [error] " + e.getMessage());
        }
    }

    /**
     * Starts the answer. Right after Ctrl-C the server may still be storing the stopped answer and refuse a second
     * stream into the session (409) for a moment: that is waited out, up to {@link #BUSY_WAIT}.
     */
    private TetherClient.Answer startChat(String id, String prompt) throws InterruptedException {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        for (; ; ) {
            try {
                return client.chat(id, prompt, model);
            } catch (ClientException e) {
                if (e.status() != 409 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(BUSY_POLL.toMillis());
            }
        }
    }

    private static String title(String prompt) {
        String line = prompt.lines().findFirst().orElse(prompt);
        return line.length() <= TITLE_CHARS ? line : line.substring(0, TITLE_CHARS) + "…";
    }
}
