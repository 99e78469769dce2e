package dev.tether.toolsets.mail;

import dev.tether.tool.ToolContext;

/** Each mail tool on its own account, as the tests (and benchmarks) build them without a registry. */
public final class MailTestTools {

    private MailTestTools() {}

    public static MailListTool list(ToolContext context) {
        return new MailListTool(new MailService(context));
    }

    public static MailSearchTool search(ToolContext context) {
        return new MailSearchTool(new MailService(context));
    }

    public static MailReadTool read(ToolContext context) {
        return new MailReadTool(new MailService(context));
    }

    public static MailMoveTool move(ToolContext context) {
        return new MailMoveTool(new MailService(context));
    }

    public static MailFlagTool flag(ToolContext context) {
        return new MailFlagTool(new MailService(context));
    }

    public static MailDraftReplyTool draftReply(ToolContext context) {
        return new MailDraftReplyTool(new MailService(context));
    }
}
