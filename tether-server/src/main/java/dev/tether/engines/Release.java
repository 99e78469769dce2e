package dev.tether.engines;

import java.util.List;
import java.util.Optional;

/** One llama.cpp release as GitHub's API lists it: its tag ({@code b7000}) and its files. */
public record Release(String tag, List<Asset> assets) {

    public Release {
        assets = List.copyOf(assets);
    }

    /**
     * One file of a release. {@code sha256} comes from the API's {@code digest} ({@code sha256:<hex>}); empty when
     * the asset has none (uploaded before GitHub computed them) or names another algorithm.
     */
    public record Asset(String name, long size, String url, Optional<String> sha256) {}
}
