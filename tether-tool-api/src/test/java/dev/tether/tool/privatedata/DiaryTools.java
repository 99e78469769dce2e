package dev.tether.tool.privatedata;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;

/** Tools of a {@code @ToolPackage(privateData = true)} package that do not say so themselves. */
public final class DiaryTools {

    private DiaryTools() {}

    @ToolInfo(name = "diary", description = "Reads the diary.")
    public static final class Diary {
        public String run(@Param(description = "Day") String day) {
            return "dear diary, " + day;
        }
    }

    @ToolInfo(name = "diary_share", description = "Posts a diary page.", openWorld = true)
    public static final class DiaryShare {
        public String run(@Param(description = "Day") String day) {
            return "posted " + day;
        }
    }
}
