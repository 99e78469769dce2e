package dev.tether.toolsets.files;

import dev.tether.tool.SharedToolset;
import dev.tether.tool.ToolContext;
import java.util.List;

/** {@code files}: the five file tools on one set of allowed folders per args node. */
public final class FileToolset extends SharedToolset<ToolContext> {

    public FileToolset() {
        super(
                "files",
                context -> context,
                List.of(
                        member(ListFilesTool.class, ListFilesTool::new),
                        member(ReadFileTool.class, ReadFileTool::new),
                        member(SearchFilesTool.class, SearchFilesTool::new),
                        member(FileInfoTool.class, FileInfoTool::new),
                        member(WriteFileTool.class, WriteFileTool::new)));
    }
}
