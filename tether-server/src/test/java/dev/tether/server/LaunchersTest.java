package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Windows launchers keep the shell launchers' rules. PowerShell does not run here, so this reads the scripts:
 * both .cmd files take their JDK from {@code scripts\jdk.ps1}, which asks for the same minimum version as
 * {@code scripts/jdk.sh}, rebuilds on the same sources as {@code ./tether}, and warns about an emulated x64 JDK.
 * What the scripts do on Windows is reviewed by hand (the checklist is in docs/testing.md).
 */
class LaunchersTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void tetherCmdFindsTheJdkAndDecidesTheBuildThroughTheHelper() throws IOException {
        String cmd = read("tether.cmd");
        assertThat(cmd)
                .contains("\"%ROOT%scripts\\jdk.ps1\"")
                .contains("-Jar \"%JAR%\"")
                .contains("if not defined TETHER_JDK exit /b 1")
                .contains("if \"%TETHER_BUILD%\"==\"1\"")
                .contains("\"%JAVA_HOME%\\bin\\java.exe\" -XX:+ExitOnOutOfMemoryError -jar \"%JAR%\" %*")
                .doesNotContain("set \"JAVA=java\"");
    }

    @Test
    void runTestsCmdFindsTheJdkThroughTheHelper() throws IOException {
        assertThat(read("run-tests.cmd"))
                .contains("scripts\\jdk.ps1\"")
                .contains("if not defined TETHER_JDK exit /b 1")
                .contains("set \"PATH=%JAVA_HOME%\\bin;%PATH%\"");
    }

    @Test
    void theHelperAsksForTheSameJdkAsTheShellLauncher() throws IOException {
        int shell = number(read("scripts/jdk.sh"), "-lt (\\d+) \\]; then\\s*\\n\\s*echo \"Tether needs a JDK");
        int windows = number(read("scripts/jdk.ps1"), "\\$MinMajor = (\\d+)");
        assertThat(windows).isEqualTo(shell).isGreaterThanOrEqualTo(21);
        assertThat(read("scripts/jdk.ps1"))
                .contains("Tether needs a JDK $MinMajor or newer and found none.")
                .contains("winget install Microsoft.OpenJDK.21");
    }

    @Test
    void theHelperRebuildsOnTheSameSourcesAsTheShellLauncher() throws IOException {
        String shell = read("tether");
        assertThat(shell)
                .contains("\"$root/pom.xml\" \"$root\"/*/pom.xml \"$root\"/*/src/main -newer \"$jar\"")
                .contains("TETHER_REBUILD:-0}\" = 1");
        assertThat(read("scripts/jdk.ps1"))
                .contains("$sources = @(Get-Item -LiteralPath (Join-Path $Root 'pom.xml'))")
                .contains("Join-Path $module.FullName 'pom.xml'")
                .contains("Join-Path $module.FullName 'src\\main'")
                .contains("$_.LastWriteTimeUtc -gt $built")
                .contains("$env:TETHER_REBUILD -eq '1'");
    }

    @Test
    void theHelperWarnsAboutAnEmulatedX64JdkOnArm64AndSaysHowToGetANativeOne() throws IOException {
        assertThat(read("scripts/jdk.ps1"))
                .contains("if ($machine -eq 'arm64' -and $chosen.Arch -eq 'x64')")
                .contains("Windows emulates it")
                .contains("'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment'")
                .contains("Temurin 21 \"Windows aarch64\" JDK");
    }

    private static String read(String relative) throws IOException {
        Path file = ROOT.resolve(relative);
        assertThat(file).as("the launcher file " + relative).isRegularFile();
        return Files.readString(file);
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
