package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.SIMPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chat template comes from a model file, that is from anyone: every resource one render takes is bounded (work,
 * the size of each string and collection built, nesting), each with a clear {@link TemplateException} (then the
 * built-in format), never an out-of-memory error, a stack overflow or minutes of CPU.
 */
class JinjaLimitsTest {

    private static final String CHATML_HEAD = "{% for message in messages %}<|im_start|>{{ message.role }}\n"
            + "{{ message.content }}<|im_end|>\n{% endfor %}";

    private static String render(String source) {
        return JinjaRenderer.render(source, Map.of());
    }

    @Test
    void buildingAListInEveryIterationCountsEachItemAsWork() {
        // before: the loop's 99,999 steps were counted, the 99,999-item lists built in each one were not (79 s)
        assertThatThrownBy(() -> render("{% for i in range(99999) %}{% set x = range(99999)|list %}{% endfor %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("steps");
    }

    @Test
    void walkingABuiltCollectionInANestedLoopIsCounted() {
        assertThatThrownBy(() ->
                        render("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}" + "{% endfor %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("steps");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{ 'a'|center(2000000000) }}",
                "{{ ('a\\n' * 1000000)|indent(1000) }}",
                "{{ 'a'|indent(2000000000, true) }}",
                "{{ ('a' * 4000000).replace('a', 'bbbbbbbbbb') }}",
                "{{ ('a' * 4000000)|replace('a', 'bbbbbbbbbb') }}",
                "{% set l = ['x' * 3000000, 'x' * 3000000] %}{{ l|join }}",
                "{% set l = ['x' * 3000000, 'x' * 3000000] %}{{ ''.join(l) }}",
                "{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
                "{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
                "{{ 'ab' * 3000000000 }}",
                "{{ '1'.zfill(2000000000) }}",
                "{{ [1, [2]]|tojson(indent=2000000000) }}",
            })
    void everyStringOrCollectionBuiltIsCappedBeforeItIsBuilt(String template) {
        assertThatThrownBy(() -> render(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("over limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "-", "not "})
    void twentyThousandNestedOperandsAreARenderErrorNotAStackOverflow(String opener) {
        String closer = switch (opener) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "";
        };
        String template = "{{ " + opener.repeat(20_000) + "1" + closer.repeat(20_000) + " }}";

        assertThatThrownBy(() -> render(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("nests over limit");
    }

    @Test
    void twentyThousandNestedBlocksAreARenderErrorNotAStackOverflow() {
        String template = "{% if true %}".repeat(20_000) + "x" + "{% endif %}".repeat(20_000);

        assertThatThrownBy(() -> render(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("nest over limit");
    }

    @Test
    void aDeepButReasonableTemplateStillRenders() {
        String template = "{{ " + "(".repeat(50) + "1 + 1" + ")".repeat(50) + " }}"
                + "{% if true %}".repeat(50) + "x" + "{% endif %}".repeat(50)
                + "{{ 'ab'|center(10) }}|{{ 'a\nb'|indent(2) }}|{{ ['x', 'y']|join(',') }}|{{ 'aa'.replace('a', 'bb') }}";

        assertThat(render(template)).isEqualTo("2x    ab    |a\n  b|x,y|bbbb");
    }

    @Test
    void aHostileTemplateFallsBackToTheBuiltInFormat() {
        ChatTemplate hostile = ChatTemplate.fromGguf(
                "{% for i in range(99999) %}{% set x = range(99999)|list %}" + "{% endfor %}" + CHATML_HEAD,
                "",
                "<|im_end|>");
        ChatTemplate nested = ChatTemplate.fromGguf(
                "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}" + CHATML_HEAD, "", "<|im_end|>");
        String builtIn =
                ChatTemplate.builtIn(ModelFamily.CHATML, "", "<|im_end|>").render(SIMPLE, List.of(), true);

        assertThat(hostile.render(SIMPLE, List.of(), true)).isEqualTo(builtIn);
        assertThat(nested.render(SIMPLE, List.of(), true)).isEqualTo(builtIn);
    }
}
