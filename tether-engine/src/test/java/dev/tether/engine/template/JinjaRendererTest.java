package dev.tether.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Hugging Face helpers and Jinja2 behaviour templates rely on. */
class JinjaRendererTest {

    private static String render(String source, Map<String, Object> context) {
        return JinjaRenderer.render(source, context);
    }

    private static String render(String source) {
        return render(source, Map.of());
    }

    @Test
    void tojsonUsesPythonSpacingAndKeepsKeyOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", 1);
        value.put("a", List.of(true, "x\"y\n", 2.5));
        value.put("m", Map.of());
        value.put("u", "日本 😀");
        value.put("n", null);
        assertThat(render("{{ v | tojson }}", Map.of("v", value)))
                .isEqualTo("{\"z\": 1, \"a\": [true, \"x\\\"y\\n\", 2.5], \"m\": {}, \"u\": \"日本 😀\", \"n\": null}");
    }

    @Test
    void tojsonIndentsLikePython() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of(1, 2));
        value.put("b", Map.of());
        assertThat(render("{{ v | tojson(indent=2) }}", Map.of("v", value)))
                .isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    }

    @Test
    void namespaceTakesKeywordArgumentsAndCanBeAssignedInLoops() {
        assertThat(render("{% set ns = namespace(found=false, count=0) %}{% for x in [1, 2, 3] %}"
                        + "{% set ns.count = ns.count + x %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}"
                        + "{{ ns.found }} {{ ns.count }}"))
                .isEqualTo("True 6");
    }

    @Test
    void loopControlsWork() {
        assertThat(render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}"
                        + "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"))
                .isEqualTo("13");
    }

    @Test
    void loopsOverAMappingSeeItsKeysAndItemsSeePairs() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("city", "Paris");
        value.put("days", 2);
        assertThat(render(
                        "{% for k in d %}{{ k }};{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"
                                + "|{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}",
                        Map.of("d", value)))
                .isEqualTo("city;days;|city=Paris;days=2;|city=Paris;days=2;");
    }

    @Test
    void pythonStringMethodsWork() {
        assertThat(render(
                        "{{ s.startswith('<think>') }} {{ s.endswith('x') }} [{{ s.split('</think>')[-1].lstrip() }}]"
                                + " {{ '  a b '.split() | length }} {{ 'xxhixx'.strip('x') }} {{ 'Hi'.upper() }}{{ 'Hi'.lower() }}",
                        Map.of("s", "<think>t</think>\n answer")))
                .isEqualTo("True False [answer] 2 hi HIhi");
    }

    @Test
    void trimAndLstripBlocksFollowHuggingFace() {
        assertThat(render("{% for x in [1, 2] %}\n    {{ x }}\n{% endfor %}\nend"))
                .isEqualTo("    1\n    2\nend");
        assertThat(render("{%- for x in [1, 2] -%}\n  {{- x -}}\n{%- endfor %}!"))
                .isEqualTo("12!");
    }

    @Test
    void raiseExceptionFailsTheRenderWithItsMessage() {
        assertThatThrownBy(() -> render("before{{ raise_exception('roles must alternate') }}after"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("roles must alternate");
    }

    @Test
    void syntaxErrorsFailTheRender() {
        assertThatThrownBy(() -> render("{% for x in %}{{ x }}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> render("{{ undefined_function(1) }}")).isInstanceOf(TemplateException.class);
    }

    @Test
    void aRunawayTemplateFailsInsteadOfFillingMemory() {
        assertThatThrownBy(
                        () -> render("{% for i in range(50) %}{{ s }}{% endfor %}", Map.of("s", "x".repeat(100_000))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("over limit");
    }

    @Test
    void strftimeKnowsTheDirectivesTemplatesUse() {
        ZonedDateTime time = ZonedDateTime.of(2024, 7, 6, 15, 4, 5, 0, ZoneOffset.UTC);
        assertThat(JinjaFunctions.strftime(time, "%d %b %Y, %B %-d, %A %H:%M:%S %I %p %y-%m %j %%"))
                .isEqualTo("06 Jul 2024, July 6, Saturday 15:04:05 03 PM 24-07 188 %");
        assertThat(render("{{ strftime_now('%Y') }}"))
                .isEqualTo(String.valueOf(ZonedDateTime.now().getYear()));
    }

    @Test
    void valuesPrintAsPythonPrintsThem() {
        Map<String, Object> arguments =
                TemplateValues.object(Conversations.json("{\"city\":\"Paris\",\"n\":[1, 2.5, null, true]}"));
        assertThat(render(
                        "{{ a }}|{{ 'x' ~ a }}|{{ (1, 'it\\'s') }}|{{ 1e20 }} {{ 0.00001 }} {{ 3 / 2 }} {{ 7 // 2 }}",
                        Map.of("a", arguments)))
                .isEqualTo("{'city': 'Paris', 'n': [1, 2.5, None, True]}|x{'city': 'Paris', 'n': [1, 2.5, None, True]}"
                        + "|(1, \"it's\")|1e+20 1e-05 1.5 3");
    }
}
