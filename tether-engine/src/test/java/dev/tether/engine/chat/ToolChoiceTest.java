package dev.tether.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.error.EngineException;
import dev.tether.tool.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each {@code tool_choice} means, in the one place that says it. */
class ToolChoiceTest {

    private static final ToolSpec WEATHER = spec("weather");
    private static final ToolSpec TIME = spec("time");
    private static final List<ToolSpec> TOOLS = List.of(WEATHER, TIME);

    @Test
    void eachChoiceOffersItsTools() {
        assertThat(ToolChoice.AUTO.offered(TOOLS)).containsExactly(WEATHER, TIME);
        assertThat(ToolChoice.REQUIRED.offered(TOOLS)).containsExactly(WEATHER, TIME);
        assertThat(ToolChoice.NONE.offered(TOOLS)).isEmpty();
        assertThat(ToolChoice.named("time").offered(TOOLS)).containsExactly(TIME);
        assertThat(ToolChoice.named("gone").offered(TOOLS)).isEmpty();
    }

    @Test
    void aNameThatIsNotOfferedIsRefusedStrictly() {
        assertThat(ToolChoice.named("time").offeredStrictly(TOOLS)).containsExactly(TIME);
        assertThat(ToolChoice.NONE.offeredStrictly(TOOLS)).isEmpty();
        assertThatThrownBy(() -> ToolChoice.named("gone").offeredStrictly(TOOLS))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("unknown_tool"))
                .hasMessageContaining("gone");
    }

    @Test
    void requiredAndANameDemandACallForTheFirstModelCallOnly() {
        assertThat(ToolChoice.AUTO.requiresCall()).isFalse();
        assertThat(ToolChoice.NONE.requiresCall()).isFalse();
        assertThat(ToolChoice.REQUIRED.requiresCall()).isTrue();
        assertThat(ToolChoice.named("time").requiresCall()).isTrue();
        assertThat(ToolChoice.REQUIRED.forModelCall(1)).isEqualTo(ToolChoice.REQUIRED);
        assertThat(ToolChoice.named("time").forModelCall(2)).isEqualTo(ToolChoice.AUTO);
        assertThat(ToolChoice.REQUIRED.forModelCall(2).requiresCall()).isFalse();
    }

    private static ToolSpec spec(String name) {
        return new ToolSpec(name, name, new ObjectMapper().createObjectNode(), null);
    }
}
