package dev.tether.cli;

import dev.tether.cli.TetherClient.ClientException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code tether chat}: a terminal client for a running Tether server. Pick or start a session, type, watch the
 * answer stream in with its tool calls; Ctrl-C stops the answer (the server stops generating), not the program.
 */
public final class ChatCli {

    private ChatCli() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, ConsoleCharset.get());
        int code = run(
                args, System::getenv, System.in, out, System.err, CtrlC::onInterrupt, Terminal.detect(System::getenv));
        out.flush();
        System.exit(code);
    }

    /**
     * Runs the client until the user leaves or input ends.
     *
     * @param interrupts receives what an interrupt (Ctrl-C) must do while the client runs, and {@code null} after
     * @param terminal   whether {@code out} is a terminal (everything there, answers wrapped to its width) or not
     *                   (only the answers there, the rest on {@code err})
     *
     * @return the exit status: 0 after {@code /quit} or end of input, 1 when the server cannot be used, 2 for a
     *         bad command line
     */
    static int run(
            String[] args,
            Function<String, String> env,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Consumer<Runnable> interrupts,
            Terminal terminal) {
        ChatCliArgs options;
        try {
            options = ChatCliArgs.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("tether chat: " + e.getMessage() + "\n" + ChatCliArgs.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(ChatCliArgs.USAGE);
            return 0;
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(in, ConsoleCharset.get()));
        ChatLoop loop =
                new ChatLoop(new TetherClient(options.url(), options.apiKey()), input, terminal.screen(out, err));
        interrupts.accept(loop::interrupt);
        try {
            loop.start(options.session(), options.model());
            loop.run();
            return 0;
        } catch (ClientException e) {
            err.println("tether chat: " + e.getMessage());
            return 1;
        } finally {
            interrupts.accept(null);
        }
    }
}
