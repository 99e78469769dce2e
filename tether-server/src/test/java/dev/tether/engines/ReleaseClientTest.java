package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseClientTest {

    @Test
    void readsAssetsWithTheirSha256Digests() throws Exception {
        Release release = ReleaseClient.parse(new ObjectMapper().readTree("""
                {"tag_name": "b7311", "assets": [
                  {"name": "llama-b7311-bin-win-opencl-adreno-arm64.zip", "size": 13000000,
                   "browser_download_url": "https://github.com/x", "digest": "sha256:ABCDEF"},
                  {"name": "old.zip", "size": 1, "browser_download_url": "https://github.com/y", "digest": null},
                  {"name": "other.zip", "size": 1, "browser_download_url": "https://github.com/z", "digest": "sha512:00"}
                ]}"""));

        assertThat(release.tag()).isEqualTo("b7311");
        assertThat(release.assets())
                .extracting(Release.Asset::sha256)
                .containsExactly(Optional.of("abcdef"), Optional.empty(), Optional.empty());
        assertThat(release.assets().getFirst().size()).isEqualTo(13_000_000);
        assertThatThrownBy(() -> ReleaseClient.parse(
                        new ObjectMapper().readTree("{\"tag_name\": \"../../evil\", \"assets\": []}")))
                .hasMessageContaining("b followed by digits");
    }

    @Test
    void fetchesOnlyHttpUrlsAndOnlyTagsThatLookLikeTags() {
        ReleaseClient client =
                new ReleaseClient(URI.create("http://127.0.0.1:1"), Optional.empty(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.download("file:///etc/passwd", 0))
                .hasMessageContaining("only http and https")
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo("github_error");
        assertThatThrownBy(() -> ReleaseClient.checkTag("../../x"))
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo("bad_version");
        assertThat(ReleaseClient.checkTag(" b7311 ")).isEqualTo("b7311");
    }
}
