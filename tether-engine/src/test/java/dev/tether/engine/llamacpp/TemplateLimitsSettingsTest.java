package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.template.JinjaLimits;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

/** {@code providers.model.args.template_max_*} reach the limits a model's chat template renders under. */
class TemplateLimitsSettingsTest {

    private static LlamaSettings settings(String args) {
        return LlamaSettings.from(Config.just(ConfigSources.create(args, MediaTypes.APPLICATION_X_YAML)));
    }

    @Test
    void theDefaultsApplyWhenNothingIsSet() {
        assertThat(settings("dist_root: dist\n").templateLimits()).isEqualTo(JinjaLimits.DEFAULTS);
    }

    @Test
    void eachKeySetsItsLimit() {
        JinjaLimits limits = settings("""
                template_max_steps: 1000
                template_max_chars: 2000
                template_max_output_chars: 3000
                template_max_nesting: 40
                template_max_call_depth: 50
                """).templateLimits();

        assertThat(limits).isEqualTo(new JinjaLimits(1000, 2000, 3000, 40, 50));
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> settings("template_max_steps: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("template_max_steps");
        assertThatThrownBy(() -> settings("template_max_nesting: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("template_max_nesting");
    }
}
