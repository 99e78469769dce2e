package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.config.TetherConfig;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML registry entries from the README build the six mail tools; the flag enum and hints are generated. */
class MailConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void registryEntriesBuildTheToolsAndAMissingPasswordMakesThemUnavailable() throws Exception {
        Path maildir = Files.createDirectories(dir.resolve("Mail/cur"));
        Files.createDirectories(dir.resolve("Mail/new"));
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                tools:
                  registry:
                    - { name: mail_list, impl: dev.tether.toolsets.mail.MailListTool, args: &mail { maildir: "%s" } }
                    - { name: mail_search, impl: dev.tether.toolsets.mail.MailSearchTool, args: *mail }
                    - { name: mail_read, impl: dev.tether.toolsets.mail.MailReadTool, args: *mail }
                    - { name: mail_move, impl: dev.tether.toolsets.mail.MailMoveTool, args: *mail }
                    - { name: mail_flag, impl: dev.tether.toolsets.mail.MailFlagTool, args: *mail }
                    - { name: mail_draft_reply, impl: dev.tether.toolsets.mail.MailDraftReplyTool, args: *mail }
                    - name: mail_imap
                      impl: dev.tether.toolsets.mail.MailListTool
                      args: { imap: { host: imap.example.org, username_env: MAIL_USER, password_env: MAIL_PASSWORD } }
                  enabled: [mail_list, mail_search, mail_read, mail_move, mail_flag, mail_draft_reply, mail_imap]
                """.formatted(maildir.getParent()));

        try (ToolRegistry registry = ToolRegistry.fromConfig(
                TetherConfig.load(Optional.of(config), Map.of(), k -> null).tools(), k -> null)) {
            assertThat(registry.specs())
                    .extracting(ToolSpec::name)
                    .containsExactly(
                            "mail_list", "mail_search", "mail_read", "mail_move", "mail_flag", "mail_draft_reply");
            assertThat(registry.unavailable()).containsOnlyKeys("mail_imap");
            assertThat(registry.unavailable().get("mail_imap")).contains("MAIL_PASSWORD");
            assertThat(registry.spec("mail_flag").orElseThrow().inputSchema().at("/properties/flag/enum"))
                    .extracting(n -> n.asText())
                    .containsExactly("seen", "flagged", "answered");
            assertThat(registry.specs())
                    .allSatisfy(spec ->
                            assertThat(registry.readsPrivateData(spec.name())).isTrue());
            assertThat(registry.spec("mail_list").orElseThrow().hints().readOnly())
                    .isTrue();
            assertThat(registry.spec("mail_move").orElseThrow().hints().readOnly())
                    .isFalse();

            var outcome = registry.invoke("mail_list", JSON.createObjectNode().put("unread_only", true));
            assertThat(outcome.error()).isNull();
            assertThat(outcome.result().get("total").asInt()).isZero();
        }
    }
}
