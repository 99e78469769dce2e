package dev.tether.cli;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Stands in for a tool that sends its arguments off the machine: it records what it was given. */
@ToolInfo(name = "send_note", openWorld = true, description = "Sends a note to the outside world.")
public final class SendNoteTool {

    /** Every text sent, across all instances of this JVM. */
    public static final Queue<String> SENT = new ConcurrentLinkedQueue<>();

    public String run(@Param(description = "The note") String text) {
        SENT.add(text);
        return "sent";
    }
}
