package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolListTest {

    @Test
    void tethersToolsThenEachMcpServersToolsAndAServerThatCannotRun() throws Exception {
        var tools = new ObjectMapper().readTree("""
                [{"name":"get_current_time","available":true},
                 {"name":"files__read_text_file","available":true,"source":"mcp:files","state":"running"},
                 {"name":"web_search","available":false,"reason":"no key"},
                 {"name":"files__list_directory","available":true,"source":"mcp:files","state":"running"},
                 {"name":"gh__*","available":false,"source":"mcp:gh","state":"failed","reason":"not found on PATH"}]
                """);
        assertThat(ToolList.lines(tools))
                .containsExactly(
                        "Tether: get_current_time",
                        "mcp:files: files__read_text_file, files__list_directory",
                        "mcp:gh: unavailable — not found on PATH");
    }
}
