package dev.tether.tool;

import java.util.List;
import java.util.function.Function;

/**
 * A toolset whose tools are each made from one shared object {@code S}, opened once per args node and closed with
 * the registry when it is {@link AutoCloseable}.
 */
public abstract class SharedToolset<S> implements Toolset {

    /** One tool of the set: its class and how to make it from the shared object. */
    protected record Member<S>(Class<?> type, Function<S, ?> create) {}

    private final String name;
    private final Function<ToolContext, S> opener;
    private final List<Member<S>> members;

    protected SharedToolset(String name, Function<ToolContext, S> opener, List<Member<S>> members) {
        this.name = name;
        this.opener = opener;
        this.members = List.copyOf(members);
    }

    protected static <S> Member<S> member(Class<?> type, Function<S, ?> create) {
        return new Member<>(type, create);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Class<?>> toolClasses() {
        return members.stream().<Class<?>>map(Member::type).toList();
    }

    @Override
    public final Opened open(ToolContext context) {
        S shared = opener.apply(context);
        return new Opened() {
            @Override
            public Object create(Class<?> type) {
                return members.stream()
                        .filter(m -> m.type() == type)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is not in toolset " + name))
                        .create()
                        .apply(shared);
            }

            @Override
            public void close() {
                if (shared instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("closing toolset " + name + " failed", e);
                    }
                }
            }
        };
    }
}
