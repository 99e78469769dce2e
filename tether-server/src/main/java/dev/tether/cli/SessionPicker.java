package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Choosing the session to talk in, and showing the end of its history when it has one. */
record SessionPicker(TetherClient client, BufferedReader in, PrintStream out) {

    static final int LISTED = 15;
    static final int HISTORY_SHOWN = 10;

    /**
     * The chat picked: an existing session (with the model its answers come from, once one has answered) or a new
     * one, and the line typed instead of a choice, if any.
     */
    record Choice(Optional<String> sessionId, Optional<String> firstLine, Optional<String> model) {
        static final Choice NEW = new Choice(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Lists recent sessions and asks for one by number; Enter or {@code n} (or no sessions yet) means a new one, and
     * anything else typed there starts a new one and is taken as the first line of the chat (a message or a
     * command).
     */
    Choice pick() {
        JsonNode sessions = client.sessions(LISTED);
        if (sessions.isEmpty()) {
            out.println("No chats yet: your first message starts one.");
            return Choice.NEW;
        }
        out.println("Chats:");
        for (int i = 0; i < sessions.size(); i++) {
            out.printf("  %2d) %s%n", i + 1, describe(sessions.get(i)));
        }
        out.println("   n) a new chat (or just type your message)");
        for (; ; ) {
            out.print("Pick a chat [n]: ");
            out.flush();
            String answer = readLine();
            String text = answer == null ? "" : answer.strip();
            if (!text.matches("\\d{1,9}")) {
                out.println("A new chat starts with your next message.");
                return text.isEmpty() || text.equalsIgnoreCase("n")
                        ? Choice.NEW
                        : new Choice(Optional.empty(), Optional.of(text), Optional.empty());
            }
            int number = Integer.parseInt(text);
            if (number >= 1 && number <= sessions.size()) {
                return open(sessions.get(number - 1).path("session_id").asText());
            }
            out.println("There is no chat " + number + ": type 1 to " + sessions.size() + ", or n.");
        }
    }

    /**
     * Opens a session by id (the server says when it does not exist) and shows its last messages, each answer's
     * model where it changes.
     */
    Choice open(String id) {
        JsonNode session = client.session(id);
        out.println("Chat: " + describe(session));
        JsonNode messages = client.messages(id);
        int from = Math.max(0, messages.size() - HISTORY_SHOWN);
        if (from > 0) {
            out.println("  … " + from + " earlier messages");
        }
        String model = null;
        for (int i = from; i < messages.size(); i++) {
            model = show(messages.get(i), model);
        }
        return new Choice(Optional.of(id), Optional.empty(), text(session, "model"));
    }

    /** Shows one message; returns the model of the answers so far. */
    private String show(JsonNode message, String model) {
        String wrote = message.path("model").asText(null);
        if (wrote != null && !wrote.equals(model)) {
            out.println("[model " + wrote + "]");
        }
        showMessage(message);
        return wrote == null ? model : wrote;
    }

    private void showMessage(JsonNode message) {
        String content = message.path("content").asText("");
        switch (message.path("role").asText()) {
            case "user" -> out.println("you> " + content);
            case "assistant" -> {
                if (!message.path("reasoning").asText("").isBlank()) {
                    // the reasoning itself stays folded, as in the web page after a reload
                    out.println("Thought for "
                            + EventPrinter.seconds(message.path("reasoning_ms").asLong() * 1_000_000) + " s");
                }
                if (!content.isBlank()) {
                    out.println(content);
                }
                message.path("tool_calls").forEach(call -> out.println("  " + ToolLines.call(call)));
                if (message.has("error")) {
                    out.println(
                            "[error] " + message.path("error").path("message").asText());
                }
                if (message.path("finish_reason").asText().equals("cancelled")) {
                    out.println("[stopped]");
                }
            }
            case "tool" -> out.println("  " + ToolLines.stored(message));
            default -> {} // system prompts are not part of the conversation shown
        }
    }

    static String describe(JsonNode session) {
        String title = session.path("title").asText("");
        String updated = session.path("updated_at").asText("");
        String when = updated.length() >= 16 ? updated.substring(0, 16).replace('T', ' ') : updated;
        return (title.isBlank() ? "Untitled chat" : title) + "  ("
                + session.path("message_count").asInt() + " messages, " + when
                + text(session, "model").map(m -> ", model " + m).orElse("") + ")";
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.path(field).asText(null)).filter(s -> !s.isBlank());
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
