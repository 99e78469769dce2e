package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolNamesTest {

    @Test
    void aShortNameIsServerTwoUnderscoresTool() {
        assertThat(ToolNames.of("files", "read_file")).isEqualTo("files__read_file");
        assertThat(ToolNames.of("ev", "get-sum")).isEqualTo("ev__get-sum");
    }

    @Test
    void charactersModelsRefuseBecomeUnderscores() {
        assertThat(ToolNames.of("gh", "repos.list/all tags")).isEqualTo("gh__repos_list_all_tags");
    }

    @Test
    void aLongNameIsCutToSixtyFourWithAStableHashThatKeepsTwoLongNamesApart() {
        String a = ToolNames.of("server", "a".repeat(80) + "_one");
        String b = ToolNames.of("server", "a".repeat(80) + "_two");
        assertThat(a).hasSize(ToolNames.MAX_LENGTH).startsWith("server__aaaa").matches("[A-Za-z0-9_-]+");
        assertThat(b).hasSize(ToolNames.MAX_LENGTH).isNotEqualTo(a);
        assertThat(ToolNames.of("server", "a".repeat(80) + "_one")).isEqualTo(a);
    }
}
