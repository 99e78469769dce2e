package dev.tether.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the main classes of every module: a change that breaks it fails
 * the build. The server module sees all five modules, so the rules live here.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // under `mvn verify` the other modules are on the class path as jars, under `mvn test` as folders
        ImportOption mainCodeOnly = location -> !location.contains("/test-classes/")
                && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
        classes = new ClassFileImporter().withImportOption(mainCodeOnly).importPackages("dev.tether");
    }

    @Test
    void everyModuleIsImported() {
        // a rule over an empty set passes vacuously: make sure each module's classes were found
        for (String pkg : new String[] {
            "dev.tether.tool", "dev.tether.engine", "dev.tether.toolsets", "dev.tether.mcp", "dev.tether.server"
        }) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                throw new AssertionError("no main classes of " + pkg + " on the test class path");
            }
        }
    }

    @Test
    void theEngineKnowsNoWebServerNoServerAndNoMcp() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.tether.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.helidon.webserver..",
                        "io.helidon.http..",
                        "io.helidon.webclient..",
                        "dev.tether.server..",
                        "dev.tether.cli..",
                        "dev.tether.pull..",
                        "dev.tether.mcp..",
                        "io.modelcontextprotocol..",
                        "dev.tether.toolsets.."));
    }

    @Test
    void theToolsetsNeverImportTheEngineTheServerOrMcp() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.tether.toolsets..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tether.engine..",
                        "dev.tether.server..",
                        "dev.tether.cli..",
                        "dev.tether.pull..",
                        "dev.tether.mcp.."));
    }

    @Test
    void mcpNeverImportsTheEngineOrTheToolsets() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.tether.mcp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tether.engine..",
                        "dev.tether.toolsets..",
                        "dev.tether.server..",
                        "dev.tether.cli..",
                        "dev.tether.pull.."));
    }

    @Test
    void theServerReachesToolsetsOnlyThroughTheToolApi() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.tether.server..", "dev.tether.cli..", "dev.tether.pull..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tether.toolsets.."));
    }

    @Test
    void theToolApiDependsOnNoOtherModule() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.tether.tool..", "dev.tether.configfile..", "dev.tether.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tether.engine..",
                        "dev.tether.toolsets..",
                        "dev.tether.mcp..",
                        "dev.tether.server..",
                        "dev.tether.cli..",
                        "dev.tether.pull.."));
    }

    @Test
    void theModelPackageIsTheProviderContractOnly() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.tether.engine.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tether.engine.llamacpp..",
                        "dev.tether.engine.remote..",
                        "dev.tether.engine.template..",
                        "dev.tether.engine.parse.."));
    }

    @Test
    void theEnginePackagesHaveNoCycles() {
        check(slices().matching("dev.tether.engine.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
