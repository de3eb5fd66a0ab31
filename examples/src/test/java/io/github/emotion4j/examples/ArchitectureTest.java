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

    private static JavaClasses library() {
        // the library jars only: not test classes, and not test-jars such as emotion-core's (TestData)
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(LIBRARY_PACKAGES);
    }

    @Test
    void noLibraryClassNamesThisRepositorysDataFolder() throws Exception {
        java.util.List<String> offenders = new java.util.ArrayList<>();
        int read = 0;
        for (com.tngtech.archunit.core.domain.JavaClass c : library()) {
            java.util.Optional<com.tngtech.archunit.core.domain.Source> src = c.getSource();
            if (src.isEmpty()) {
                continue;
            }
            try (java.io.InputStream in = src.get().getUri().toURL().openStream()) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                read++;
                if (text.contains("shared/data") || text.contains("../shared")) {
                    offenders.add(c.getName());
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(read > 300, "library classes read: " + read);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), offenders,
                "library classes naming ../shared/data (users pass their own folders)");
    }

    @Test
    void noLibraryJarHasAMainMethod() {
        JavaClasses library = library();
        for (String p : LIBRARY_PACKAGES) {
            org.junit.jupiter.api.Assertions.assertTrue(library.stream().anyMatch(c -> c.getPackageName().startsWith(p)),
                    "classes of " + p + " are on the classpath");
        }
        noMethods().that().areStatic().and().arePublic().should().haveName("main")
                .because("a jar a user depends on has no main: programs live in emotion4j-model-programs and emotion4j-cli")
                .check(library);
    }
}
