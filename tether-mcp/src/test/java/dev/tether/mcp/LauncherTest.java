package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void anOldJavaIsToldWhatToDo() {
        assertThat(Launcher.problem("17", "/usr/lib/jvm/java-17"))
                .isEqualTo("tether-mcp needs Java 21 or newer, "
                        + "but was started with Java 17 (/usr/lib/jvm/java-17). Put the full path of a JDK 21+ java in the "
                        + "MCP client's \"command\"; `./tether mcp config` prints a ready block.");
        assertThat(Launcher.problem("1.8", "/opt/jre8")).contains("started with Java 1.8");
        assertThat(Launcher.problem("21", "/x")).isNull();
        assertThat(Launcher.problem("25", "/x")).isNull();
    }

    @Test
    void theLauncherClassLoadsOnJava8() throws Exception {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).as("class file major version").isEqualTo(52);
        }
    }
}
