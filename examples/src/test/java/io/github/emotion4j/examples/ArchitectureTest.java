package io.github.emotion4j.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the examples on the public API (no engine, JavaCV, DJL or core internals), and checks
 * the shape of the published library jars from their compiled classes: no {@code main} method
 * anywhere in them (programs live in emotion4j-model-programs, the CLI and here).
 */
@AnalyzeClasses(packages = "io.github.emotion4j.examples", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The packages of every published library artifact. */
    static final String[] LIBRARY_PACKAGES = {"io.github.emotion4j.core", "io.github.emotion4j.engine",
        "io.github.emotion4j.audio", "io.github.emotion4j.vision", "io.github.emotion4j.text",
        "io.github.emotion4j.fusion", "io.github.emotion4j.writers", "io.github.emotion4j.training",
        "io.github.emotion4j.live"};

    @ArchTest
    static final ArchRule noEngines = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..", "ai.djl..");

    @ArchTest
    static final ArchRule noCoreInternals = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.github.emotion4j.core.internal..");

    @Test
    void noLibraryJarHasAMainMethod() {
        JavaClasses library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(LIBRARY_PACKAGES);
        for (String p : LIBRARY_PACKAGES) {
            org.junit.jupiter.api.Assertions.assertTrue(library.stream().anyMatch(c -> c.getPackageName().startsWith(p)),
                    "classes of " + p + " are on the classpath");
        }
        noMethods().that().areStatic().and().arePublic().should().haveName("main")
                .because("a jar a user depends on has no main: programs live in emotion4j-model-programs and emotion4j-cli")
                .check(library);
    }
}
