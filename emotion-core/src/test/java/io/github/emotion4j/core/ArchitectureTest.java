package io.github.emotion4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps core's layering: no modality module, no JavaCV, and no engine (engines are plug-ins in their own artifacts). */
@AnalyzeClasses(packages = "io.github.emotion4j.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreImportsNoModalityModule = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.emotion4j.audio..", "io.github.emotion4j.vision..",
                    "io.github.emotion4j.text..", "io.github.emotion4j.fusion..", "io.github.emotion4j.examples..",
                    "io.github.emotion4j.engine..", "io.github.emotion4j.writers..", "io.github.emotion4j.training..");

    @ArchTest
    static final ArchRule coreHasNoJavaCv = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule coreHoldsNoEngine = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..");

    @ArchTest
    static final ArchRule jsonOnlyInPersonRegistries = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .and().resideOutsideOfPackage("io.github.emotion4j.core.personal..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..");
}
