package dev.tether.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each template limit is the configured one: a template within the defaults breaks a tighter configured limit. */
class JinjaLimitsConfiguredTest {

    private static final JinjaLimits D = JinjaLimits.DEFAULTS;

    private static String render(String source, JinjaLimits limits) {
        return JinjaRenderer.render(source, Map.of(), limits);
    }

    @Test
    void theStepLimitIsTheConfiguredOne() {
        String loop = "{% for i in range(1000) %}{% endfor %}ok";
        JinjaLimits tight =
                new JinjaLimits(100, D.maxValueChars(), D.maxOutputChars(), D.maxNesting(), D.maxCallDepth());

        assertThat(render(loop, D)).isEqualTo("ok");
        assertThatThrownBy(() -> render(loop, tight))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("100 steps");
    }

    @Test
    void theValueLimitIsTheConfiguredOneInEveryBuilder() {
        JinjaLimits tight = new JinjaLimits(D.maxSteps(), 1000, D.maxOutputChars(), D.maxNesting(), D.maxCallDepth());
        for (String template : new String[] {
            "{{ 'a' * 2000 }}",
            "{{ 'a'|center(2000) }}",
            "{{ ('a' * 900).replace('a', 'bb') }}",
            "{{ '1'.zfill(2000) }}",
            "{{ ['x' * 600, 'y' * 600]|join }}",
            "{{ ('x' * 600) ~ ('y' * 600) }}",
            "{{ ['x' * 600, 'y' * 600]|tojson }}",
        }) {
            assertThat(render(template, D)).hasSizeGreaterThan(1000);
            assertThatThrownBy(() -> render(template, tight))
                    .as(template)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("1000 characters or items");
        }
    }

    @Test
    void theOutputLimitIsTheConfiguredOne() {
        String template = "{% for i in range(100) %}{{ 'abcdefghij' }}{% endfor %}";
        JinjaLimits tight = new JinjaLimits(D.maxSteps(), D.maxValueChars(), 500, D.maxNesting(), D.maxCallDepth());

        assertThat(render(template, D)).hasSize(1000);
        assertThatThrownBy(() -> render(template, tight))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("500 characters");
    }

    @Test
    void theNestingAndCallDepthLimitsAreTheConfiguredOnes() {
        String nested = "{{ " + "(".repeat(20) + "1" + ")".repeat(20) + " }}";
        String blocks = "{% if true %}".repeat(20) + "x" + "{% endif %}".repeat(20);
        String recursion =
                "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ f(30) }}";
        JinjaLimits tight = new JinjaLimits(D.maxSteps(), D.maxValueChars(), D.maxOutputChars(), 10, 10);

        assertThat(render(nested, D)).isEqualTo("1");
        assertThat(render(blocks, D)).isEqualTo("x");
        assertThat(render(recursion, D)).isEqualTo("done");
        assertThatThrownBy(() -> render(nested, tight)).hasMessageContaining("10 levels");
        assertThatThrownBy(() -> render(blocks, tight)).hasMessageContaining("10 levels");
        assertThatThrownBy(() -> render(recursion, tight)).isInstanceOf(TemplateException.class);
    }

    @Test
    void aChatTemplateUsesTheLimitsItWasMadeWith() {
        String source = "{% for i in range(1000) %}{% endfor %}{% for m in messages %}[{{ m.content }}]{% endfor %}";
        JinjaLimits tight =
                new JinjaLimits(100, D.maxValueChars(), D.maxOutputChars(), D.maxNesting(), D.maxCallDepth());
        var messages = Conversations.SIMPLE;
        String builtIn =
                ChatTemplate.builtIn(ModelFamily.detect(source), "", "").render(messages, java.util.List.of(), false);

        assertThat(ChatTemplate.fromGguf(source, "", "", D).render(messages, java.util.List.of(), false))
                .isNotEqualTo(builtIn)
                .startsWith("[");
        assertThat(ChatTemplate.fromGguf(source, "", "", tight).render(messages, java.util.List.of(), false))
                .isEqualTo(builtIn);
    }
}
