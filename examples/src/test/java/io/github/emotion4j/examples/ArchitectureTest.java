package io.github.emotion4j.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the examples on the public API: no engine or JavaCV types, no core internals; the report
 * writers know nothing of the command line.
 */
@AnalyzeClasses(packages = "io.github.emotion4j.examples", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noEngines = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..");

    @ArchTest
    static final ArchRule noDjlOutsideTraining = noClasses().that().resideOutsideOfPackage("..train..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..");

    @ArchTest
    static final ArchRule noCoreInternals = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.github.emotion4j.core.internal..");

    @ArchTest
    static final ArchRule reportsDoNotKnowTheCli = noClasses().that().resideInAPackage("..examples.report..")
            .should().dependOnClassesThat().resideInAnyPackage("..examples.cli..", "picocli..");
}
