package dev.tether.tool;

import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigKeys;
import dev.tether.tool.ToolCatalog.Member;
import dev.tether.tool.ToolsConfig.ToolEntry;
import dev.tether.tool.external.ExternalToolSource;
import dev.tether.tool.external.ExternalToolSources;
import io.helidon.config.Config;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Builds a registry from the configuration: finds the entry that offers each enabled tool (an entry named so, an
 * entry holding a toolset with such a tool, else the built-in toolset), opens each toolset once per distinct
 * args node so its tools share it, and creates the tools.
 */
final class ToolLoader {

    private static final Logger LOG = Logger.getLogger(ToolLoader.class.getName());

    /** Where an entry's tools come from. */
    private sealed interface Source {
        record WholeSet(Toolset toolset) implements Source {}

        record OneMember(Member member) implements Source {}

        record PlainClass(Class<?> type) implements Source {}
    }

    /** An enabled tool found in an entry; {@code toolName} null means the tool's own {@link ToolInfo} name. */
    private record Offer(ToolEntry entry, String toolName, Source source, Class<?> type) {}

    /** An opened toolset, or why it could not open. */
    private record OpenSet(Toolset.Opened opened, String unavailable) {}

    private final ToolsConfig config;
    private final Function<String, String> environment;
    private final LocalEmbeddings embeddings;
    private final ToolCatalog catalog = ToolCatalog.builtIn();
    private final Map<String, OpenSet> opened = new LinkedHashMap<>();
    private final List<AutoCloseable> created = new ArrayList<>();
    private final List<ExternalToolSource> externalSources = new ArrayList<>();

    ToolLoader(ToolsConfig config, Function<String, String> environment, LocalEmbeddings embeddings) {
        this.embeddings = embeddings;
        this.config = config;
        this.environment = environment;
    }

    ToolRegistry load() {
        ToolRegistry.Builder builder = ToolRegistry.builder().timeout(config.timeout());
        try {
            for (String name : config.enabled()) {
                Offer offer = find(name);
                try {
                    Object tool = create(offer);
                    if (tool instanceof AutoCloseable c) {
                        created.add(c);
                    }
                    builder.add(offer.toolName(), tool, offer.entry().key());
                } catch (ToolUnavailableException e) {
                    LOG.warning("Tool " + name + " is unavailable: " + e.getMessage());
                    builder.unavailable(name, e.getMessage(), offer.entry().name());
                }
            }
            listDisabled(builder);
            openExternalSources(builder);
            opened.values().stream()
                    .map(OpenSet::opened)
                    .filter(Objects::nonNull)
                    .forEach(builder::resource);
            return builder.build();
        } catch (RuntimeException e) {
            created.forEach(ToolRegistry::closeQuietly);
            externalSources.forEach(ToolRegistry::closeQuietly);
            opened.values().stream()
                    .map(OpenSet::opened)
                    .filter(Objects::nonNull)
                    .forEach(ToolRegistry::closeQuietly);
            throw e;
        }
    }

    /** The sources that modules on the class path (the MCP client) open from the configuration; eager ones start. */
    private void openExternalSources(ToolRegistry.Builder builder) {
        for (ExternalToolSources factory :
                ServiceLoader.load(ExternalToolSources.class, ToolLoader.class.getClassLoader())) {
            for (ExternalToolSource source : factory.open(config, environment)) {
                externalSources.add(source);
                builder.source(source);
            }
        }
        externalSources.forEach(
                s -> Thread.ofVirtual().name("start-" + s.name()).start(s::startEagerly));
    }

    private Offer find(String name) {
        Optional<ToolEntry> named =
                config.registry().stream().filter(e -> e.name().equals(name)).findFirst();
        if (named.isPresent()) {
            ToolEntry entry = named.get();
            Source source = resolve(entry);
            if (source instanceof Source.OneMember one) {
                return new Offer(entry, entry.name(), source, one.member().type());
            }
            if (source instanceof Source.PlainClass plain) {
                return new Offer(entry, entry.name(), source, plain.type());
            }
            Optional<Offer> inSet = offerIn(entry, ((Source.WholeSet) source).toolset(), name);
            if (inSet.isPresent()) {
                return inSet.get();
            }
        }
        for (ToolEntry entry : config.registry()) {
            Optional<Toolset> set = catalog.toolset(entry.impl()).or(() -> ToolCatalog.userToolset(entry.impl()));
            Optional<Offer> inSet = set.flatMap(s -> offerIn(entry, s, name));
            if (inSet.isPresent()) {
                return inSet.get();
            }
        }
        return catalog.memberNamed(name)
                .map(m -> new Offer(builtInEntry(m.toolset()), null, new Source.WholeSet(m.toolset()), m.type()))
                .orElseThrow(() -> new ConfigException(
                        "tools.enabled",
                        "tool '" + name + "' is not in tools.registry"
                                + nearestToolName(name)
                                        .map(n -> " (did you mean '" + n + "'?)")
                                        .orElse("")));
    }

    /** The registry entry or built-in tool whose name is closest to a misspelt one, if one is close enough. */
    private Optional<String> nearestToolName(String name) {
        List<String> known = new ArrayList<>();
        config.registry().forEach(e -> known.add(e.name()));
        catalog.toolsets().forEach(set -> set.toolClasses().forEach(t -> known.add(ToolCatalog.toolName(t))));
        int tolerance = Math.max(2, name.length() / 3);
        return known.stream()
                .filter(k -> ConfigKeys.distance(name, k) <= tolerance)
                .min(java.util.Comparator.comparingInt((String k) -> ConfigKeys.distance(name, k))
                        .thenComparing(k -> k));
    }

    /**
     * Lists the tools that could be offered but are not enabled: those of the registry entries (an entry's settings
     * win over the built-in toolset's), then every built-in. Nothing here stops start-up: an entry that is not
     * enabled is not checked.
     */
    private void listDisabled(ToolRegistry.Builder builder) {
        Set<String> enabled = Set.copyOf(config.enabled());
        List<DisabledTool> candidates = new ArrayList<>();
        for (ToolEntry entry : config.registry()) {
            Optional<Toolset> set = catalog.toolset(entry.impl()).or(() -> ToolCatalog.userToolset(entry.impl()));
            if (set.isPresent()) {
                set.get()
                        .toolClasses()
                        .forEach(t -> described(t, null, entry.name()).ifPresent(candidates::add));
            } else {
                Optional<Class<?>> type = catalog.memberNamed(entry.impl())
                        .<Class<?>>map(Member::type)
                        .or(() -> loadable(entry.impl()));
                candidates.add(type.flatMap(t -> described(t, entry.name(), entry.name()))
                        .orElse(new DisabledTool(entry.name(), "", entry.name())));
            }
        }
        for (Toolset set : catalog.toolsets()) {
            set.toolClasses().forEach(t -> described(t, null, set.name()).ifPresent(candidates::add));
        }
        candidates.stream().filter(t -> !enabled.contains(t.name())).forEach(builder::disabled);
    }

    /** A disabled tool of class {@code type}, under {@code name} (null: its own); empty if it is not a tool. */
    private static Optional<DisabledTool> described(Class<?> type, String name, String settings) {
        ToolInfo info = type.getAnnotation(ToolInfo.class);
        return Optional.ofNullable(info)
                .map(i -> new DisabledTool(name == null ? i.name() : name, i.description(), settings));
    }

    private static Optional<Class<?>> loadable(String impl) {
        if (!impl.contains(".")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(impl, false, ToolLoader.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<Offer> offerIn(ToolEntry entry, Toolset set, String name) {
        return set.toolClasses().stream()
                .filter(t -> ToolCatalog.toolName(t).equals(name))
                .findFirst()
                .map(t -> new Offer(entry, null, new Source.WholeSet(set), t));
    }

    private static ToolEntry builtInEntry(Toolset set) {
        return new ToolEntry("tools.registry[" + set.name() + "]", set.name(), set.name(), Config.empty());
    }

    private Source resolve(ToolEntry entry) {
        String impl = entry.impl();
        Optional<Toolset> set = catalog.toolset(impl);
        if (set.isPresent()) {
            return new Source.WholeSet(set.get());
        }
        Optional<Member> member = catalog.memberNamed(impl);
        if (member.isPresent()) {
            return new Source.OneMember(member.get());
        }
        if (!impl.contains(".")) {
            throw new ConfigException(
                    entry.key() + ".impl",
                    "unknown tool '" + impl + "'; built-in toolsets: "
                            + String.join(
                                    ", ",
                                    catalog.toolsets().stream()
                                            .map(Toolset::name)
                                            .toList())
                            + " (or a tool's name, or a class name)");
        }
        Class<?> type;
        try {
            type = Class.forName(impl);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(entry.key() + ".impl", "unknown tool class '" + impl + "'");
        }
        if (Toolset.class.isAssignableFrom(type)) {
            return new Source.WholeSet(ToolCatalog.userToolset(impl)
                    .orElseThrow(() -> new ConfigException(
                            entry.key() + ".impl", impl + " needs a public constructor without arguments")));
        }
        return catalog.memberOfType(type).<Source>map(Source.OneMember::new).orElse(new Source.PlainClass(type));
    }

    private Object create(Offer offer) {
        return switch (offer.source()) {
            case Source.PlainClass plain -> instantiate(offer.entry(), plain.type());
            case Source.OneMember one -> fromSet(offer.entry(), one.member().toolset(), offer.type());
            case Source.WholeSet whole -> fromSet(offer.entry(), whole.toolset(), offer.type());
        };
    }

    private Object fromSet(ToolEntry entry, Toolset toolset, Class<?> type) {
        String key = toolset.getClass().getName() + " " + flatten(entry.args());
        OpenSet set = opened.computeIfAbsent(key, k -> open(entry, toolset));
        if (set.unavailable() != null) {
            throw new ToolUnavailableException(set.unavailable());
        }
        return started(entry, () -> set.opened().create(type));
    }

    private OpenSet open(ToolEntry entry, Toolset toolset) {
        try {
            return new OpenSet(started(entry, () -> toolset.open(context(entry))), null);
        } catch (ToolUnavailableException e) {
            return new OpenSet(null, e.getMessage());
        }
    }

    /** Runs a tool's or toolset's start-up, turning an unexpected failure into a start-up error naming the entry. */
    private static <T> T started(ToolEntry entry, Supplier<T> start) {
        try {
            return start.get();
        } catch (ToolUnavailableException | ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(
                    entry.key() + ".args", "tool " + entry.name() + " failed to start: " + e.getMessage(), e);
        }
    }

    private ToolContext context(ToolEntry entry) {
        return new ToolContext(entry.name(), entry.args(), config.dataDir(), environment, embeddings);
    }

    /** The args' values by their key below the args node, so equal args of two entries compare equal. */
    private static Map<String, String> flatten(Config args) {
        Map<String, String> flat = new TreeMap<>();
        if (args.exists()) {
            String prefix = args.key().toString();
            args.asMap()
                    .orElse(Map.of())
                    .forEach((k, v) -> flat.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        }
        return flat;
    }

    private Object instantiate(ToolEntry entry, Class<?> type) {
        String key = entry.key() + ".impl";
        try {
            Optional<Constructor<?>> withContext = constructor(type, ToolContext.class);
            if (withContext.isPresent()) {
                return withContext.get().newInstance(context(entry));
            }
            Optional<Constructor<?>> plain = constructor(type);
            if (plain.isPresent()) {
                return plain.get().newInstance();
            }
            throw new ConfigException(key, entry.impl() + " needs a public constructor taking ToolContext, or none");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolUnavailableException || cause instanceof ConfigException) {
                throw (RuntimeException) cause;
            }
            throw new ConfigException(
                    entry.key() + ".args", "tool " + entry.name() + " failed to start: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, "cannot create " + entry.impl() + ": " + e.getMessage());
        }
    }

    private static Optional<Constructor<?>> constructor(Class<?> type, Class<?>... params) {
        try {
            return Optional.of(type.getConstructor(params));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
