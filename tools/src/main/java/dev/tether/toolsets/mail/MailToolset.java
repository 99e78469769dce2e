package dev.tether.toolsets.mail;

import dev.tether.tool.SharedToolset;
import java.util.List;

/** {@code mail}: the six mail tools on one account (one {@link MailService}) per args node. */
public final class MailToolset extends SharedToolset<MailService> {

    public MailToolset() {
        super(
                "mail",
                MailService::new,
                List.of(
                        member(MailListTool.class, MailListTool::new),
                        member(MailSearchTool.class, MailSearchTool::new),
                        member(MailReadTool.class, MailReadTool::new),
                        member(MailMoveTool.class, MailMoveTool::new),
                        member(MailFlagTool.class, MailFlagTool::new),
                        member(MailDraftReplyTool.class, MailDraftReplyTool::new)));
    }
}
