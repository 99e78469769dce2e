package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.session.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tether chat} in this JVM, its input piped, against a real server (scripted provider, API key). Most tests
 * play a wide terminal (everything on standard output); the piped and wrapping tests say otherwise.
 */
class ChatCliTest {

    private static final Terminal WIDE = new Terminal(true, 200);

    @TempDir
    Path dir;

    private ScriptedServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() {
        server = ScriptedServer.start(dir, 20);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void pipedConversationStreamsAnswersWithToolCallsAndStoresThem() {
        int code = run("What time is it?\nhi\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("Let me check.\n  [tool] Checking the time in UTC: get_current_time {\"timezone\":\"UTC\"}\n")
                .contains("  [result] Checked the time in UTC: {\"time\":\"")
                .contains("It is **now**.")
                .containsPattern("\\(\\d+ tokens?, [\\d.]+ tok/s, first token \\d+ ms, \\d+ ms\\)")
                .containsPattern("\\[thinking] pondering deeply\nThought for \\d+ s\nHello there!\n");
        Session session = onlySession();
        assertThat(session.title()).isEqualTo("What time is it?");
        assertThat(server.engine().store().messages(session.id()))
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
    }

    @Test
    void pipedOutputCarriesOnlyTheAnswersAndTheRestGoesToStandardError() {
        int code = run(
                Terminal.piped(),
                "What time is it?\nhi\n/quit\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .isEqualTo("Let me check. \nIt is **now**. Here is code:\n\n```java\n"
                        + "class A { String s = \"<b>x</b>\"; }\n```\n\n- one\n- two `x`\n\n<img src=x onerror=alert(1)>\n"
                        + "Hello there!\n");
        assertThat(err())
                .contains(
                        "Tether chat at ",
                        "No chats yet",
                        "you> ",
                        "  [tool] Checking the time in UTC: get_current_time {\"timezone\":\"UTC\"}\n",
                        "  [result] Checked the time in UTC: {\"time\":\"",
                        "[thinking] pondering deeply\nThought for ")
                .containsPattern("\\(\\d+ tokens?, [\\d.]+ tok/s, first token \\d+ ms, \\d+ ms\\)")
                .doesNotContain("Hello there!", "It is **now**");
    }

    @Test
    void aCompactedTurnPrintsALineSayingSo() {
        // the script's context is 20,000 characters: ten long greetings pass it
        String filler = " and a few more words to fill the context".repeat(50);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            input.append("hello ").append(i).append(filler).append('\n');
        }

        int code = run(input + "/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        Session session = onlySession();
        var note = server.engine().store().summaries(session.id()).getFirst();
        assertThat(out())
                .containsPattern(
                        "  \\[context] the oldest \\d+ turns? \\(about \\d+ tokens\\) were summarized into a note; "
                                + "the note now covers the first " + note.messages() + " messages\n");
    }

    @Test
    void reasoningIsDimOnATerminalAndEndsWithHowLongItTook() {
        int code = run("hi\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(rawOut())
                .containsPattern("\u001b\\[2m\\[thinking] pondering deeply\n\u001b\\[22m"
                        + "\u001b\\[2mThought for \\d+ s\u001b\\[22m\nHello there!\n");
        Message answer = server.engine().store().messages(onlySession().id()).getLast();
        assertThat(answer.reasoning()).isEqualTo("pondering deeply");
        assertThat(answer.content()).isEqualTo("Hello there!");
    }

    @Test
    void aReopenedChatShowsThatTheAnswerWasThoughtAboutWithTheReasoningFolded() {
        run("hi\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        out.reset();

        int code = run("1\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .containsPattern("you> hi\n\\[model scripted]\nThought for \\d+ s\nHello there!\n")
                .doesNotContain("pondering");
    }

    @Test
    void reasoningIsPlainWhenPiped() {
        int code = run(Terminal.piped(), "hi\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(err())
                .doesNotContain("\u001b")
                .containsPattern("\\[thinking] pondering deeply\nThought for \\d+ s\n");
        assertThat(rawOut()).isEqualTo("Hello there!\n");
    }

    @Test
    void pickerAndCommandRepliesGoToStandardErrorWhenPiped() {
        run("What time is it?\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        out.reset();
        err.reset();

        int code = run(
                Terminal.piped(), "7\n1\n/model\nhello\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out()).isEqualTo("Hello there!\n");
        assertThat(err())
                .contains(
                        " 1) What time is it?  (4 messages, ",
                        "There is no chat 7: type 1 to 1, or n.",
                        "Pick a chat [n]: ",
                        "Models: scripted, other");
    }

    @Test
    void answersWrapAtWordsToTheTerminalWidth() {
        int code = run(
                new Terminal(true, 20),
                "What time is it?\nhi\n/quit\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("Let me check.\n  [tool] Checking the time in UTC: get_current_time")
                .contains("It is **now**. Here\nis code:\n\n```java\nclass A { String s =\n\"<b>x</b>\"; }\n```\n\n"
                        + "- one\n- two `x`\n\n<img src=x\nonerror=alert(1)>\n(")
                .containsPattern("\\[thinking] pondering\ndeeply\nThought for \\d+ s\nHello there!\n\\(");
        Session session = onlySession();
        assertThat(server.engine().store().messages(session.id()).get(3).content())
                .as("only the screen is wrapped")
                .contains("It is **now**. Here is code:");
    }

    @Test
    void allowingANetworkToolInThisChatAsksOnceAndShowsTheDenialAsNotRun() {
        SendNoteTool.SENT.clear();
        int code = run(
                "summarize my notes\na\nsummarize my notes\n/quit\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out().split("Allow it\\?", -1)).as("asked once").hasSize(2);
        assertThat(out()).contains("  [result] Read notes.txt: {").contains("  [result] Used send note: sent");
        assertThat(SendNoteTool.SENT).containsExactly(ScriptedServer.SECRET, ScriptedServer.SECRET);
    }

    @Test
    void aToolCallThatNeedsApprovalAsksAndRunsOnlyOnYes() {
        SendNoteTool.SENT.clear();
        int code = run(
                "summarize my notes\nn\nsummarize my notes\ny\n/quit\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("  [approval] Using send note: send_note {\"text\":\"" + ScriptedServer.SECRET + "\"}: "
                        + "this conversation holds private data (from read_file)")
                .contains("Allow it? [y: once / a: in this chat / N] ")
                .contains("  [not run] Using send note: not run: the user did not allow send_note")
                .contains("  [result] Used send note: sent");
        assertThat(SendNoteTool.SENT).containsExactly(ScriptedServer.SECRET);
    }

    @Test
    void toolFailuresAndFailedAnswersAreShownAndTheChatGoesOn() {
        int code = run(
                "And on Mars?\nSomething unscripted\nhello\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("  [tool error] Checking the time in Olympus: unknown time zone 'Mars/Olympus'")
                .contains("  [error] the script has no rule for this user message\n[finished: error]\n")
                .contains("Hello there!\n(5 tokens, ");
    }

    @Test
    void picksAnExistingSessionAndShowsItsHistory() {
        run("What time is it?\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        out.reset();

        int code = run("1\nhello\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains(" 1) What time is it?  (4 messages, ")
                .contains("you> What time is it?\n[model scripted]\nLet me check. \n"
                        + "  [tool] Checking the time in UTC: get_current_time {\"timezone\":\"UTC\"}\n"
                        + "  [result] Checked the time in UTC: {\"time\":\"")
                .contains("Hello there!");
        assertThat(server.engine().store().messages(onlySession().id())).hasSize(6);
    }

    @Test
    void aMessageTypedAtThePickerStartsANewChatWithIt() {
        run("What time is it?\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        out.reset();

        int code = run("7\nhello\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("There is no chat 7: type 1 to 1, or n.")
                .containsPattern(
                        "A new chat starts with your next message.\nyou> hello\n\\[thinking] pondering deeply\n"
                                + "Thought for \\d+ s\nHello there!");
        assertThat(server.engine().store().list(10, 0))
                .extracting(Session::title)
                .containsExactly("hello", "What time is it?");
        assertThat(run("/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY))
                .isZero();
        assertThat(server.engine().store().list(10, 0)).hasSize(2);
    }

    @Test
    void sessionOptionContinuesThatSessionWithTheChosenModel() {
        String id = server.engine().store().create("Named", null).id().toString();

        int code = run(
                "hello\n/model\n",
                "--url",
                server.url(),
                "--api-key",
                ScriptedServer.API_KEY,
                "--session",
                id,
                "--model",
                "other");

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("(model other)")
                .contains("Chat: Named  (0 messages")
                .contains("Hello there!")
                .contains("Models: scripted, other (now: other).");
        assertThat(server.engine().store().messages(onlySession().id())).hasSize(2);
    }

    @Test
    void ctrlCStopsTheAnswerNotTheProgram() throws Exception {
        AtomicReference<Runnable> ctrlC = new AtomicReference<>();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ChatCli.run(
                new String[] {"--url", server.url(), "--api-key", ScriptedServer.API_KEY},
                name -> null,
                in,
                print(out),
                print(err),
                ctrlC::set,
                WIDE));

        type(keyboard, "Tell me a long story\n");
        awaitOutput("long answer that goes on");
        ctrlC.get().run();
        awaitOutput("[stopped]\nyou> ");
        type(keyboard, "hello\n");
        awaitOutput("Hello there!");
        keyboard.close();

        assertThat(exit.get(10, TimeUnit.SECONDS)).as(err()).isZero();
        assertThat(out()).doesNotContain("the end.");
        List<Message> stored = server.engine().store().messages(onlySession().id());
        assertThat(stored.get(1).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(stored.get(1).content()).startsWith("This is a long answer").doesNotContain("the end.");
        assertThat(stored.get(3).content()).isEqualTo("Hello there!");
        assertThat(ctrlC.get())
                .as("the handler is removed when the client ends")
                .isNull();
    }

    @Test
    void aServerShutDownWhileAnsweringIsToldApartFromAStop() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ChatCli.run(
                new String[] {"--url", server.url(), "--api-key", ScriptedServer.API_KEY},
                name -> null,
                in,
                print(out),
                print(err),
                handler -> {},
                WIDE));
        type(keyboard, "Tell me a long story\n");
        awaitOutput("long answer that goes on");
        ScriptedServer stopping = server;
        server = ScriptedServer.start(java.nio.file.Files.createDirectories(dir.resolve("next")), 20); // for @AfterEach

        stopping.close();
        awaitOutput("[finished: error]");
        keyboard.close();

        assertThat(exit.get(10, TimeUnit.SECONDS)).as(err()).isZero();
        assertThat(out())
                .contains("[error] Tether was shut down while answering; start it again and retry the message")
                .doesNotContain("[stopped]");
    }

    @Test
    void ctrlCAtThePromptSaysHowToLeave() throws Exception {
        AtomicReference<Runnable> ctrlC = new AtomicReference<>();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ChatCli.run(
                new String[] {"--url", server.url(), "--api-key", ScriptedServer.API_KEY},
                name -> null,
                in,
                print(out),
                print(err),
                ctrlC::set,
                WIDE));
        awaitOutput("you> ");

        ctrlC.get().run();
        awaitOutput("(Ctrl-C stops an answer; /quit or Ctrl-D leaves)");
        type(keyboard, "/quit\n");

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aMissingApiKeyIsNamedAndTheEnvironmentSuppliesIt() {
        int without = run("", "--url", server.url());
        String withoutErr = err();
        int fromEnv = ChatCli.run(
                new String[] {"--url", server.url()},
                Map.of("TETHER_API_KEY", ScriptedServer.API_KEY)::get,
                input("/quit\n"),
                print(out),
                print(err),
                handler -> {},
                WIDE);

        assertThat(without).isEqualTo(1);
        assertThat(withoutErr).contains("needs an API key").contains("TETHER_API_KEY");
        assertThat(fromEnv).isZero();
    }

    @Test
    void aResumedChatNamesItsModelAndGoesOnWithIt() {
        run("hello\n/model other\nhi again\n/quit\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        assertThat(out())
                .containsPattern("Hello there!\n\\(5 tokens, ")
                .contains("Hello there!\n(model other, 5 tokens, ");
        out.reset();

        int code = run("1\nhello once more\n/model\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains(" 1) hello  (4 messages, ")
                .contains(", model other)\n")
                .contains("Chat: hello  (4 messages, ")
                .containsPattern("you> hello\n\\[model scripted]\nThought for \\d+ s\nHello there!\n")
                .containsPattern("you> hi again\n\\[model other]\nThought for \\d+ s\nHello there!\n")
                .contains("Models: scripted, other (now: other).");
        // the chat's own model answered, and the answer did not say so again: it is the one the chat showed
        assertThat(out()).doesNotContain("(model other, 5 tokens");
        assertThat(server.engine()
                        .store()
                        .messages(onlySession().id())
                        .getLast()
                        .model())
                .isEqualTo("other");
    }

    @Test
    void aReopenedChatShowsItsFailedAnswerWithTheError() {
        run("Something unscripted\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);
        out.reset();

        int code = run("1\n", "--url", server.url(), "--api-key", ScriptedServer.API_KEY);

        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("you> Something unscripted\n[model scripted]\n"
                        + "[error] the script has no rule for this user message\n");
    }

    @Test
    void problemsAreOneClearLine() {
        assertThat(run("", "--url", server.url(), "--api-key", ScriptedServer.API_KEY, "--session", "nope"))
                .isEqualTo(1);
        assertThat(err()).contains("the server answered 4");
        err.reset();
        assertThat(run("", "--url", server.url(), "--api-key", ScriptedServer.API_KEY, "--model", "gpt-9"))
                .isEqualTo(1);
        assertThat(err()).contains("no model gpt-9").contains("scripted");
        err.reset();
        assertThat(run("", "--url", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err()).contains("Tether isn't reachable at http://127.0.0.1:1/ — is ./tether running?");
        err.reset();
        assertThat(run("", "--colour")).isEqualTo(2);
        assertThat(err()).contains("unknown option --colour").contains("Usage: tether chat");
        err.reset();
        assertThat(run("", "--url", "ftp://x")).isEqualTo(2);
        assertThat(err()).contains("--url must be an http(s) URL");
    }

    private int run(String input, String... args) {
        return run(WIDE, input, args);
    }

    private int run(Terminal terminal, String input, String... args) {
        return ChatCli.run(args, name -> null, input(input), print(out), print(err), handler -> {}, terminal);
    }

    private Session onlySession() {
        List<Session> sessions = server.engine().store().list(10, 0);
        assertThat(sessions).hasSize(1);
        return sessions.getFirst();
    }

    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!out().contains(text)) {
            assertThat(System.nanoTime())
                    .as("waiting for %s in:%n%s", text, out())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void type(PipedOutputStream keyboard, String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** The output as read on the screen: without the ANSI codes that dim the reasoning. */
    private String out() {
        return rawOut().replaceAll("\u001b\\[\\d+m", "");
    }

    private String rawOut() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
