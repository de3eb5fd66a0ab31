package io.github.emotion4j.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The job uses emotion4j's public API only, and no library jar knows about Spark or Scala. */
@AnalyzeClasses(packages = "io.github.emotion4j.spark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] LIBRARY_PACKAGES = {"io.github.emotion4j.core", "io.github.emotion4j.engine",
        "io.github.emotion4j.audio", "io.github.emotion4j.vision", "io.github.emotion4j.text",
        "io.github.emotion4j.fusion", "io.github.emotion4j.writers"};

    @ArchTest
    static final ArchRule publicApiOnly = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..", "ai.djl..", "io.github.emotion4j.core.internal..",
                    "io.github.emotion4j.core.spi..");

    @Test
    void noLibraryDependsOnSpark() {
        JavaClasses library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(LIBRARY_PACKAGES);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
                .because("Spark stays in the emotion4j-spark program module")
                .check(library);
    }
}
