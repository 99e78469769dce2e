package dev.tether.engine.remote;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.ModelInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The models a remote engine serves: the configured names, or its own listing reused for a while. When the
 * remote cannot be asked, the last listing stands (empty at first) and the failure is logged once.
 */
final class RemoteModelList {

    private static final Logger LOG = Logger.getLogger(RemoteModelList.class.getName());

    private final String provider;
    private final List<String> configured;
    private final Duration ttl;
    private final Supplier<List<ModelInfo>> listing;
    private List<ModelInfo> known = List.of();
    private long fetchedAt;
    private boolean failing;

    RemoteModelList(String provider, RemoteSettings settings, Supplier<List<ModelInfo>> listing) {
        this.provider = provider;
        this.configured = settings.models();
        this.ttl = settings.modelsTtl();
        this.listing = listing;
    }

    synchronized List<ModelInfo> models() {
        if (!configured.isEmpty()) {
            return configured.stream()
                    .map(name -> new ModelInfo(name, provider, false, Map.of()))
                    .toList();
        }
        long now = System.nanoTime();
        if (fetchedAt != 0 && now - fetchedAt < ttl.toNanos()) {
            return known;
        }
        try {
            known = listing.get();
            failing = false;
        } catch (EngineException e) {
            if (!failing) {
                LOG.warning("cannot list the models of " + provider + ": " + e.getMessage());
            }
            failing = true;
        }
        fetchedAt = now;
        return known;
    }
}
