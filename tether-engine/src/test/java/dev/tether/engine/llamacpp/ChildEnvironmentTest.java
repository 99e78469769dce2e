package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void secretsAndOverridesAreDroppedWhatLlamaServerNeedsIsKept() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "HF_TOKEN",
                "hf_secret",
                "OPENAI_API_KEY",
                "sk-x",
                "LLAMA_ARG_CTX_SIZE",
                "99",
                "AWS_SECRET_ACCESS_KEY",
                "x",
                "TETHER_API_KEY",
                "t",
                "PATH",
                "/usr/bin",
                "CUDA_VISIBLE_DEVICES",
                "1",
                "LD_LIBRARY_PATH",
                "/opt/lib",
                "SystemRoot",
                "C:\\Windows",
                "GGML_VK_VISIBLE_DEVICES",
                "0"));
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("VK_ICD_FILENAMES", "/etc/vk.json");

        ChildEnvironment.keepOnlyWhatItNeeds(environment);

        assertThat(environment)
                .containsOnlyKeys(
                        "PATH",
                        "CUDA_VISIBLE_DEVICES",
                        "LD_LIBRARY_PATH",
                        "SystemRoot",
                        "GGML_VK_VISIBLE_DEVICES",
                        "LC_ALL",
                        "VK_ICD_FILENAMES");
    }
}
