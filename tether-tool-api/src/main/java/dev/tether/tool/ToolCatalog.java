package dev.tether.tool;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The toolsets found on the class path through {@link ServiceLoader}, and the names of their tools. */
final class ToolCatalog {

    private final List<Toolset> toolsets;

    private ToolCatalog(List<Toolset> toolsets) {
        this.toolsets = List.copyOf(toolsets);
    }

    static ToolCatalog builtIn() {
        return new ToolCatalog(ServiceLoader.load(Toolset.class, ToolCatalog.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    List<Toolset> toolsets() {
        return toolsets;
    }

    Optional<Toolset> toolset(String name) {
        return toolsets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The toolset holding the tool named {@code toolName}, and its class. */
    Optional<Member> memberNamed(String toolName) {
        for (Toolset set : toolsets) {
            for (Class<?> type : set.toolClasses()) {
                if (toolName(type).equals(toolName)) {
                    return Optional.of(new Member(set, type));
                }
            }
        }
        return Optional.empty();
    }

    /** The toolset holding the tool class {@code type}. */
    Optional<Member> memberOfType(Class<?> type) {
        return toolsets.stream()
                .filter(set -> set.toolClasses().contains(type))
                .findFirst()
                .map(set -> new Member(set, type));
    }

    /** The toolset class named {@code impl}, made with its no-argument constructor; empty if it is not one. */
    static Optional<Toolset> userToolset(String impl) {
        if (!impl.contains(".")) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(impl);
            if (!Toolset.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            return Optional.of((Toolset) type.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    static String toolName(Class<?> type) {
        ToolInfo info = type.getAnnotation(ToolInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(type.getName() + " has no @ToolInfo annotation");
        }
        return info.name();
    }

    /** A tool class of a toolset. */
    record Member(Toolset toolset, Class<?> type) {}
}
